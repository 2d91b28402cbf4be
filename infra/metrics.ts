/**
 * The custom metrics the function writes as embedded metric format log lines (function/src/metrics.ts) and the log
 * messages that mark a failed init, from their one definition, function/src/metrics.json. Read as JSON: the
 * function's TypeScript is an ES module, which this CommonJS program cannot load (ERR_REQUIRE_ESM under ts-node;
 * infra/model-folder.ts runs the function's code in a child process for the same reason).
 */

import type { MetricDefinitions } from "../function/src/metric-definitions";
import definitions from "../function/src/metrics.json";

// An annotation, not a cast: tsc checks metrics.json has the shape the function's code reads.
const checked: MetricDefinitions = definitions;
const { namespace, serviceDimension, metrics, failedInit } = checked;

/** CloudWatch namespace of the custom metrics, handed to the function as POWERTOOLS_METRICS_NAMESPACE. */
export const METRICS_NAMESPACE = namespace;

/** Powertools' default dimension: the function's POWERTOOLS_SERVICE_NAME. */
export const METRICS_SERVICE_DIMENSION = serviceDimension;

/** The custom metrics, by the name the function's code uses. */
export const CUSTOM_METRICS = metrics;

/** The metric the failed-init filter counts, in the same namespace. */
export const FAILED_INIT_METRIC = failedInit.metric;

/** The messages of the log lines the function writes when init fails (Powertools JSON lines). */
export const FAILED_INIT_MESSAGES: readonly string[] = Object.values(failedInit.messages);
