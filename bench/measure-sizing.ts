import type { CompiledBench } from "./compile.js";
import { createCpuQuota, throttledPeriods, vcpusForMemory } from "./cpu-quota.js";
import { billedMs, lambdaPrices, usdPerMillionRequests } from "./lambda-pricing.js";
import type { BenchOptions } from "./options.js";
import { runChild } from "./spawn-child.js";
import { median, sentencesPerSecond, summarizeLatencies, type LatencySummary } from "./stats.js";
import type { SystemLocations, SystemName } from "./systems/types.js";

export interface SizingFigures {
  system: SystemName;
  memoryMb: number;
  vcpus: number;
  quotaDescription: string;
  coldInitMs: number;
  warm: LatencySummary;
  /** CPU time per warm call (all threads): the same at every size unless the quota changes the work itself. */
  cpuMsPerCall: number;
  meanBilledMs: number;
  batchSentencesPerSecond: number;
  throttledPeriods: number | undefined;
  x86UsdPerMillion: number;
  armUsdPerMillion: number;
  /** What one cold start's init phase costs on x86 (Lambda bills a container image function's init). */
  x86UsdPerThousandColdStarts: number;
}

export interface SizingOutcome {
  measured: SizingFigures[];
  /** Why sizing was not measured, when it was not (e.g. no permission to create cgroups). */
  skippedBecause?: string;
}

/**
 * Runs our handler (the compiled one, in-process, payload 2.0 events) in fresh processes confined to the CPU
 * bandwidth Lambda gives each memory size. The child sees both cores, as a Lambda function up to 3,008 MB sees
 * two vCPUs, and is throttled to memory/1,769 of one core's time per scheduler period: the same shape of limit.
 * What this does not model: Lambda's CPU model and clock (the cores here are this machine's), its scheduler period
 * (not documented), and the freeze between invocations; the timed calls run back to back, the busiest case, in
 * which every call competes for the same quota.
 */
export async function measureSizing(
  system: SystemName,
  options: BenchOptions,
  compiled: CompiledBench,
  locations: SystemLocations,
  log: (line: string) => void,
): Promise<SizingOutcome> {
  const measured: SizingFigures[] = [];
  const timeoutMs = 30 * 60_000;
  for (const memoryMb of options.sizingMemoryMb) {
    const quota = createCpuQuota(`cola-bench-${process.pid}-${system}-${memoryMb}`, memoryMb);
    if (quota === undefined) {
      return {
        measured,
        skippedBecause: "could not create a CPU-quota cgroup here (needs root and a cpu controller)",
      };
    }
    try {
      const base = {
        system,
        locations,
        warmupCalls: options.warmupCalls,
        timedCalls: options.sizingTimedCalls,
        warmupBatches: 2,
        timedBatches: Math.max(5, Math.round(options.timedBatches / 5)),
      };
      const cold: number[] = [];
      for (let i = 0; i < options.sizingColdRuns; i++) {
        const outcome = await runChild({
          childScript: compiled.childScript,
          request: { ...base, mode: "cold" },
          cgroupProcsFile: quota.procsFile,
          timeoutMs,
        });
        cold.push(outcome.coldInitMs);
      }
      const full = await runChild({
        childScript: compiled.childScript,
        request: { ...base, mode: "full" },
        cgroupProcsFile: quota.procsFile,
        timeoutMs,
      });
      cold.push(full.coldInitMs);
      const latencies = full.result.singleLatenciesMs;
      const meanBilled = billedMs(latencies);
      const figures: SizingFigures = {
        system,
        memoryMb,
        vcpus: vcpusForMemory(memoryMb),
        quotaDescription: quota.description,
        coldInitMs: median(cold),
        warm: summarizeLatencies(latencies),
        cpuMsPerCall: full.result.singleCpuMsPerCall,
        meanBilledMs: meanBilled,
        batchSentencesPerSecond: sentencesPerSecond(full.result),
        throttledPeriods: throttledPeriods(quota.procsFile),
        x86UsdPerMillion: usdPerMillionRequests(memoryMb, meanBilled, lambdaPrices.x86UsdPerGbSecond),
        armUsdPerMillion: usdPerMillionRequests(memoryMb, meanBilled, lambdaPrices.armUsdPerGbSecond),
        x86UsdPerThousandColdStarts:
          (memoryMb / 1024) * (median(cold) / 1000) * lambdaPrices.x86UsdPerGbSecond * 1000,
      };
      measured.push(figures);
      log(
        `sizing ${system.padEnd(8)} ${String(memoryMb).padStart(4)} MB (${figures.vcpus.toFixed(2)} vCPU): cold ${figures.coldInitMs.toFixed(0)} ms, ` +
          `p50 ${figures.warm.p50.toFixed(2)} ms, p99 ${figures.warm.p99.toFixed(2)} ms, ` +
          `$${figures.x86UsdPerMillion.toFixed(3)}/M (x86)`,
      );
    } finally {
      quota.remove();
    }
  }
  return { measured };
}
