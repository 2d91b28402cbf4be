/**
 * The Lambda entry point (the image's CMD is `dist/index.handler`). Settings, tokenizer and model load here, at
 * init: top-level await makes Lambda finish them before the first request (and before provisioned concurrency
 * reports ready). Any failure stops init with an error naming the setting, file or native module, never a
 * half-ready handler.
 */
import { nativeModules } from "./dependencies.js";
import { createHandler } from "./handler.js";
import { createMetrics, measuredService, recordColdStart } from "./metrics.js";
import { FAILED_INIT_MESSAGES } from "./metric-definitions.js";
import { Predictor } from "./model/predictor.js";
import { readSettingsOrLog } from "./init-settings.js";

const { settings, logger } = readSettingsOrLog(process.env);
const metrics = createMetrics(process.env, settings.serviceName);
const initStarted = performance.now();

let predictor: Predictor;
try {
  // The native bindings load here, after the logger exists: a broken one is logged like any other load failure.
  nativeModules();
  predictor = await Predictor.load(settings.modelDir, { maxLength: settings.maxLength });
} catch (error) {
  logger.error(FAILED_INIT_MESSAGES.modelLoad, { modelDir: settings.modelDir, error: error as Error });
  throw error;
}

logger.info("model loaded", {
  model: predictor.info,
  limits: settings.limits,
  tokenizer_path: predictor.tokenizerPath.path,
  ...(predictor.tokenizerPath.path === "tokenizers" && {
    tokenizer_fallback: predictor.tokenizerPath.reason,
  }),
  init_ms: Math.round(performance.now() - initStarted),
});

if (metrics !== undefined) recordColdStart(metrics);

const service = {
  predictor,
  limits: settings.limits,
  logInputs: settings.logInputs,
  logger,
  requestLogSampleRate: settings.requestLogSampleRate,
};
export const handler = createHandler(metrics !== undefined ? measuredService(service, metrics) : service);
