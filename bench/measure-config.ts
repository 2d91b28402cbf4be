import type { BlockMessage } from "./child-protocol.js";
import type { CompiledBench } from "./compile.js";
import {
  createCpuQuota,
  readThrottling,
  vcpusForMemory,
  type CpuQuota,
  type Throttling,
} from "./cpu-quota.js";
import type { BenchOptions } from "./options.js";
import { startChild, type RunningChild } from "./spawn-child.js";
import { median, summarizeLatencies, type LatencySummary } from "./stats.js";
import { benchBatch } from "./sentences.js";
import type { SystemLocations, SystemName } from "./systems/types.js";

/** One measured setting: the CPU a Lambda memory size grants (a cgroup quota), or the machine unconstrained. */
export interface QuotaSetting {
  /** Lambda memory size modelled; undefined: no quota, every core of this machine. */
  memoryMb: number | undefined;
}

/** One system's figures in one round (one block of single calls and one of batches). */
export interface RoundFigures {
  p50Ms: number;
  cpuMsPerRequest: number;
  /** Back-to-back requests per wall-clock second over the block: what one busy instance serves under the quota. */
  saturationRps: number;
  batchSentencesPerSecond: number;
}

export interface SystemFigures {
  system: SystemName;
  /** Median over fresh processes of spawn-to-first-answer, under the setting's quota. */
  coldInitMs: number;
  coldInitSamplesMs: number[];
  /** Median CPU time used by the first answer, Node's start included. */
  coldInitCpuMs: number;
  /** Every timed single call of every round, pooled. */
  single: LatencySummary;
  singleSamplesMs: number[];
  batchP50Ms: number;
  /** Medians over rounds. */
  cpuMsPerRequest: number;
  requestsPerCpuSecond: number;
  saturationRps: number;
  batchSentencesPerSecond: number;
  rounds: RoundFigures[];
  peakRssBytes: number;
  throttling: Throttling | undefined;
  labels: string[];
  logBytesPerCall: number;
}

export interface SettingFigures {
  memoryMb: number | undefined;
  vcpus: number | undefined;
  quotaDescription: string;
  systems: SystemFigures[];
}

interface Collected {
  cold: { wallMs: number; cpuMs: number }[];
  rounds: RoundFigures[];
  singles: number[];
  batches: number[];
  calls: number;
}

