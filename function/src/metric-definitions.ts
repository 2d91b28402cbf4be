import { createRequire } from "node:module";

/*
 * The one definition of the function's custom metrics and of the log messages that mark a failed init
 * (metrics.json beside this file). function/src/metrics.ts and init write them; infra/ builds the dashboard, the
 * failed-init metric filter and the alarms from them. JSON, like settings.json, so that the Pulumi program, which
 * runs as CommonJS, can read it too: this package is an ES module.
 */

/** metrics.json's shape. */
export interface MetricDefinitions {
  /** CloudWatch namespace of the custom metrics; the stack hands it to the function as POWERTOOLS_METRICS_NAMESPACE. */
  namespace: string;
  /** Powertools' default dimension, holding the function's POWERTOOLS_SERVICE_NAME. */
  serviceDimension: string;
  /** The custom metrics, by the name the code uses. */
  metrics: {
    /** Milliseconds the model spent on one request's sentences. */
    inferenceTime: string;
    /** Sentences in one request. */
    batchSize: string;
    /** 1 for each execution environment's init. */
    coldStart: string;
  };
  /** A failed init: the log lines that mark it, and the metric a filter on them counts (same namespace). */
  failedInit: {
    metric: string;
    messages: {
      /** Logged by function/src/index.ts when the model folder does not load. */
      modelLoad: string;
      /** Logged by function/src/init-settings.ts when the environment's settings are refused. */
      settings: string;
    };
  };
}

const definitions = createRequire(import.meta.url)("./metrics.json") as MetricDefinitions;

export const METRIC_NAMES = definitions.metrics;
export const FAILED_INIT_MESSAGES = definitions.failedInit.messages;
