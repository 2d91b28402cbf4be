import type { SystemFigures } from "./measure-systems.js";
import type { SizingFigures } from "./measure-sizing.js";
import type { SystemName } from "./systems/types.js";

/**
 * Every ratio reads the same way: how many times longer the first system takes than the second (> 1: slower).
 * For batches that is the time per sentence, i.e. the inverse of the throughput ratio.
 */
export interface Ratios {
  oursOverFloorP50?: number;
  oursOverFloorColdInit?: number;
  oursOverFloorColdInitCpu?: number;
  oursOverFloorBatchTime?: number;
  peerOverOursP50?: number;
  peerOverOursColdInit?: number;
  peerOverOursColdInitCpu?: number;
  peerOverOursBatchTime?: number;
  originalOverOursP50?: number;
  originalOverOursColdInit?: number;
  originalOverOursColdInitCpu?: number;
  originalOverOursBatchTime?: number;
}

export interface TargetCheck {
  name: string;
  limit: string;
  measured: string;
  met: boolean;
}

export function computeRatios(figures: readonly SystemFigures[]): Ratios {
  const by = (name: SystemName): SystemFigures | undefined => figures.find((f) => f.system === name);
  const floor = by("floor");
  const ours = by("ours");
  const peer = by("peer");
  const original = by("original");
  const ratios: Ratios = {};
  if (ours && floor) {
    ratios.oursOverFloorP50 = ours.warm.p50 / floor.warm.p50;
    ratios.oursOverFloorColdInit = ours.coldInitMs / floor.coldInitMs;
    ratios.oursOverFloorColdInitCpu = ours.coldInitCpuMs / floor.coldInitCpuMs;
    ratios.oursOverFloorBatchTime = floor.batchSentencesPerSecond / ours.batchSentencesPerSecond;
  }
  if (ours && peer) {
    ratios.peerOverOursP50 = peer.warm.p50 / ours.warm.p50;
    ratios.peerOverOursColdInit = peer.coldInitMs / ours.coldInitMs;
    ratios.peerOverOursColdInitCpu = peer.coldInitCpuMs / ours.coldInitCpuMs;
    ratios.peerOverOursBatchTime = ours.batchSentencesPerSecond / peer.batchSentencesPerSecond;
  }
  if (ours && original) {
    ratios.originalOverOursP50 = original.warm.p50 / ours.warm.p50;
    ratios.originalOverOursColdInit = original.coldInitMs / ours.coldInitMs;
    ratios.originalOverOursColdInitCpu = original.coldInitCpuMs / ours.coldInitCpuMs;
    ratios.originalOverOursBatchTime = ours.batchSentencesPerSecond / original.batchSentencesPerSecond;
  }
  return ratios;
}

/** The targets, checked against this run's figures (reported, never asserted in unit tests). */
export function checkTargets(figures: readonly SystemFigures[], ratios: Ratios): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const x = (v: number): string => `${v.toFixed(2)}×`;
  if (ratios.oursOverFloorP50 !== undefined)
    checks.push({
      name: "ours warm p50 vs floor",
      limit: "≤ 1.20×",
      measured: x(ratios.oursOverFloorP50),
      met: ratios.oursOverFloorP50 <= 1.2,
    });
  if (ratios.peerOverOursP50 !== undefined)
    checks.push({
      name: "peer warm p50 vs ours",
      limit: "≥ 1.30× slower",
      measured: x(ratios.peerOverOursP50),
      met: ratios.peerOverOursP50 >= 1.3,
    });
  if (ratios.oursOverFloorColdInit !== undefined)
    checks.push({
      name: "ours cold init vs floor",
      limit: "≤ 1.30×",
      measured: x(ratios.oursOverFloorColdInit),
      met: ratios.oursOverFloorColdInit <= 1.3,
    });
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
