import type { RoundFigures, SettingFigures, SystemFigures } from "./measure-config.js";
import { median } from "./stats.js";
import type { SystemName } from "./systems/types.js";

/** What a ratio compares; `better` says which way is good for ours. */
export const RATIO_METRICS = [
  { key: "p50", label: "warm p50", better: "lower", ofRound: (r: RoundFigures) => r.p50Ms },
  { key: "cpu", label: "CPU ms / request", better: "lower", ofRound: (r: RoundFigures) => r.cpuMsPerRequest },
  {
    key: "perCpuSecond",
    label: "requests / CPU-second",
    better: "higher",
    ofRound: (r: RoundFigures) => 1000 / r.cpuMsPerRequest,
  },
  {
    key: "saturation",
    label: "saturation req/s",
    better: "higher",
    ofRound: (r: RoundFigures) => r.saturationRps,
  },
  {
    key: "batch",
    label: "batch-32 sentences/s",
    better: "higher",
    ofRound: (r: RoundFigures) => r.batchSentencesPerSecond,
  },
  { key: "coldInit", label: "cold init", better: "lower", ofRound: undefined },
  { key: "coldInitCpu", label: "cold init CPU", better: "lower", ofRound: undefined },
] as const;
export type RatioMetric = (typeof RATIO_METRICS)[number]["key"];

/** Ours against each other system. */
export const RATIO_PAIRS = [
  ["ours", "floor"],
  ["ours", "peer"],
  ["ours", "original"],
] as const satisfies readonly (readonly [SystemName, SystemName])[];

/** One ratio "first ÷ second" of one metric under one setting. */
export interface RatioFigure {
  /** "1769 MB" or "2 cores". */
  setting: string;
  pair: string;
  metric: RatioMetric;
  value: number;
}

export const settingLabel = (memoryMb: number | undefined): string =>
  memoryMb === undefined ? "2 cores" : `${memoryMb} MB`;
export const ratioKey = (r: Pick<RatioFigure, "setting" | "pair" | "metric">): string =>
  `${r.setting} | ${r.pair} | ${r.metric}`;

/**
 * Warm ratios are the median over rounds of the round's ratio (both systems measured within seconds of each other);
 * cold init ratios are ratios of medians over fresh processes.
 */
export function computeRatios(settings: readonly SettingFigures[]): RatioFigure[] {
  const ratios: RatioFigure[] = [];
  for (const setting of settings) {
    const by = (name: SystemName): SystemFigures | undefined =>
      setting.systems.find((s) => s.system === name);
    for (const [firstName, secondName] of RATIO_PAIRS) {
      const first = by(firstName);
      const second = by(secondName);
      if (first === undefined || second === undefined) continue;
      for (const metric of RATIO_METRICS) {
        let value: number;
        if (metric.ofRound !== undefined) {
          const of = metric.ofRound;
          value = median(first.rounds.map((r, i) => of(r) / of(second.rounds[i] as RoundFigures)));
        } else if (metric.key === "coldInit") value = first.coldInitMs / second.coldInitMs;
        else value = first.coldInitCpuMs / second.coldInitCpuMs;
        ratios.push({
          setting: settingLabel(setting.memoryMb),
          pair: `${firstName} ÷ ${secondName}`,
          metric: metric.key,
          value,
        });
      }
    }
  }
  return ratios;
}

export interface TargetCheck {
  name: string;
  limit: string;
  measured: string;
  met: boolean;
  /** The same figure in the previous run, when there is one to compare with. */
  previous?: string | undefined;
  reproduced?: boolean | undefined;
}

/** Two runs agree on a figure when they differ by at most this fraction. */
export const reproductionTolerance = 0.1;

export function reproduces(value: number, previous: number | undefined): boolean | undefined {
  return previous === undefined ? undefined : Math.abs(value / previous - 1) <= reproductionTolerance;
}

/** The targets: [name, setting, pair, metric, limit as shown, test]. */
const TARGETS = [
  [
    "ours' requests per CPU-second vs the peer's",
    "default",
    "ours ÷ peer",
    "perCpuSecond",
    "≥ 1.30×",
    (v: number) => v >= 1.3,
  ],
  ["ours' warm p50 vs the peer's", "default", "ours ÷ peer", "p50", "≤ 1.00×", (v: number) => v <= 1],
  [
    "ours' cold init vs the peer's",
    "default",
    "ours ÷ peer",
    "coldInit",
    "≤ 0.77× (1/1.3)",
    (v: number) => v <= 1 / 1.3,
  ],
  [
    "ours' cold init CPU time vs the peer's",
    "default",
    "ours ÷ peer",
    "coldInitCpu",
    "≤ 0.77× (1/1.3)",
    (v: number) => v <= 1 / 1.3,
  ],
  [
    "ours' batch-32 sentences/s vs the peer's",
    "two vCPUs",
    "ours ÷ peer",
    "batch",
    "≥ 1.00×",
    (v: number) => v >= 1,
  ],
  ["ours' warm p50 vs the floor's", "default", "ours ÷ floor", "p50", "≤ 1.20×", (v: number) => v <= 1.2],
] as const;

