/**
 * Bytes a request writes to CloudWatch Logs, measured from the function's own code: the real handler, logger and
 * metrics writer (function/src/), fed payload 2.0 events as the HTTP API sends them, with stdout captured. The
 * model is a stand-in: what it answers never reaches the log, only how many sentences it was given. The timings
 * the lines carry (latency_ms, InferenceTime) are set to `timingMs`, so the count does not change from run to
 * run. `npm run docs:cost` prices these bytes (docs/cost.md).
 */
import type { Context } from "aws-lambda";
import { createHandler, type Service } from "../function/src/handler.js";
import { createLogger } from "../function/src/logger.js";
import { createMetrics, measuredService } from "../function/src/metrics.js";
import { DEFAULT_LIMITS } from "../function/src/settings.js";
import { httpApiEvent } from "../local/http-api-event.js";
import { lambdaContext } from "../local/lambda-context.js";
import { METRICS_NAMESPACE } from "../infra/metrics.js";

/** The requests measured, each as the HTTP API delivers it. */
export const LOG_CASES = {
  success: { label: "one sentence, answered (200)", body: { sentence: "The cat sat on the mat." } },
  batch: {
    label: "a batch of 32 sentences, answered (200)",
    body: { sentences: new Array<string>(32).fill("The cat sat on the mat.") },
  },
  error: { label: "a refused request (400, invalid_input)", body: { sentences: ["ok", 5] } },
} as const;
export type LogCase = keyof typeof LOG_CASES;

/** One request's bytes in each form the function has written. */
export interface CaseBytes {
  /** Before one line per request: the request line plus the metrics line, as two log events. */
  twoLines: { bytes: number; events: number };
  /** One line: the metrics line carrying the record (or the record alone, for a request without a prediction). */
  oneLine: { bytes: number; events: number };
  /**
   * At sample rate 0: the metrics alone for an answered request; a refusal keeps its record (errors always do),
   * and an answered request without a prediction (a health check) writes nothing.
   */
  sampledOut: { bytes: number; events: number; keeps: "metrics" | "record" | "nothing" };
}

/** The request id in the measured lines: a UUID, as Lambda gives. */
export const REQUEST_ID = "8f5e7a8c-2b1d-4e0f-9a3b-6c7d8e9f0a1b";

/** Rewrites the timings in a written line to `timingMs`, so the byte count is the same each run. */
function steadyTimings(line: string, timingMs: number): string {
  return line.replace(/"(latency_ms|InferenceTime)":[0-9.e-]+/g, `"$1":${timingMs}`);
}

/** The lines `run` writes to stdout (each a CloudWatch log event), with their timings steadied. */
async function writtenLines(run: () => Promise<unknown>, timingMs: number): Promise<string[]> {
  const chunks: string[] = [];
  const saved = Object.getOwnPropertyDescriptor(process.stdout, "write");
  process.stdout.write = (chunk: string | Uint8Array): boolean => {
    chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  };
  try {
    await run();
  } finally {
    if (saved === undefined) Reflect.deleteProperty(process.stdout, "write");
    else Object.defineProperty(process.stdout, "write", saved);
  }
  return chunks
    .join("")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => steadyTimings(line, timingMs));
}

const stub: Service["predictor"] = {
  info: {
    name: "stand-in",
    labels: ["unacceptable", "acceptable"],
    maxLength: 128,
    sha256: "0".repeat(64),
    inputs: ["input_ids", "attention_mask"],
    output: "logits",
    shape: { batch: null, sequence: null },
  },
  predict: (sentences) =>
    Promise.resolve(
      sentences.map(() => [
        { label: "unacceptable", score: 0.04 },
        { label: "acceptable", score: 0.96 },
      ]),
    ),
};

const event = (body: unknown) =>
  httpApiEvent({
    method: "POST",
    url: "/predict",
    headers: { "content-type": "application/json" },
    body: Buffer.from(JSON.stringify(body), "utf8"),
    sourceIp: "203.0.113.7",
  });

const count = (lines: string[]) => ({
  // CloudWatch Logs meters the event's UTF-8 bytes; the newline ends the event and is not part of it.
  bytes: lines.reduce((sum, line) => sum + Buffer.byteLength(line, "utf8"), 0),
  events: lines.length,
});

/**
 * Each case's bytes as the deployed function writes them (a metrics namespace set, INFO level), for a warm
 * request of a service named `serviceName`.
 */
export async function measureLogBytes(
  serviceName: string,
  timingMs: number,
): Promise<Record<LogCase, CaseBytes>> {
  // Without tracing's id (the prod example traces: its lines carry about 50 bytes more each).
  const savedTrace = process.env._X_AMZN_TRACE_ID;
  delete process.env._X_AMZN_TRACE_ID;
  try {
    return await measureCases(serviceName, timingMs);
  } finally {
    if (savedTrace !== undefined) process.env._X_AMZN_TRACE_ID = savedTrace;
  }
}

async function measureCases(serviceName: string, timingMs: number): Promise<Record<LogCase, CaseBytes>> {
  const context: Context = { ...lambdaContext(serviceName), awsRequestId: REQUEST_ID };
  const results = {} as Record<LogCase, CaseBytes>;
  for (const [name, { body }] of Object.entries(LOG_CASES) as [LogCase, (typeof LOG_CASES)[LogCase]][]) {
    /** One warm request through a fresh handler at `rate`; `measured` adds the metrics writer. */
    const once = async (rate: number, measured: boolean): Promise<string[]> => {
      const metrics = createMetrics({ POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE }, serviceName);
      if (metrics === undefined) throw new Error("no metrics writer for a set namespace");
      const base: Service = {
        predictor: stub,
        limits: DEFAULT_LIMITS,
        logInputs: false,
        logger: createLogger({ serviceName, logLevel: "INFO" }),
        requestLogSampleRate: rate,
        random: () => 0.999,
      };
      const handler = createHandler(measured ? measuredService(base, metrics) : base);
      // The first request of a handler is its cold start, always logged: measure the second.
      await writtenLines(() => handler(event(body), context), timingMs);
      return writtenLines(() => handler(event(body), context), timingMs);
    };
    const oneLine = await once(1, true);
    const sampledOut = await once(0, true);
    // Before: the record as its own line (today's line without a namespace) beside the metrics line alone.
    const recordOnly = await once(1, false);
    const metricsOnly = sampledOut.filter((line) => line.startsWith('{"_aws"'));
    results[name] = {
      twoLines: count([...recordOnly, ...metricsOnly]),
      oneLine: count(oneLine),
      sampledOut: {
        ...count(sampledOut),
        keeps:
          sampledOut.length === 0
            ? "nothing"
            : sampledOut.some((line) => line.includes('"message":"request"'))
              ? "record"
              : "metrics",
      },
    };
  }
  return results;
}
