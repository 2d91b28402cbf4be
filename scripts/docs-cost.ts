/**
 * `npm run docs:cost`: writes docs/cost.md from the one pricing definition (bench/lambda-pricing.ts), the stack
 * files (Pulumi.dev.yaml, Pulumi.prod.yaml over Pulumi.yaml's defaults), the alarms infra/ creates
 * (infra/alarm-specs.ts), the custom metrics (function/src/metrics.json), the bytes a request writes
 * (scripts/log-bytes.ts, measured from the function's code) and the benchmark's measured milliseconds per request
 * (the "warm p50 (ms)" column of docs/benchmarks.md's memory sizing table, which `npm run bench` writes).
 * test/docs/cost.test.ts fails when the page differs from what this renders.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { format, resolveConfig } from "prettier";
import { parse } from "yaml";
import { lambdaPrices, servicePrices } from "../bench/lambda-pricing.js";
import { alarmSpecs } from "../infra/alarm-specs.js";
import { DEFAULTS } from "../infra/config.js";
import { CUSTOM_METRICS } from "../infra/metrics.js";
import { declaredConfig, REPO_ROOT } from "./docs-tables.js";
import { LOG_CASES, measureLogBytes, REQUEST_ID, type CaseBytes, type LogCase } from "./log-bytes.js";

export const COST_PAGE = "docs/cost.md";
const STACKS = ["dev", "prod"] as const;
type Stack = (typeof STACKS)[number];

/** A price table with its numbers as plain numbers, so a test can try another price. */
type Prices<T> = { [K in keyof T]: T[K] extends number ? number : T[K] extends object ? Prices<T[K]> : T[K] };

/** What the page is computed from, gathered by `costInputs`; a test may change any of it. */
export interface CostInputs {
  lambda: Prices<typeof lambdaPrices>;
  services: Prices<typeof servicePrices>;
  stacks: StackInputs[];
  /** Standard- and high-resolution alarm metrics each stack's alarms watch. */
  alarmMetrics: { standard: number; highResolution: number };
  /** Custom metrics per stack: the function's EMF metrics and the failed-init filter's. */
  customMetrics: number;
  /** Dashboards per stack (infra/service.ts creates one in every stack). */
  dashboards: number;
}

export interface StackInputs {
  stack: Stack;
  region: string;
  architecture: "x86_64" | "arm64";
  memoryMb: number;
  provisionedMin: number;
  provisionedMax: number;
  requestLogSampleRate: number;
  /** The benchmark's warm p50 at this memory size (or the nearest measured one). */
  measuredMs: number;
  measuredAtMb: number;
  bytes: Record<LogCase, CaseBytes>;
}

/** The memory sizing table's warm p50 by memory size, read by column name from docs/benchmarks.md. */
export function benchmarkMs(markdown: string): Map<number, number> {
  const rows = markdown.split("\n").filter((line) => line.startsWith("|"));
  const cells = (line: string) =>
    line
      .split("|")
      .slice(1, -1)
      .map((cell) => cell.trim().replaceAll("*", ""));
  const headerAt = rows.findIndex((line) => cells(line).includes("memorySize (MB)"));
  if (headerAt < 0)
    throw new Error("docs/benchmarks.md has no memory sizing table (a memorySize (MB) column)");
  const header = cells(rows[headerAt]!);
  const memoryColumn = header.indexOf("memorySize (MB)");
  const msColumn = header.indexOf("warm p50 (ms)");
  if (msColumn < 0) throw new Error("docs/benchmarks.md's memory sizing table has no warm p50 (ms) column");
  const found = new Map<number, number>();
  for (const line of rows.slice(headerAt + 2)) {
    const row = cells(line);
    const memory = Number.parseInt(row[memoryColumn] ?? "", 10);
    const ms = Number(row[msColumn]);
    if (!Number.isFinite(memory) || !Number.isFinite(ms)) break;
    found.set(memory, ms);
  }
  if (found.size === 0) throw new Error("docs/benchmarks.md's memory sizing table has no rows");
  return found;
}

