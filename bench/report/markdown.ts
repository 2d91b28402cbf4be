import { existsSync, readFileSync } from "node:fs";
import type { SizingOutcome } from "../measure-sizing.js";
import type { SystemFigures } from "../measure-systems.js";
import { lambdaPrices } from "../lambda-pricing.js";
import type { BenchOptions } from "../options.js";
import { benchSentences } from "../sentences.js";
import { sizingTolerance, type Ratios, type TargetCheck } from "../targets.js";
import type { BenchEnvironment } from "./environment.js";
import { ratiosTable, sizingTable, systemsTable, targetsTable } from "./tables.js";

export interface BenchReport {
  options: BenchOptions;
  command: string;
  environment: BenchEnvironment;
  figures: SystemFigures[];
  ratios: Ratios;
  targets: TargetCheck[];
  labelAgreement: string;
  sizing: SizingOutcome;
  recommendedMb: number | undefined;
  latencyChart: string;
  /** Hand-written findings (bench/report/analysis.md), included as they are; undefined when absent. */
  analysisFile: string | undefined;
}

const load = (l: readonly number[] | undefined): string =>
  l ? l.map((v) => v.toFixed(2)).join(" / ") : "n/a";

function sizingSection(report: BenchReport): string {
  const { options, sizing } = report;
  if (sizing.skippedBecause !== undefined) return `Not measured: ${sizing.skippedBecause}.`;
  const first = sizing.measured[0];
  const oursRss = report.figures.find((f) => f.system === sizing.measured[0]?.system)?.peakRssMaxBytes;
  const smallest = Math.min(...sizing.measured.map((s) => s.memoryMb));
  return [
    `The ${first?.system ?? "ours"} system (the compiled handler, invoked in-process with payload 2.0 events) in ` +
      `fresh processes confined to the CPU bandwidth Lambda gives each memory size: memory / 1,769 of one vCPU ` +
      `(AWS: 1,769 MB has the equivalent of one vCPU). The quota is a Linux CFS bandwidth limit on a cgroup the ` +
      `child joins before \`exec\`, so Node's own start-up runs under it too (here: ${first?.quotaDescription ?? "n/a"} ` +
      `for the first row). The processes see both cores, as a Lambda function up to 3,008 MB sees two vCPUs.`,
    "",
    `Each setting: ${options.sizingTimedCalls.toLocaleString("en-US")} warm single-sentence calls back to back after ` +
      `${options.warmupCalls.toLocaleString("en-US")} warm-up calls, then batches of 32; cold init is the median of ` +
      `${options.sizingColdRuns + 1} fresh processes.`,
    "",
    sizingTable(sizing.measured, report.recommendedMb),
    "",
    "How to read it:",
    "",
    "- A warm call needs well under a millisecond of CPU, far less than any setting's quota per period, so a call " +
      "that finds quota left runs at full speed: **p50 hardly depends on memory**. Back to back, the calls use up " +
      "the quota and the process then waits for the next period: that wait lands on a few calls (p99 and the mean " +
      "show it, and the throttled-periods column counts it). The mean is what a busy instance averages, and it is " +
      "close to CPU per call ÷ CPU share when the share is below one vCPU.",
    "- Cold init is hundreds of milliseconds of CPU, so it stretches in proportion to the share below one vCPU; above " +
      "one vCPU the second core helps only the parts of start-up that run on other threads.",
    "- What a cgroup here does not model: Lambda's CPUs and clock (these are this machine's cores), its scheduler " +
      "period (not documented; the Linux default 100 ms is used, and a shorter one spreads the same waits over " +
      "more, shorter pauses, moving p99 but not the mean), and the freeze between invocations.",
    "",
    `Cost per million requests = $${lambdaPrices.requestUsdPerMillion.toFixed(2)} (request fee) + memory GB × billed seconds × ` +
      `price per GB-second, with each call's measured duration rounded up to the next millisecond as Lambda bills ` +
      `it, at the back-to-back mean (the busiest case). Prices: x86 $${lambdaPrices.x86UsdPerGbSecond}/GB-s, arm64 ` +
      `$${lambdaPrices.armUsdPerGbSecond}/GB-s, $${lambdaPrices.requestUsdPerMillion.toFixed(2)} per million requests, ` +
      `${lambdaPrices.region}; ${lambdaPrices.basis}. The arm64 column reuses the x86 durations measured here (no ` +
      `arm64 machine was available): it shows the price difference, not arm64 speed. The cold-start column is one ` +
      `init phase's duration charge (Lambda bills the init phase).`,
    "",
    report.recommendedMb === undefined
      ? "No setting met the rule below; see the table."
      : `**Recommended memorySize: ${report.recommendedMb} MB**: the smallest setting whose cold init, back-to-back ` +
        `mean latency and batch throughput are all within ${sizingTolerance * 100} % of the best setting measured ` +
        `(beyond it more memory buys no speed).` +
        (oursRss !== undefined && oursRss < smallest * 2 ** 20
          ? ` Peak RSS (${(oursRss / 2 ** 20).toFixed(0)} MB) is below every setting, so CPU share, not memory, decides.`
          : ""),
  ].join("\n");
}

