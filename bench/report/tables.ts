import type { SizingFigures } from "../measure-sizing.js";
import type { SystemFigures } from "../measure-systems.js";
import { RATIO_PAIRS, type Ratios, type TargetCheck } from "../targets.js";

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
const ms = (v: number, digits = 2): string => v.toFixed(digits);
const ratio = (v: number | undefined): string => (v === undefined ? "n/a" : `${v.toFixed(2)}×`);

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const align = header.map((_, i) => (i === 0 ? "---" : "---:"));
  return [header, align, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

export function systemsTable(figures: readonly SystemFigures[]): string {
  return markdownTable(
    [
      "system",
      "cold init (ms)",
      "of which load + 1st answer (ms)",
      "cold init CPU (ms)",
      "warm p50 (ms)",
      "p90 (ms)",
      "p99 (ms)",
      "mean (ms)",
      "CPU ms / call",
      "batch of 32 (sentences/s)",
      "batch p50 (ms)",
      "peak RSS (MB), median / max",
    ],
    figures.map((f) => [
      f.system,
      ms(f.coldInitMs, 0),
      ms(f.initAndFirstAnswerMs, 0),
      ms(f.coldInitCpuMs, 0),
      ms(f.warm.p50, 3),
      ms(f.warm.p90, 3),
      ms(f.warm.p99, 3),
      ms(f.warm.mean, 3),
      ms(f.cpuMsPerCall, 3),
      f.batchSentencesPerSecond.toFixed(0),
      ms(f.batchP50Ms, 1),
      `${mib(f.peakRssBytes)} / ${mib(f.peakRssMaxBytes)}`,
    ]),
  );
}

export function ratiosTable(ratios: Ratios): string {
  return markdownTable(
    [
      "ratio (> 1: the first is slower)",
      "warm p50",
      "cold init",
      "cold init CPU",
      "batch of 32, time per sentence",
    ],
    RATIO_PAIRS.map(([key, , , label]) => {
      const pair = ratios[key];
      return [
        label,
        ratio(pair?.p50),
        ratio(pair?.coldInit),
        ratio(pair?.coldInitCpu),
        ratio(pair?.batchTime),
      ];
    }),
  );
}

export function targetsTable(checks: readonly TargetCheck[]): string {
  return markdownTable(
    ["target", "limit", "measured", "met"],
    checks.map((c) => [c.name, c.limit, c.measured, c.met ? "yes" : "**no**"]),
  );
}

export function sizingTable(sizing: readonly SizingFigures[], recommendedMb: number | undefined): string {
  return markdownTable(
    [
      "memorySize (MB)",
      "CPU share (vCPU)",
      "cold init (ms)",
      "warm p50 (ms)",
      "p90 (ms)",
      "p99 (ms)",
      "mean (ms)",
      "CPU ms / call",
      "throttled periods",
      "billed ms / request",
      "batch of 32 (sentences/s)",
      "x86 $ / 1M requests",
      "arm64 $ / 1M requests",
      "x86 $ / 1k cold starts",
    ],
    sizing.map((s) => [
      s.memoryMb === recommendedMb ? `**${s.memoryMb}** (recommended)` : String(s.memoryMb),
      s.vcpus.toFixed(2),
      ms(s.coldInitMs, 0),
      ms(s.warm.p50),
      ms(s.warm.p90),
      ms(s.warm.p99),
      ms(s.warm.mean, 3),
      ms(s.cpuMsPerCall, 3),
      s.throttledPeriods === undefined ? "n/a" : String(s.throttledPeriods),
      ms(s.meanBilledMs),
      s.batchSentencesPerSecond.toFixed(0),
      `$${s.x86UsdPerMillion.toFixed(3)}`,
      `$${s.armUsdPerMillion.toFixed(3)}`,
      `$${s.x86UsdPerThousandColdStarts.toFixed(4)}`,
    ]),
  );
}
