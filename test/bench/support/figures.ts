import type { RoundFigures, SettingFigures, SystemFigures } from "../../../bench/measure-config.js";
import { summarizeLatencies } from "../../../bench/stats.js";
import { systemNames, type SystemName } from "../../../bench/systems/types.js";

/** What a made-up system measured: the same figures in every round, so every ratio is known exactly. */
export interface Made {
  p50Ms: number;
  cpuMs: number;
  batch: number;
  coldInitMs: number;
  coldInitCpuMs: number;
}

const baseline: Made = { p50Ms: 0.4, cpuMs: 0.4, batch: 4000, coldInitMs: 200, coldInitCpuMs: 200 };

export function systemFigures(system: SystemName, made: Made, rounds = 3): SystemFigures {
  const round: RoundFigures = {
    p50Ms: made.p50Ms,
    cpuMsPerRequest: made.cpuMs,
    saturationRps: 1000 / made.p50Ms,
    batchSentencesPerSecond: made.batch,
  };
  const samples = [made.p50Ms, made.p50Ms, made.p50Ms];
  return {
    system,
    coldInitMs: made.coldInitMs,
    coldInitSamplesMs: [made.coldInitMs],
    coldInitCpuMs: made.coldInitCpuMs,
    single: summarizeLatencies(samples),
    singleSamplesMs: samples,
    batchP50Ms: 32_000 / made.batch,
    cpuMsPerRequest: made.cpuMs,
    requestsPerCpuSecond: 1000 / made.cpuMs,
    saturationRps: round.saturationRps,
    batchSentencesPerSecond: made.batch,
    rounds: Array.from({ length: rounds }, () => ({ ...round })),
    peakRssBytes: 120 * 2 ** 20,
    throttling: { throttled: 0, periods: 100 },
    labels: ["acceptable"],
    logBytesPerCall: 200,
  };
}

/** One setting with every system at the baseline, except what `overrides` changes. */
export function settingFigures(
  memoryMb: number | undefined,
  overrides: Partial<Record<SystemName, Partial<Made>>> = {},
): SettingFigures {
  return {
    memoryMb,
    vcpus: memoryMb === undefined ? undefined : memoryMb / 1769,
    quotaDescription: "test quota",
    systems: systemNames.map((name) => systemFigures(name, { ...baseline, ...overrides[name] })),
  };
}
