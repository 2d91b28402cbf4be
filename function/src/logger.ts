import type { Logger } from "@aws-lambda-powertools/logger";
import { powertoolsLogger } from "./dependencies.js";
import type { HttpRequest, Invocation } from "./http/invocation.js";
import { successStatus } from "./http/response.js";
import type { PredictInput } from "./request/input.js";
import type { Result } from "./request/result.js";
import type { Settings } from "./settings.js";

/**
 * Powertools' Logger for init and error events, plus what each request writes: `request` writes its record as
 * one line (nothing for a record sampled out, `undefined`); `requestHead` gives that line's first keys, for a
 * writer that puts the record in another line (the metrics line, function/src/metrics.ts).
 */
export type FunctionLogger = Logger & {
  request: (fields: Readonly<Record<string, unknown>> | undefined) => void;
  /** Powertools' first keys of a request line, except `service`; undefined when INFO lines are not written. */
  requestHead: () => Record<string, unknown> | undefined;
};

/** Levels at which an INFO line is written. */
const INFO_ENABLED = new Set(["TRACE", "DEBUG", "INFO"]);

/**
 * Structured JSON lines, one per request plus init events; CloudWatch indexes their fields.
 *
 * The request line is the only one on the warm path, so it is written directly, with Powertools' own first keys
 * (`level`, `message`, `timestamp`, `service`, `xray_trace_id` when Lambda sets one) and at the level Powertools
 * decides: going through `logger.info` costs as much again as the line's own write (per call it reads the
 * environment, merges attribute objects, runs a JSON replacer on every key and formats through a Console).
 *
 * @example
 * createLogger({ serviceName: "cola-classifier", logLevel: "INFO" }).request({ status: 200, batch_size: 1 });
 * // stdout: {"level":"INFO","message":"request","timestamp":"2026-11-29T19:50:11.028Z","service":"cola-classifier","status":200,"batch_size":1}
 */
export function createLogger(settings: Pick<Settings, "serviceName" | "logLevel">): FunctionLogger {
  const logger = new powertoolsLogger.Logger({
    serviceName: settings.serviceName,
    logLevel: settings.logLevel,
  });
  const head = `{"level":"INFO","message":"request","timestamp":"`;
  const service = `","service":${JSON.stringify(settings.serviceName)}`;
  const request = (fields: Readonly<Record<string, unknown>> | undefined): void => {
    if (fields === undefined || !INFO_ENABLED.has(logger.getLevelName())) return;
    const traceId = xrayTraceId(process.env._X_AMZN_TRACE_ID);
    const trace = traceId === undefined ? "" : `,"xray_trace_id":${JSON.stringify(traceId)}`;
    const rest = JSON.stringify(fields);
    process.stdout.write(
      `${head}${new Date().toISOString()}${service}${trace}${rest === "{}" ? "}" : `,${rest.slice(1)}`}\n`,
    );
  };
  const requestHead = (): Record<string, unknown> | undefined => {
    if (!INFO_ENABLED.has(logger.getLevelName())) return undefined;
    const traceId = xrayTraceId(process.env._X_AMZN_TRACE_ID);
    return {
      level: "INFO",
      message: "request",
      timestamp: new Date().toISOString(),
      ...(traceId === undefined ? {} : { xray_trace_id: traceId }),
    };
  };
  return Object.assign(logger, { request, requestHead });
}

/** The trace id in Lambda's `_X_AMZN_TRACE_ID`, read as Powertools reads it for `xray_trace_id`. */
function xrayTraceId(header: string | undefined): string | undefined {
  const value = header?.trim() ?? "";
  if (value === "") return undefined;
  if (!value.includes("=")) return value;
  return value.split(";")[0]?.replace("Root=", "");
}

/** How a request ended: the answer or the refusal, and what it asked to classify once that was read. */
export interface Outcome<T> {
  result: Result<T>;
  input?: PredictInput;
}

/** Fields of the one log line written per request. */
export interface RequestRecord {
  source: HttpRequest["source"] | "direct";
  method?: string;
  path?: string;
  status: number;
  batch_size: number;
  error_code?: string;
  sentences?: string[];
}

/** A request's log line, from how it ended; the sentences only when logInputs is set (they may be personal data). */
export function requestRecord(
  invocation: Invocation,
  outcome: Outcome<unknown>,
  logInputs: boolean,
): RequestRecord {
  const { result, input } = outcome;
  const origin =
    invocation.kind === "http"
      ? {
          source: invocation.request.source,
          method: invocation.request.method,
          path: invocation.request.path,
        }
      : { source: "direct" as const };
  return {
    ...origin,
    status: result.ok ? successStatus(result.value) : result.error.statusCode,
    batch_size: input?.sentences.length ?? 0,
    ...(result.ok ? {} : { error_code: result.error.code }),
    ...(logInputs && input !== undefined ? { sentences: input.sentences } : {}),
  };
}
