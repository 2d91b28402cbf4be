import type { SystemFigures } from "./measure-systems.js";
import type { SizingFigures } from "./measure-sizing.js";
import type { SystemName } from "./systems/types.js";

/**
 * Every ratio reads the same way: how many times longer the first system takes than the second (> 1: slower).
 * For batches that is the time per sentence, i.e. the inverse of the throughput ratio.
 */
export interface PairRatios {
  p50: number;
  coldInit: number;
  coldInitCpu: number;
  batchTime: number;
}

/** The pairs compared, as [key, first system, second system, label in the report]. */
export const RATIO_PAIRS = [
  ["oursOverFloor", "ours", "floor", "ours / floor"],
  ["peerOverOurs", "peer", "ours", "peer / ours"],
  ["originalOverOurs", "original", "ours", "original / ours"],
] as const satisfies readonly (readonly [string, SystemName, SystemName, string])[];

export type Ratios = Partial<Record<(typeof RATIO_PAIRS)[number][0], PairRatios>>;

export interface TargetCheck {
  name: string;
  limit: string;
  measured: string;
  met: boolean;
}

export function computeRatios(figures: readonly SystemFigures[]): Ratios {
  const by = (name: SystemName): SystemFigures | undefined => figures.find((f) => f.system === name);
  const ratios: Ratios = {};
  for (const [key, firstName, secondName] of RATIO_PAIRS) {
    const first = by(firstName);
    const second = by(secondName);
    if (first === undefined || second === undefined) continue;
    ratios[key] = {
      p50: first.warm.p50 / second.warm.p50,
      coldInit: first.coldInitMs / second.coldInitMs,
      coldInitCpu: first.coldInitCpuMs / second.coldInitCpuMs,
      batchTime: second.batchSentencesPerSecond / first.batchSentencesPerSecond,
    };
  }
  return ratios;
}

/** The ratio targets: [name, limit as shown, the ratio, whether it meets the limit]. */
const RATIO_TARGETS: readonly (readonly [
  string,
  string,
  (r: Ratios) => number | undefined,
  (v: number) => boolean,
])[] = [
  ["ours warm p50 vs floor", "≤ 1.20×", (r) => r.oursOverFloor?.p50, (v) => v <= 1.2],
  ["peer warm p50 vs ours", "≥ 1.30× slower", (r) => r.peerOverOurs?.p50, (v) => v >= 1.3],
  ["ours cold init vs floor", "≤ 1.30×", (r) => r.oursOverFloor?.coldInit, (v) => v <= 1.3],
];

/** The targets, checked against this run's figures (reported, never asserted in unit tests). */
export function checkTargets(figures: readonly SystemFigures[], ratios: Ratios): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const [name, limit, valueOf, meets] of RATIO_TARGETS) {
    const value = valueOf(ratios);
    if (value !== undefined)
      checks.push({ name, limit, measured: `${value.toFixed(2)}×`, met: meets(value) });
  }
  const ours = figures.find((f) => f.system === "ours");
  // MB as Lambda counts it (memorySize and "Max Memory Used" are in units of 2^20 bytes), as in every table here.
  // The highest of the runs is checked, not their median: a limit is about the worst case.
  if (ours)
    checks.push({
      name: "ours peak RSS (highest of the runs)",
      limit: "≤ 200 MB",
      measured: `${(ours.peakRssMaxBytes / 2 ** 20).toFixed(0)} MB`,
      met: ours.peakRssMaxBytes <= 200 * 2 ** 20,
    });
  return checks;
}

/**
 * The memorySize rule, stated so anyone can re-derive it from the sizing table: the smallest setting whose cold
 * init, mean warm latency (back to back, so throttling shows) and batch throughput are all within `tolerance` of
 * the best setting measured, i.e. the knee beyond which more memory buys no more speed. Cost is reported next to it
 * rather than minimised: with calls this short, Lambda's per-request fee outweighs the duration charge, so every
 * setting costs nearly the same per request and speed decides.
 */
export const sizingTolerance = 0.15;

export function recommendMemory(sizing: readonly SizingFigures[]): SizingFigures | undefined {
  if (sizing.length === 0) return undefined;
  const bestCold = Math.min(...sizing.map((s) => s.coldInitMs));
  const bestMean = Math.min(...sizing.map((s) => s.warm.mean));
  const bestBatch = Math.max(...sizing.map((s) => s.batchSentencesPerSecond));
  return [...sizing]
    .sort((a, b) => a.memoryMb - b.memoryMb)
    .find(
      (s) =>
        s.coldInitMs <= bestCold * (1 + sizingTolerance) &&
        s.warm.mean <= bestMean * (1 + sizingTolerance) &&
        s.batchSentencesPerSecond >= bestBatch / (1 + sizingTolerance),
    );
}