/** Every system starts at a different place in the order each round, so none always follows the same one. */
function rotated<T>(items: readonly T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/**
 * Measures every system under one setting. Each system is its own long-lived process (the systems cannot share one:
 * the peer's onnxruntime-node must not meet the function's copy), in its own cgroup with the setting's quota, as
 * each would be its own Lambda instance. The processes take turns: a block of single calls, then a pause, in an
 * order that rotates every round; then a block of batches the same way. Only one process works at a time, and
 * ratios are taken round by round, so a drift of the shared machine's speed affects both sides of each ratio.
 */
export async function measureSetting(
  setting: QuotaSetting,
  options: BenchOptions,
  compiled: CompiledBench,
  locations: SystemLocations,
  log: (line: string) => void,
): Promise<SettingFigures> {
  const timeoutMs = 30 * 60_000;
  const tag = setting.memoryMb === undefined ? "2 cores" : `${setting.memoryMb} MB`;
  const quotas = new Map<SystemName, CpuQuota | undefined>();
  const children = new Map<SystemName, RunningChild>();
  try {
    for (const system of options.systems) {
      if (setting.memoryMb === undefined) quotas.set(system, undefined);
      else {
        const quota = createCpuQuota(
          `cola-bench-${process.pid}-${system}-${setting.memoryMb}`,
          setting.memoryMb,
        );
        if (quota === undefined)
          throw new Error(
            "could not create a CPU-quota cgroup (needs root and a cpu controller); try --unconstrained",
          );
        quotas.set(system, quota);
      }
    }
    // Lambda tells the function its memory size; ours picks its onnxruntime threads from it.
    const env =
      setting.memoryMb === undefined
        ? undefined
        : { AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(setting.memoryMb) };
    const start = (system: SystemName, mode: "cold" | "warm"): Promise<RunningChild> =>
      startChild({
        childScript: compiled.childScript,
        request: { system, locations, mode },
        cgroupProcsFile: quotas.get(system)?.procsFile,
        env,
        timeoutMs,
      });
    const collected = new Map<SystemName, Collected>(
      options.systems.map((s) => [s, { cold: [], rounds: [], singles: [], batches: [], calls: 0 }]),
    );
    const get = (system: SystemName): Collected => collected.get(system) as Collected;

    for (let run = 0; run < options.coldRuns; run++) {
      for (const system of rotated(options.systems, run)) {
        const child = await start(system, "cold");
        await child.exited();
        get(system).cold.push({ wallMs: child.coldInitMs, cpuMs: child.firstAnswer.cpuMsAtFirstAnswer });
      }
    }
    for (const system of options.systems) {
      const child = await start(system, "warm");
      children.set(system, child);
      get(system).cold.push({ wallMs: child.coldInitMs, cpuMs: child.firstAnswer.cpuMsAtFirstAnswer });
    }
    const child = (system: SystemName): RunningChild => children.get(system) as RunningChild;
    for (const system of options.systems) {
      await child(system).block({ kind: "single", calls: options.warmupCalls, pauseMs: options.pauseMs });
      await child(system).block({ kind: "batch", calls: options.warmupBatches, pauseMs: options.pauseMs });
    }

    const timedBlock = async (
      system: SystemName,
      kind: "single" | "batch",
      calls: number,
    ): Promise<BlockMessage> => {
      const block = await child(system).block({ kind, calls, pauseMs: options.pauseMs });
      const collected = get(system);
      (kind === "single" ? collected.singles : collected.batches).push(...block.latenciesMs);
      collected.calls += block.latenciesMs.length;
      return block;
    };

    for (let round = 0; round < options.rounds; round++) {
      const order = rotated(options.systems, round);
      const single = new Map<SystemName, { p50Ms: number; cpuMsPerRequest: number; saturationRps: number }>();
      for (const system of order) {
        const block = await timedBlock(system, "single", options.blockCalls);
        single.set(system, {
          p50Ms: summarizeLatencies(block.latenciesMs).p50,
          cpuMsPerRequest: block.cpuMs / block.latenciesMs.length,
          saturationRps: (block.latenciesMs.length * 1000) / block.wallMs,
        });
      }
      for (const system of order) {
        const block = await timedBlock(system, "batch", options.blockBatches);
        const figures = single.get(system);
        if (figures === undefined) throw new Error(`no single block for ${system}`);
        get(system).rounds.push({
          ...figures,
          batchSentencesPerSecond: (block.latenciesMs.length * benchBatch.length * 1000) / block.wallMs,
        });
      }
      const line = order.map((s) => `${s} ${(get(s).rounds[round]?.p50Ms ?? 0).toFixed(3)}`).join(", ");
      log(`${tag.padStart(8)} round ${round + 1}/${options.rounds}: p50 ms ${line}`);
    }

    const systems: SystemFigures[] = [];
    for (const system of options.systems) {
      const result = await child(system).finish();
      const c = get(system);
      const cpuMsPerRequest = median(c.rounds.map((r) => r.cpuMsPerRequest));
      const procsFile = quotas.get(system)?.procsFile;
      systems.push({
        system,
        coldInitMs: median(c.cold.map((s) => s.wallMs)),
        coldInitSamplesMs: c.cold.map((s) => s.wallMs),
        coldInitCpuMs: median(c.cold.map((s) => s.cpuMs)),
        single: summarizeLatencies(c.singles),
        singleSamplesMs: c.singles,
        batchP50Ms: summarizeLatencies(c.batches).p50,
        cpuMsPerRequest,
        requestsPerCpuSecond: 1000 / cpuMsPerRequest,
        saturationRps: median(c.rounds.map((r) => r.saturationRps)),
        batchSentencesPerSecond: median(c.rounds.map((r) => r.batchSentencesPerSecond)),
        rounds: c.rounds,
        peakRssBytes: result.maxRssBytes,
        throttling: procsFile === undefined ? undefined : readThrottling(procsFile),
        labels: result.labels,
        logBytesPerCall:
          result.stdoutBytes / Math.max(1, c.calls + options.warmupCalls + options.warmupBatches),
      });
    }
    const first = quotas.get(options.systems[0] as SystemName);
    return {
      memoryMb: setting.memoryMb,
      vcpus: setting.memoryMb === undefined ? undefined : vcpusForMemory(setting.memoryMb),
      quotaDescription: first?.description ?? "none (every core of this machine)",
      systems,
    };
  } finally {
    // A cgroup can only be removed once no process is left in it.
    for (const running of children.values()) await running.kill();
    for (const quota of quotas.values()) quota?.remove();
  }
}
