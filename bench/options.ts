import path from "node:path";
import { parseArgs } from "node:util";
import { MEGABYTES_PER_VCPU } from "../function/src/model/threads.js";
import { modelDir } from "./paths.js";
import { systemNames, type SystemName } from "./systems/types.js";

export interface BenchOptions {
  quick: boolean;
  /** Lambda memory sizes measured under their CPU quota; the first is the default the targets are judged at. */
  memorySizesMb: number[];
  /** Also measure with no quota, on every core of this machine. */
  unconstrained: boolean;
  /** Fresh processes per system and setting that only measure cold init (the long-lived one adds one more). */
  coldRuns: number;
  warmupCalls: number;
  warmupBatches: number;
  /** Rounds of interleaved blocks: each system runs one block of single calls and one of batches per round. */
  rounds: number;
  blockCalls: number;
  blockBatches: number;
  /** Idle time after every block, longer than ORT's spinning threads keep spinning after a run. */
  pauseMs: number;
  systems: SystemName[];
  /** The model folder to load (models/ unless --model-dir: the same bench for your own exported model). */
  modelDir: string;
  /** Write docs/benchmarks.md and the chart (off for quick runs unless asked: quick figures are not quotable). */
  writeDocs: boolean;
}

/** The project's default memory size (one vCPU), then the smallest size the advice covers, then two vCPUs. */
const defaultMemorySizesMb = [MEGABYTES_PER_VCPU, 1024, 2 * MEGABYTES_PER_VCPU];

const usage = `usage: npm run bench -- [--quick] [--rounds N] [--calls N] [--systems floor,floor-tokenizer,ours,peer,peer-1thread,original]
                       [--memory 1769,1024,3538] [--no-unconstrained] [--write-docs] [--model-dir DIR]
       npm run bench -- --render
  --quick       development mode: fewer rounds and calls, no docs unless --write-docs
  --render      write docs/benchmarks.md and the chart again from the saved results of the last two runs`;

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      rounds: { type: "string" },
      calls: { type: "string" },
      "cold-runs": { type: "string" },
      systems: { type: "string" },
      memory: { type: "string" },
      "no-unconstrained": { type: "boolean", default: false },
      "write-docs": { type: "boolean", default: false },
      "model-dir": { type: "string" },
      render: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const positive = (raw: string, name: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${raw}`);
    return n;
  };
  const systems = (values.systems ?? systemNames.join(",")).split(",").map((s) => s.trim());
  for (const s of systems) {
    if (!(systemNames as readonly string[]).includes(s))
      throw new Error(`--systems: unknown system ${s}; known: ${systemNames.join(", ")}`);
  }
  const memorySizesMb =
    values.memory === undefined
      ? defaultMemorySizesMb
      : values.memory.split(",").map((m) => {
          const mb = positive(m.trim(), "memory");
          if (mb < 128 || mb > 10_240)
            throw new Error(`--memory: ${mb} MB is outside Lambda's 128 to 10,240`);
          return mb;
        });
  const quick = values.quick;
  return {
    quick,
    memorySizesMb,
    unconstrained: !values["no-unconstrained"],
    coldRuns:
      values["cold-runs"] === undefined ? (quick ? 1 : 5) : positive(values["cold-runs"], "cold-runs"),
    // Enough for V8 to have optimised each system's JavaScript: "warm" is an instance that has served some
    // traffic, not its second request.
    warmupCalls: quick ? 500 : 2_000,
    warmupBatches: quick ? 3 : 5,
    rounds: values.rounds === undefined ? (quick ? 3 : 10) : positive(values.rounds, "rounds"),
    blockCalls: values.calls === undefined ? (quick ? 300 : 1_000) : positive(values.calls, "calls"),
    blockBatches: quick ? 4 : 20,
    pauseMs: 100,
    systems: systems as SystemName[],
    modelDir: path.resolve(values["model-dir"] ?? modelDir),
    writeDocs: !quick || values["write-docs"],
  };
}
