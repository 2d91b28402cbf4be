/**
 * The custom metrics the function writes as embedded metric format log lines (function/src/metrics.ts), as the
 * dashboard reads them. The function takes the namespace from its environment (POWERTOOLS_METRICS_NAMESPACE);
 * a test keeps the metric names in step with the function's. They cannot be imported from function/src: the
 * Pulumi program runs under ts-node as CommonJS, and function/ is an ES module package, which ts-node refuses to
 * require (ERR_REQUIRE_ESM; infra/model-folder.ts runs the function's code in a child process for the same reason).
 */

/** CloudWatch namespace of the custom metrics. */
export const METRICS_NAMESPACE = "ColaServerless";

/** Powertools' default dimension: the function's POWERTOOLS_SERVICE_NAME. */
export const METRICS_SERVICE_DIMENSION = "service";

export const CUSTOM_METRICS = {
  /** Milliseconds the model spent on one request's sentences. */
  inferenceTime: "InferenceTime",
  /** Sentences in one request. */
  batchSize: "BatchSize",
  /** 1 for each execution environment's init. */
  coldStart: "ColdStart",
} as const;

/** The metric the failed-init filter counts, in the same namespace. */
export const FAILED_INIT_METRIC = "FailedInit";

/** The log lines function/src/index.ts writes when init fails (Powertools JSON lines with these messages). */
export const FAILED_INIT_MESSAGES = ["model load failed", "settings invalid"] as const;