export function benchmarksMarkdown(report: BenchReport): string {
  const { options, environment: env } = report;
  const missed = report.targets.filter((t) => !t.met);
  const analysis =
    report.analysisFile !== undefined && existsSync(report.analysisFile)
      ? readFileSync(report.analysisFile, "utf8")
          .replace(/<!--[\s\S]*?-->\n*/g, "")
          .trim()
      : undefined;

  return [
    "# Benchmarks",
    "",
    `_Generated by \`${report.command}\` on ${env.date}. Do not edit by hand: rerun the command._`,
    "",
    "## Targets",
    "",
    targetsTable(report.targets),
    "",
    missed.length === 0
      ? "All targets met in this run."
      : `Missed in this run: ${missed.map((t) => t.name).join(", ")}. The findings below say why.`,
    "",
    "## Results",
    "",
    systemsTable(report.figures),
    "",
    ratiosTable(report.ratios),
    "",
    `Label agreement on the ${benchSentences.length} bench sentences: ${report.labelAgreement}.`,
    "",
    `![Warm latency by percentile](${report.latencyChart})`,
    "",
    "What each system is:",
    "",
    "- **floor**: `tokenizers` encode plus onnxruntime-node `session.run` on pre-built int64 tensors (built once " +
      "per distinct input, outside the timed calls), raw logits: the least this stack can do.",
    "- **ours**: the compiled `handler` of `function/` (`dist/index.js`, an ES module whose top-level await loads the " +
      "model, as the image's CMD `dist/index.handler` loads it), invoked in-process with an API Gateway HTTP API " +
      "payload 2.0 `POST /predict` event: body checks, JSON parsing, validation, tokenizer, tensors, run, softmax, " +
      "labels, JSON response, one structured log line per request.",
    "- **peer**: `@huggingface/transformers` `text-classification` pipeline on the same `models/` folder, offline " +
      '(`allowRemoteModels=false`, `subfolder: ""`, `dtype: "fp32"`, `top_k: null` so it returns every label like ' +
      "ours), with the library's default session options.",
    "- **original**: the original Python predictor's method on our stack: every input padded to 128 tokens " +
      '(`padding="max_length"`), then softmax and labels; the gap to ours is what dynamic padding saves.',
    "",
    ...(analysis === undefined ? [] : ["## Findings", "", analysis, ""]),
    "## Memory sizing",
    "",
    sizingSection(report),
    "",
    "## Method",
    "",
    `- Every figure comes from fresh child processes running plain \`node\` on tsc output (bench and \`function/src\` ` +
      `compiled to \`build/bench-js/\`), never a TypeScript loader. One discarded process per system first warms the page cache.`,
    `- Cold init: wall clock from \`spawn()\` to the first answer (Node start, module loading, model and tokenizer ` +
      `load, first inference); median of ${options.coldRuns + options.runs} processes per system. "Cold init CPU" is the ` +
      `CPU time (all threads) the process had used by then: it moves far less with the machine's load than wall time.`,
    `- Warm latency: ${options.timedCalls.toLocaleString("en-US")} back-to-back single-sentence calls after ` +
      `${options.warmupCalls.toLocaleString("en-US")} warm-up calls, cycling through ${benchSentences.length} CoLA-style sentences (5–25 words); ` +
      `per-run percentiles, median over ${options.runs} runs. The chart pools every run's samples. ` +
      `"CPU ms / call" is the process's CPU time over those calls divided by their count.`,
    `- Throughput: ${options.timedBatches} batches of 32 after ${options.warmupBatches} warm-up batches; sentences per ` +
      `second over the timed batches, median over runs.`,
    "- Peak RSS: the child's `getrusage` maximum resident set over its whole life (MB = 2^20 bytes, as Lambda " +
      "counts), median and highest over runs; the target is checked against the highest.",
    "- Systems run interleaved (floor, ours, peer, original, floor, …) so drifts in machine load spread over all of them.",
    `- Machine load (1/5/15-minute averages) before: ${load(env.loadBefore)}, after: ${load(env.loadAfter)}. ` +
      "The machine is shared; absolute figures move with it, the ratios much less.",
    "",
    "## Machine and versions",
    "",
    `- ${env.cpu}, ${env.cores} cores, ${env.memoryGiB} GiB, ${env.kernel}, Node ${env.node}`,
    ...Object.entries(env.versions).map(([name, version]) => `- ${name}: ${version}`),
    `- Model: \`${env.model.path}\`, ${(env.model.bytes / 2 ** 20).toFixed(1)} MB, sha256 \`${env.model.sha256.slice(0, 16)}…\``,
    "",
    "## Reproduce",
    "",
    "```sh",
    "npm ci",
    report.command,
    "npm run loadtest -- --write-docs   # 30 s load and leak test against the local API",
    "```",
    "",
    "The load and leak test's latest output: [benchmarks-load.md](benchmarks-load.md).",
    "",
  ].join("\n");
}
