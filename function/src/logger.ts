import type { Logger } from "@aws-lambda-powertools/logger";
import { powertoolsLogger } from "./dependencies.js";
import type { HttpRequest, Invocation } from "./http/invocation.js";
import type { PredictInput } from "./request/input.js";
import type { Result } from "./request/result.js";
import type { Settings } from "./settings.js";

/** Structured JSON lines (Powertools), one per request plus init events; CloudWatch indexes their fields. */
export function createLogger(settings: Pick<Settings, "serviceName" | "logLevel">): Logger {
  return new powertoolsLogger.Logger({ serviceName: settings.serviceName, logLevel: settings.logLevel });
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
    status: result.ok ? 200 : result.error.statusCode,
    batch_size: input?.sentences.length ?? 0,
    ...(result.ok ? {} : { error_code: result.error.code }),
    ...(logInputs && input !== undefined ? { sentences: input.sentences } : {}),
  };
}