function stackValues(stack: Stack): (key: string) => unknown {
  const file = parse(readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as {
    config: Record<string, unknown>;
  };
  const declared = declaredConfig();
  return (key) => {
    const namespaced = key.includes(":") ? key : `cola-serverless:${key}`;
    return file.config[namespaced] ?? declared[key]?.default;
  };
}

export async function costInputs(): Promise<CostInputs> {
  const measured = benchmarkMs(readFileSync(path.join(REPO_ROOT, "docs", "benchmarks.md"), "utf8"));
  const stacks: StackInputs[] = [];
  for (const stack of STACKS) {
    const value = stackValues(stack);
    const memoryMb = Number(value("memorySize"));
    const measuredAtMb = [...measured.keys()].reduce((best, mb) =>
      Math.abs(mb - memoryMb) < Math.abs(best - memoryMb) ? mb : best,
    );
    const measuredMs = measured.get(measuredAtMb)!;
    const provisionedMin = Number(value("provisionedConcurrency") ?? 0);
    stacks.push({
      stack,
      region: String(value("aws:region")),
      architecture: value("architecture") === "arm64" ? "arm64" : "x86_64",
      memoryMb,
      provisionedMin,
      // Before capacity's autoscaling, or in a stack without it, the maximum is the minimum.
      provisionedMax: Number(value("provisionedConcurrencyMax") ?? provisionedMin) || provisionedMin,
      requestLogSampleRate: Number(value("requestLogSampleRate") ?? 1),
      measuredMs,
      measuredAtMb,
      bytes: await measureLogBytes(`cola-serverless-${stack}`, measuredMs),
    });
  }
  type Spec = ReturnType<typeof alarmSpecs>[number];
  const metricsOf = (spec: Spec) =>
    "expression" in spec.metric ? Object.keys(spec.metric.metrics).length : 1;
  // An alarm is billed per metric it watches; a period under 60 s is a high-resolution alarm.
  const highResolution = (spec: Spec) => (spec.periodSeconds ?? 300) < 60;
  const alarmMetricsOf = (endpoint: "httpApi" | "functionUrl") => {
    const specs = alarmSpecs(DEFAULTS.alarms, DEFAULTS.timeout, endpoint);
    return {
      standard: specs.filter((s) => !highResolution(s)).reduce((n, s) => n + metricsOf(s), 0),
      highResolution: specs.filter(highResolution).reduce((n, s) => n + metricsOf(s), 0),
    };
  };
  const alarmMetrics = alarmMetricsOf("httpApi");
  // The page states one alarm bill for both endpoints: true only while their alarms watch as many metrics.
  if (JSON.stringify(alarmMetrics) !== JSON.stringify(alarmMetricsOf("functionUrl"))) {
    throw new Error("the endpoints' alarms watch different numbers of metrics: price them per endpoint");
  }
  return {
    lambda: lambdaPrices,
    services: servicePrices,
    stacks,
    alarmMetrics,
    customMetrics: Object.keys(CUSTOM_METRICS).length + 1,
    dashboards: 1,
  };
}

const usd = (value: number, digits = 3): string => `$${value.toFixed(digits)}`;
const GB = 1024 ** 3;
const ENDPOINTS = [
  { key: "httpApi", label: "HTTP API (`endpoint: httpApi`)" },
  { key: "functionUrl", label: "function URL (`endpoint: functionUrl`)" },
] as const;

function table(header: string[], rows: string[][]): string {
  return [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/**
 * Lambda's own lines for one invocation (text log format), in the shape AWS documents
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html): an estimate, as the version
 * number and the memory used vary; taken as a two-digit version and a three-digit memory figure.
 */
export function platformLineBytes(s: Pick<StackInputs, "measuredMs" | "memoryMb">): number {
  const lines = [
    `START RequestId: ${REQUEST_ID} Version: 12`,
    `END RequestId: ${REQUEST_ID}`,
    `REPORT RequestId: ${REQUEST_ID}\tDuration: ${s.measuredMs.toFixed(2)} ms\t` +
      `Billed Duration: ${Math.max(1, Math.ceil(s.measuredMs))} ms\tMemory Size: ${s.memoryMb} MB\t` +
      `Max Memory Used: 200 MB\t`,
  ];
  return lines.reduce((sum, line) => sum + Buffer.byteLength(line, "utf8"), 0);
}

/** Per million requests: log ingestion of `bytes` per request. */
const logsPerMillion = (inputs: CostInputs, bytes: number): number =>
  ((bytes * 1_000_000) / GB) * inputs.services.logsIngestionUsdPerGb;

/** Bytes of a typical answered request at a sample rate: the record kept at that rate, the metrics always. */
const sampledBytes = (b: CaseBytes, rate: number): number =>
  rate * b.oneLine.bytes + (1 - rate) * b.sampledOut.bytes;

export function costMarkdown(inputs: CostInputs): string {
  const { lambda, services } = inputs;
  const gbSecond = (s: StackInputs) => (s.memoryMb / 1024) * (Math.max(1, Math.ceil(s.measuredMs)) / 1000);
  const onDemand = (s: StackInputs) =>
    gbSecond(s) * (s.architecture === "arm64" ? lambda.armUsdPerGbSecond : lambda.x86UsdPerGbSecond) * 1e6;
  const onProvisioned = (s: StackInputs) =>
    gbSecond(s) *
    (s.architecture === "arm64"
      ? lambda.provisioned.armDurationUsdPerGbSecond
      : lambda.provisioned.x86DurationUsdPerGbSecond) *
    1e6;
  const provisionedHour = (s: StackInputs, instances: number) =>
    instances *
    (s.memoryMb / 1024) *
    3600 *
    (s.architecture === "arm64"
      ? lambda.provisioned.armUsdPerGbSecond
      : lambda.provisioned.x86UsdPerGbSecond);

  const inputRows = inputs.stacks.map((s) => [
    s.stack,
    s.region,
    s.architecture,
    String(s.memoryMb),
    `${s.measuredMs} (at ${s.measuredAtMb} MB)`,
    String(Math.max(1, Math.ceil(s.measuredMs))),
    String(s.provisionedMin),
    String(s.provisionedMax),
    String(s.requestLogSampleRate),
  ]);

  const byteRows = inputs.stacks.flatMap((s) =>
    (Object.keys(LOG_CASES) as LogCase[]).map((name) => {
      const b = s.bytes[name];
      return [
        s.stack,
        LOG_CASES[name].label,
        `${b.twoLines.bytes} (${b.twoLines.events} ${b.twoLines.events === 1 ? "line" : "lines"})`,
        `${b.oneLine.bytes} (${b.oneLine.events} line)`,
        {
          metrics: `${b.sampledOut.bytes} (metrics only)`,
          record: `${b.sampledOut.bytes} (record kept: errors always are)`,
          nothing: "0 (nothing)",
        }[b.sampledOut.keeps],
      ];
    }),
  );

  const perMillionRows = inputs.stacks.flatMap((s) =>
    ENDPOINTS.map((endpoint) => {
      const fee =
        endpoint.key === "httpApi" ? services.httpApiUsdPerMillion : services.functionUrlUsdPerMillion;
      const b = s.bytes.success;
      const after = logsPerMillion(inputs, sampledBytes(b, s.requestLogSampleRate));
      const compute = lambda.requestUsdPerMillion + onDemand(s);
      const platform = logsPerMillion(inputs, platformLineBytes(s));
      return [
        s.stack,
        endpoint.label,
        usd(compute),
        usd(lambda.requestUsdPerMillion + onProvisioned(s)),
        usd(fee, 2),
        usd(logsPerMillion(inputs, b.twoLines.bytes)),
        usd(logsPerMillion(inputs, b.oneLine.bytes)),
        `${usd(after)} (rate ${s.requestLogSampleRate})`,
        `${usd(platform)} (${platformLineBytes(s)} bytes)`,
        usd(compute + fee + after + platform),
      ];
    }),
  );

  const hourRows = inputs.stacks.map((s) => [
    s.stack,
    `${s.provisionedMin} × ${s.memoryMb} MB`,
    usd(provisionedHour(s, s.provisionedMin), 4),
    `${s.provisionedMax} × ${s.memoryMb} MB`,
    usd(provisionedHour(s, s.provisionedMax), 4),
    usd(provisionedHour(s, s.provisionedMin) * 730, 2),
  ]);

  const { standard, highResolution } = inputs.alarmMetrics;
  const alarms =
    standard * services.standardAlarmMetricUsdPerMonth +
    highResolution * services.highResolutionAlarmMetricUsdPerMonth;
  const metrics = inputs.customMetrics * services.customMetricUsdPerMonth;
  const dashboards = inputs.dashboards * services.dashboardUsdPerMonth;
  const monthRows = [
    [
      `${standard} standard-resolution alarm metrics`,
      usd(standard * services.standardAlarmMetricUsdPerMonth, 2),
    ],
    ...(highResolution > 0
      ? [
          [
            `${highResolution} high-resolution alarm metrics`,
            usd(highResolution * services.highResolutionAlarmMetricUsdPerMonth, 2),
          ],
        ]
      : []),
    [`${inputs.customMetrics} custom metrics (one \`service\` dimension value each)`, usd(metrics, 2)],
    [`${inputs.dashboards} dashboard`, usd(dashboards, 2)],
    ["total per stack", usd(alarms + metrics + dashboards, 2)],
  ];

  return `# What it costs

<!-- Generated by \`npm run docs:cost\` (scripts/docs-cost.ts); edit the sources, not this page. -->

Generated by \`npm run docs:cost\` from the one pricing definition (\`bench/lambda-pricing.ts\`), the stack files
(\`Pulumi.dev.yaml\`, \`Pulumi.prod.yaml\` over \`Pulumi.yaml\`'s defaults), the alarms the stack creates
(\`infra/alarm-specs.ts\`), the custom metrics (\`function/src/metrics.json\`), the bytes a request writes
(measured from the function's own code by \`scripts/log-bytes.ts\`) and the benchmark's measured milliseconds per
request (the "warm p50 (ms)" column of [the memory sizing table](benchmarks.md#memory-sizing), which
\`npm run bench\` writes). \`npm test\` fails when this page differs from a regeneration, so a changed setting or
price changes it.

Prices: ${services.region}, first tiers, free tiers not deducted, from
[aws.amazon.com/lambda/pricing](https://aws.amazon.com/lambda/pricing/),
[aws.amazon.com/api-gateway/pricing](https://aws.amazon.com/api-gateway/pricing/) and
[aws.amazon.com/cloudwatch/pricing](https://aws.amazon.com/cloudwatch/pricing/); other regions differ (prod's
example stack is in ${inputs.stacks.find((s) => s.stack === "prod")?.region ?? "another region"}). They are
written into \`bench/lambda-pricing.ts\`, not fetched: update them there.

## The stacks

${table(
  [
    "stack",
    "region",
    "architecture",
    "memorySize (MB)",
    "measured ms / request",
    "billed ms",
    "provisionedConcurrency (min)",
    "provisionedConcurrencyMax",
    "requestLogSampleRate",
  ],
  inputRows,
)}

A stack without \`provisionedConcurrencyMax\` keeps its minimum all day: its maximum is the minimum.

## Bytes a request writes to CloudWatch Logs

Measured from the function's code (handler, logger, metrics writer) with a metrics namespace set, as deployed, for
a warm request at INFO; the timings in the lines are set to the measured milliseconds. Before one line per
request, a request with a prediction wrote its record and a metrics line; now the record rides in the metrics
line. A record sampled out (\`requestLogSampleRate\` below 1) leaves the metrics alone on the line, so every
request is still counted; refusals and cold starts always keep their record.

${table(["stack", "request", "before: two lines", "now: one line", "sampled out (rate 0)"], byteRows)}

Lambda also writes its own \`START\`, \`END\` and \`REPORT\` lines for every invocation, billed as ingestion too;
the function cannot shorten them. The table below estimates them from the shape AWS documents
([Lambda's CloudWatch logs](https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html)).

## Per million requests

One-sentence requests answered at the measured milliseconds, each billed duration rounded up to the next
millisecond. Logs at ${usd(services.logsIngestionUsdPerGb, 2)} per GB (1 GB = 1,024³ bytes) ingested, from the
bytes above: "sampled" mixes the one line and the metrics-only line at the stack's \`requestLogSampleRate\`.

${table(
  [
    "stack",
    "endpoint",
    "Lambda on demand (requests + duration)",
    "Lambda on provisioned concurrency",
    "request fee",
    "logs: two lines (before)",
    "logs: one line (rate 1)",
    "logs: sampled",
    "Lambda's START/END/REPORT lines (estimate)",
    "total on demand (one line, sampled, Lambda's lines)",
  ],
  perMillionRows,
)}

## Provisioned concurrency per hour

Billed for as long as it is configured, whether used or not, rounded up to 5 minutes.

${table(["stack", "minimum", "per hour", "maximum", "per hour", "at the minimum for a month (730 h)"], hourRows)}

## Per stack and month

Whatever the traffic, each stack pays for its alarms (per metric an alarm watches: a metric math alarm is billed
for each metric in its expression), its custom metrics and its dashboard. The same for both endpoints.

${table(["item", "per month"], monthRows)}
`;
}

/** The page as `npm run docs:cost` writes it: rendered from `inputs`, then formatted by Prettier. */
export async function renderCostPage(inputs: CostInputs): Promise<string> {
  const file = path.join(REPO_ROOT, COST_PAGE);
  const options = (await resolveConfig(file)) ?? {};
  return format(costMarkdown(inputs), { ...options, filepath: file });
}

async function writeCostPage(): Promise<void> {
  writeFileSync(path.join(REPO_ROOT, COST_PAGE), await renderCostPage(await costInputs()));
  console.log(`${COST_PAGE} written`);
}

if (require.main === module) {
  writeCostPage().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
