import type { Metrics } from "@aws-lambda-powertools/metrics";
import { powertoolsMetrics } from "./dependencies.js";
import type { Service } from "./handler.js";
import type { FunctionLogger } from "./logger.js";
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
 * The service, writing one line per request: the embedded metric format line with the prediction's inference
 * time and batch size, and the request record beside `_aws` as Powertools metadata (top-level keys CloudWatch
 * keeps in the log event but makes no metric of). A record sampled out leaves the metrics alone on the line, so
 * every prediction is still counted; a request without a prediction (a refusal, a health check) has no metrics
 * and writes its record as the plain line, as without a namespace.
 *
 * @example
 * const handler = createHandler(measuredService(service, metrics));
 * await handler({ sentence: "The cat sat." }, context);
 * // stdout: {"_aws":{"Timestamp":1764944400000,"CloudWatchMetrics":[{"Namespace":"ColaServerless",
 * //   "Dimensions":[["service"]],"Metrics":[{"Name":"InferenceTime","Unit":"Milliseconds"},
 * //   {"Name":"BatchSize","Unit":"Count"}]}]},"level":"INFO","message":"request","timestamp":"2026-12-05T14:20:00.000Z",
 * //   "function_request_id":"…","cold_start":false,"latency_ms":0.61,"source":"direct","status":200,"batch_size":1,
 * //   "service":"cola-serverless-dev","InferenceTime":0.52,"BatchSize":1}
 */
export function measuredService(service: Service, metrics: Metrics): Service {
  const { logger } = service;
  const plain = logger.request;
  const request: FunctionLogger["request"] = (fields) => {
    if (!metrics.hasStoredMetrics()) return plain(fields);
    const head = fields === undefined ? undefined : logger.requestHead();
    // Powertools' own line, with the record where its addMetadata puts metadata (after `_aws`); written here
    // because addMetadata is typed for strings, and the record keeps its numbers and booleans.
    const { _aws, ...values } = metrics.serializeMetrics();
    metrics.clearMetrics();
    const line = head === undefined ? { _aws, ...values } : { _aws, ...head, ...fields, ...values };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
  return {
    ...service,
    predictor: measuredPredictor(service.predictor, metrics),
    logger: Object.assign(logger, { request }),
  };
}

/** The predictor, adding its inference time and batch size to the metrics the request's line will carry. */
function measuredPredictor(predictor: Service["predictor"], metrics: Metrics): Service["predictor"] {
  const { MetricUnit } = powertoolsMetrics;
  return {
    info: predictor.info,
    async predict(sentences) {
      const started = performance.now();
      try {
        return await predictor.predict(sentences);
      } finally {
        // Microseconds are plenty; a double's 17 digits would be bytes in every line.
        const ms = Math.round((performance.now() - started) * 1000) / 1000;
        metrics.addMetric(METRIC_NAMES.inferenceTime, MetricUnit.Milliseconds, ms);
        metrics.addMetric(METRIC_NAMES.batchSize, MetricUnit.Count, sentences.length);
      }
    },
  };
}
