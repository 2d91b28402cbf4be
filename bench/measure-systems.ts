import type { ChildRequest } from "./child-protocol.js";
import type { CompiledBench } from "./compile.js";
import type { BenchOptions } from "./options.js";
import { runChild, type ChildOutcome } from "./spawn-child.js";
import { median, sentencesPerSecond, summarizeLatencies, type LatencySummary } from "./stats.js";
import type { SystemLocations, SystemName } from "./systems/types.js";

export interface SystemFigures {
  system: SystemName;
  /** Median over every fresh process of spawn-to-first-answer. */
  coldInitMs: number;
  coldInitSamplesMs: number[];
  /** Median of the part of cold init spent loading the system and answering (the rest is Node's own start). */
  initAndFirstAnswerMs: number;
  /** Median CPU time used by the first answer, Node's start included. */
  coldInitCpuMs: number;
  /** Median over full runs of each run's percentiles. */
  warm: LatencySummary;
  /** Every timed single-sentence latency of every full run, for the distribution chart. */
  warmSamplesMs: number[];
  /** Median over full runs of sentences per second in batches. */
  batchSentencesPerSecond: number;
  batchP50Ms: number;
  /** Median over full runs of the CPU time one warm single-sentence call costs (all threads). */
  cpuMsPerCall: number;
  /** Median over full runs of the process's peak RSS; max alongside. */
  peakRssBytes: number;
  peakRssMaxBytes: number;
  labels: string[];
  logBytesPerCall: number;
}

function request(
  system: SystemName,
  mode: ChildRequest["mode"],
  options: BenchOptions,
  locations: SystemLocations,
): ChildRequest {
  return {
    system,
    locations,
    mode,
    warmupCalls: options.warmupCalls,
    timedCalls: options.timedCalls,
    warmupBatches: options.warmupBatches,
    timedBatches: options.timedBatches,
  };
}

export function figuresFromRuns(
  system: SystemName,
  cold: ChildOutcome[],
  full: ChildOutcome[],
): SystemFigures {
  const summaries = full.map((run) => summarizeLatencies(run.result.singleLatenciesMs));
  const throughput = full.map((run) => sentencesPerSecond(run.result));
  const coldInitSamplesMs = [...cold, ...full].map((run) => run.coldInitMs);
  const rss = full.map((run) => run.result.maxRssBytes);
  const firstFull = full[0];
  if (firstFull === undefined) throw new Error(`${system}: no full run`);
  const calls = full.reduce(
    (n, run) => n + run.result.singleLatenciesMs.length + run.result.batchLatenciesMs.length,
    0,
  );
  return {
    system,
    coldInitMs: median(coldInitSamplesMs),
    coldInitSamplesMs,
    initAndFirstAnswerMs: median([...cold, ...full].map((run) => run.firstAnswer.initAndFirstAnswerMs)),
    coldInitCpuMs: median([...cold, ...full].map((run) => run.firstAnswer.cpuMsAtFirstAnswer)),
    warm: {
      p50: median(summaries.map((s) => s.p50)),
      p90: median(summaries.map((s) => s.p90)),
      p99: median(summaries.map((s) => s.p99)),
      mean: median(summaries.map((s) => s.mean)),
      count: summaries.reduce((n, s) => n + s.count, 0),
    },
    warmSamplesMs: full.flatMap((run) => run.result.singleLatenciesMs),
    batchSentencesPerSecond: median(throughput),
    batchP50Ms: median(full.map((run) => summarizeLatencies(run.result.batchLatenciesMs).p50)),
    cpuMsPerCall: median(full.map((run) => run.result.singleCpuMsPerCall)),
    peakRssBytes: median(rss),
    peakRssMaxBytes: Math.max(...rss),
    labels: firstFull.result.labels,
    logBytesPerCall: full.reduce((n, run) => n + run.stdoutBytes, 0) / Math.max(1, calls),
  };
}

/**
 * Every measurement is a fresh child process. Systems are interleaved (floor, ours, peer, original, floor, ...)
 * so that slow drifts in machine load spread over all of them instead of penalising whichever ran last.
 */
export async function measureSystems(
  options: BenchOptions,
  compiled: CompiledBench,
  locations: SystemLocations,
  log: (line: string) => void,
): Promise<SystemFigures[]> {
  const timeoutMs = 30 * 60_000;
  const cold = new Map<SystemName, ChildOutcome[]>(options.systems.map((s) => [s, []]));
  const full = new Map<SystemName, ChildOutcome[]>(options.systems.map((s) => [s, []]));
  const spawnOne = (system: SystemName, mode: "cold" | "full"): Promise<ChildOutcome> =>
    runChild({
      childScript: compiled.childScript,
      request: request(system, mode, options, locations),
      timeoutMs,
    });

  // One discarded process per system first: it pulls model, libraries and node itself into the page cache, as
  // a Lambda worker that already holds the image would have them. Cold init here means a cold process.
  for (const system of options.systems) {
    await spawnOne(system, "cold");
  }
  for (let run = 0; run < options.coldRuns; run++) {
    for (const system of options.systems) {
      const outcome = await spawnOne(system, "cold");
      cold.get(system)?.push(outcome);
      log(
        `cold   ${system.padEnd(8)} run ${run + 1}/${options.coldRuns}: ${outcome.coldInitMs.toFixed(0)} ms ` +
          `(CPU ${outcome.firstAnswer.cpuMsAtFirstAnswer.toFixed(0)} ms)`,
      );
    }
  }
  for (let run = 0; run < options.runs; run++) {
    for (const system of options.systems) {
      const outcome = await spawnOne(system, "full");
      full.get(system)?.push(outcome);
      const s = summarizeLatencies(outcome.result.singleLatenciesMs);
      log(
        `full   ${system.padEnd(8)} run ${run + 1}/${options.runs}: cold ${outcome.coldInitMs.toFixed(0)} ms, ` +
          `p50 ${s.p50.toFixed(3)} ms, p99 ${s.p99.toFixed(3)} ms, RSS ${(outcome.result.maxRssBytes / 2 ** 20).toFixed(0)} MiB`,
      );
    }
  }
  return options.systems.map((system) =>
    figuresFromRuns(system, cold.get(system) ?? [], full.get(system) ?? []),
  );
}
