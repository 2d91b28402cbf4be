import type { Metrics } from "@aws-lambda-powertools/metrics";
import { powertoolsMetrics } from "./dependencies.js";
import type { Service } from "./handler.js";
import { METRIC_NAMES } from "./metric-definitions.js";

/**
 * A Powertools Metrics writer, or undefined where no namespace is configured (`npm start`, tests): the deployed
 * function gets POWERTOOLS_METRICS_NAMESPACE from the stack. Metrics are embedded metric format log lines on stdout,
 * which CloudWatch turns into metrics: no API call in the request path.
 */
export function createMetrics(environment: NodeJS.ProcessEnv, serviceName: string): Metrics | undefined {
  const namespace = environment.POWERTOOLS_METRICS_NAMESPACE?.trim();
  if (!namespace) return undefined;
  return new powertoolsMetrics.Metrics({ namespace, serviceName });
}

/** Writes the ColdStart metric for this init. */
export function recordColdStart(metrics: Metrics): void {
  metrics.addMetric(METRIC_NAMES.coldStart, powertoolsMetrics.MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}

/**
 * The predictor, writing one metric line per prediction: its inference time and batch size.
 *
 * @example
 * const predictor = measuredPredictor(await Predictor.load(dir), metrics);
 * await predictor.predict(["The cat sat."]);
 * // stdout: {"_aws":{"CloudWatchMetrics":[{"Namespace":"ColaServerless","Dimensions":[["service"]],
 * //   "Metrics":[{"Name":"InferenceTime","Unit":"Milliseconds"},{"Name":"BatchSize","Unit":"Count"}]}],...},
 * //   "service":"cola-serverless-dev","InferenceTime":3.2,"BatchSize":1}
 */
export function measuredPredictor(predictor: Service["predictor"], metrics: Metrics): Service["predictor"] {
  const { MetricUnit } = powertoolsMetrics;
  return {
    info: predictor.info,
    async predict(sentences) {
      const started = performance.now();
      try {
        return await predictor.predict(sentences);
      } finally {
        metrics.addMetric(METRIC_NAMES.inferenceTime, MetricUnit.Milliseconds, performance.now() - started);
        metrics.addMetric(METRIC_NAMES.batchSize, MetricUnit.Count, sentences.length);
        metrics.publishStoredMetrics();
      }
    },
  };
}