/**
 * The targets, checked against this run (and compared with the previous run's same figure when given). "default"
 * is the first memory size measured (1,769 MB unless --memory says otherwise), "two vCPUs" 3,538 MB.
 */
export function checkTargets(
  settings: readonly SettingFigures[],
  ratios: readonly RatioFigure[],
  previous: readonly RatioFigure[] | undefined,
): TargetCheck[] {
  const defaultSetting = settings.find((s) => s.memoryMb !== undefined);
  const twoVcpus = settings.find((s) => s.memoryMb === 3538);
  const checks: TargetCheck[] = [];
  for (const [name, where, pair, metric, limit, meets] of TARGETS) {
    const setting = where === "default" ? defaultSetting : twoVcpus;
    if (setting === undefined) continue;
    const key = { setting: settingLabel(setting.memoryMb), pair, metric };
    const value = ratios.find((r) => ratioKey(r) === ratioKey(key))?.value;
    if (value === undefined) continue;
    const before = previous?.find((r) => ratioKey(r) === ratioKey(key))?.value;
    checks.push({
      name: `${name} (${key.setting})`,
      limit,
      measured: `${value.toFixed(2)}×`,
      met: meets(value),
      previous: before === undefined ? undefined : `${before.toFixed(2)}×`,
      reproduced: reproduces(value, before),
    });
  }
  const ours = defaultSetting?.systems.find((s) => s.system === "ours");
  // MB as Lambda counts it (memorySize and "Max Memory Used" are in units of 2^20 bytes).
  if (ours)
    checks.push({
      name: `ours' peak RSS (${settingLabel(defaultSetting?.memoryMb)})`,
      limit: "≤ 200 MB",
      measured: `${(ours.peakRssBytes / 2 ** 20).toFixed(0)} MB`,
      met: ours.peakRssBytes <= 200 * 2 ** 20,
    });
  return checks;
}

/**
 * The memorySize rule for single-sentence traffic, stated so anyone can re-derive it from the sizing table: the
 * smallest size at which ours, answering single sentences back to back, is (almost) never throttled by its CPU quota,
 * i.e. the quota covers what the calls need. A share of the periods, not a count: the cold starts' init bursts and
 * the batch blocks (tokenizers encodes a batch on several threads) run in the same cgroup, and a count moves with
 * the run's length; the share separates a size whose quota is too small (tens of percent) from one that fits.
 * Wall-clock cold init is not used: on a shared machine it moves by more than the differences between sizes.
 * Batches are advised on apart: only they can use a second vCPU.
 */
export const allowedThrottledShare = 0.1;

/** A share as a whole percentage, e.g. 0.047 -> "4.7 %" (one decimal below 10 %). */
export function percent(share: number): string {
  const value = share * 100;
  return `${value < 10 ? value.toFixed(1) : value.toFixed(0)} %`;
}

/** Throttled periods as a share of the periods the cgroup ran in; undefined without a quota. */
export function throttledShare(figures: Pick<SystemFigures, "throttling">): number | undefined {
  const throttling = figures.throttling;
  return throttling === undefined || throttling.periods === 0
    ? undefined
    : throttling.throttled / throttling.periods;
}

export interface SizingRow {
  memoryMb: number;
  figures: SystemFigures;
}

export function recommendMemory<Row extends { memoryMb: number; figures: Pick<SystemFigures, "throttling"> }>(
  rows: readonly Row[],
): Row | undefined {
  return [...rows]
    .sort((a, b) => a.memoryMb - b.memoryMb)
    .find((s) => (throttledShare(s.figures) ?? Infinity) <= allowedThrottledShare);
}

/** Ours at every memory size measured, smallest first. */
export function sizingRows(settings: readonly SettingFigures[]): SizingRow[] {
  const rows: SizingRow[] = [];
  for (const setting of settings) {
    const ours = setting.systems.find((s) => s.system === "ours");
    if (setting.memoryMb !== undefined && ours !== undefined)
      rows.push({ memoryMb: setting.memoryMb, figures: ours });
  }
  return rows.sort((a, b) => a.memoryMb - b.memoryMb);
}
