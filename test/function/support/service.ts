import type { Service } from "../../../function/src/handler.js";
import { createLogger } from "../../../function/src/logger.js";
import { Predictor, type LabelScore, type PredictorOptions } from "../../../function/src/model/predictor.js";
import { DEFAULT_LIMITS, type LogLevel, type RequestLimits } from "../../../function/src/settings.js";

const loaded = new Map<string, Promise<Predictor>>();

/** One Predictor per folder and max length for the whole test run: loading is the slow part. */
export function loadPredictor(modelDir: string, options: PredictorOptions = {}): Promise<Predictor> {
  const key = `${modelDir}\0${options.maxLength ?? ""}`;
  let predictor = loaded.get(key);
  if (predictor === undefined) {
    predictor = Predictor.load(modelDir, options);
    loaded.set(key, predictor);
  }
  return predictor;
}

/** Each sentence predicted on its own, one request each. */
export async function predictEach(
  predictor: Predictor,
  sentences: readonly string[],
): Promise<LabelScore[][]> {
  const results: LabelScore[][] = [];
  for (const sentence of sentences) results.push(...(await predictor.predict([sentence])));
  return results;
}

export interface ServiceOptions {
  limits?: Partial<RequestLimits>;
  logInputs?: boolean;
  /** Default ERROR, so request lines stay out of the test output; the log tests use INFO. */
  logLevel?: LogLevel;
}

/** What index.ts builds at init, from a predictor (real or a stand-in) and the default limits unless told. */
export function buildService(predictor: Service["predictor"], options: ServiceOptions = {}): Service {
  return {
    predictor,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    logInputs: options.logInputs ?? false,
    logger: createLogger({ serviceName: "cola-test", logLevel: options.logLevel ?? "ERROR" }),
  };
}
