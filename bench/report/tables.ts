import { MEGABYTES_PER_VCPU, sessionThreads } from "../../function/src/model/threads.js";
import { billedMs, lambdaPrices, usdPerMillionRequests } from "../lambda-pricing.js";
import type { SettingFigures } from "../measure-config.js";
import {
  RATIO_METRICS,
  RATIO_PAIRS,
  ratioKey,
  percent,
  reproduces,
  throttledShare,
  type RatioFigure,
  type SizingRow,
  type TargetCheck,
} from "../targets.js";

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
const fixed = (v: number, digits: number): string => v.toFixed(digits);

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const align = header.map((_, i) => (i === 0 ? "---" : "---:"));
  return [header, align, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** Every system under one setting. */
export function settingTable(setting: SettingFigures): string {
  return markdownTable(
    [
      "system",
      "warm p50 (ms)",
      "p99 (ms)",
      "CPU ms / request",
      "requests / CPU-second",
      "saturation (req/s)",
      "batch-32 (sentences/s)",
      "cold init (ms)",
      "cold init CPU (ms)",
      "peak RSS (MB)",
    ],
    setting.systems.map((f) => [
      f.system,
      fixed(f.single.p50, 3),
      fixed(f.single.p99, 3),
      fixed(f.cpuMsPerRequest, 3),
      fixed(f.requestsPerCpuSecond, 0),
      fixed(f.saturationRps, 0),
      fixed(f.batchSentencesPerSecond, 0),
      fixed(f.coldInitMs, 0),
      fixed(f.coldInitCpuMs, 0),
      mib(f.peakRssBytes),
    ]),
  );
}

/**
 * Ours ÷ each other system, per setting, with the previous run's value beside it and whether the two agree within
 * the reproduction tolerance; figures that do not are marked and must not be quoted.
 */
export function ratiosTable(
  ratios: readonly RatioFigure[],
  previous: readonly RatioFigure[] | undefined,
): string {
  const settings = [...new Set(ratios.map((r) => r.setting))];
  const rows: string[][] = [];
  for (const setting of settings) {
    for (const [first, second] of RATIO_PAIRS) {
      const pair = `${first} ÷ ${second}`;
      const cells = RATIO_METRICS.map((metric) => {
        const key = ratioKey({ setting, pair, metric: metric.key });
        const value = ratios.find((r) => ratioKey(r) === key)?.value;
        if (value === undefined) return "n/a";
        const before = previous?.find((r) => ratioKey(r) === key)?.value;
        const agrees = reproduces(value, before);
        if (before === undefined) return `${value.toFixed(2)}`;
        return `${value.toFixed(2)} / ${before.toFixed(2)}${agrees ? "" : " ✗"}`;
      });
      if (cells.every((c) => c === "n/a")) continue;
      rows.push([setting, pair, ...cells]);
    }
  }
  return markdownTable(
    ["setting", "ratio", ...RATIO_METRICS.map((m) => `${m.label} (${m.better} is better)`)],
    rows,
  );
}

export function targetsTable(checks: readonly TargetCheck[]): string {
  return markdownTable(
    ["target", "limit", "this run", "previous run", "reproduced (±10 %)", "met"],
    checks.map((c) => [
      c.name,
      c.limit,
      c.measured,
      c.previous ?? "n/a",
      c.reproduced === undefined ? "n/a" : c.reproduced ? "yes" : "**no**",
      c.met ? "yes" : "**no**",
    ]),
  );
}

/** Ours at each memory size: the figures the memory advice rests on, with Lambda's price per million requests. */
export function sizingTable(rows: readonly SizingRow[], recommendedMb: number | undefined): string {
  return markdownTable(
    [
      "memorySize (MB)",
      "vCPU",
      "ORT threads",
      "warm p50 (ms)",
      "p99 (ms)",
      "CPU ms / request",
      "saturation (req/s)",
      "batch-32 (sentences/s)",
      "cold init (ms)",
      "throttled periods (share)",
      "x86 $ / 1M requests",
      "arm64 $ / 1M requests",
    ],
    rows.map(({ memoryMb, figures: f }) => {
      const billed = billedMs(f.singleSamplesMs);
      return [
        memoryMb === recommendedMb ? `**${memoryMb}** (recommended)` : String(memoryMb),
        (memoryMb / MEGABYTES_PER_VCPU).toFixed(2),
        // Where there are two sessions, a run takes one or the other by its size.
        sessionThreads(memoryMb).join(" or "),
        fixed(f.single.p50, 3),
        fixed(f.single.p99, 3),
        fixed(f.cpuMsPerRequest, 3),
        fixed(f.saturationRps, 0),
        fixed(f.batchSentencesPerSecond, 0),
        fixed(f.coldInitMs, 0),
        f.throttling === undefined
          ? "n/a"
          : `${f.throttling.throttled} of ${f.throttling.periods} (${percent(throttledShare(f) ?? 0)})`,
        `$${usdPerMillionRequests(memoryMb, billed, lambdaPrices.x86UsdPerGbSecond).toFixed(3)}`,
        `$${usdPerMillionRequests(memoryMb, billed, lambdaPrices.armUsdPerGbSecond).toFixed(3)}`,
      ];
    }),
  );
}
