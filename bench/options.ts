import path from "node:path";
import { parseArgs } from "node:util";
import { modelDir } from "./paths.js";
import { systemNames, type SystemName } from "./systems/types.js";

export interface BenchOptions {
  quick: boolean;
  /** Full-measurement processes per system (each: cold init, warm latency, batches, peak RSS). */
  runs: number;
  /** Extra processes per system that only measure cold init (start to first answer). */
  coldRuns: number;
  warmupCalls: number;
  timedCalls: number;
  warmupBatches: number;
  timedBatches: number;
  systems: SystemName[];
  sizing: boolean;
  sizingMemoryMb: number[];
  /** The system measured at each memory size: ours, unless --sizing-system names another (for comparison). */
  sizingSystem: SystemName;
  sizingTimedCalls: number;
  sizingColdRuns: number;
  /** The model folder to load (models/ unless --model-dir: the same bench for your own exported model). */
  modelDir: string;
  /** Write docs/benchmarks.md and the charts (off for quick runs unless asked: quick figures are not quotable). */
  writeDocs: boolean;
}

const usage = `usage: npm run bench -- [--quick] [--runs N] [--cold-runs N] [--calls N] [--systems floor,ours,peer,original]
                       [--no-sizing] [--sizing-system NAME] [--write-docs] [--model-dir DIR]
       npm run bench -- --render
  --quick       development mode: 1,000 calls, 2 runs, no docs unless --write-docs
  --render      write docs/benchmarks.md and the chart again from the last run's build/bench-results.json`;

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      runs: { type: "string" },
      "cold-runs": { type: "string" },
      calls: { type: "string" },
      systems: { type: "string" },
      "no-sizing": { type: "boolean", default: false },
      "write-docs": { type: "boolean", default: false },
      "model-dir": { type: "string" },
      "sizing-system": { type: "string", default: "ours" },
      render: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const positive = (raw: string | undefined, fallback: number, name: string): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${raw}`);
    return n;
  };
  const systems = (values.systems ?? systemNames.join(",")).split(",").map((s) => s.trim());
  for (const s of systems) {
    if (!(systemNames as readonly string[]).includes(s))
      throw new Error(`--systems: unknown system ${s}; known: ${systemNames.join(", ")}`);
  }
  const quick = values.quick;
  const sizingSystem = values["sizing-system"];
  if (!(systemNames as readonly string[]).includes(sizingSystem))
    throw new Error(`--sizing-system: unknown system ${sizingSystem}`);
  return {
    quick,
    runs: positive(values.runs, quick ? 2 : 5, "runs"),
    coldRuns: positive(values["cold-runs"], quick ? 2 : 5, "cold-runs"),
    // Enough for V8 to have optimised each system's JavaScript (the handler's path, Powertools included, settles
    // after roughly a thousand calls): "warm" is an instance that has served some traffic, not its second request.
    warmupCalls: quick ? 200 : 2_000,
    timedCalls: positive(values.calls, quick ? 1_000 : 10_000, "calls"),
    warmupBatches: quick ? 3 : 10,
    timedBatches: quick ? 10 : 100,
    systems: systems as SystemName[],
    sizing: !values["no-sizing"],
    sizingMemoryMb: [512, 1024, 1769, 3008],
    sizingSystem: sizingSystem as SystemName,
    sizingTimedCalls: quick ? 500 : 3_000,
    sizingColdRuns: quick ? 1 : 3,
    modelDir: path.resolve(values["model-dir"] ?? modelDir),
    writeDocs: !quick || values["write-docs"],
  };
}
