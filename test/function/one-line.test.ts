import assert from "node:assert/strict";
import { createHandler, type Service } from "../../function/src/handler.js";
import { createLogger } from "../../function/src/logger.js";
import { createMetrics, measuredService } from "../../function/src/metrics.js";
import { DEFAULT_LIMITS } from "../../function/src/settings.js";
import { FAILED_INIT_PATTERN } from "../../infra/alarms.js";
import { CUSTOM_METRICS, METRICS_NAMESPACE, METRICS_SERVICE_DIMENSION } from "../../infra/metrics.js";
import { matchesJsonFilter } from "../support/json-filter-pattern.js";
import { captureOutput, jsonLines } from "./support/capture.js";
import { testContext } from "./support/context.js";
import { httpApiEvent, json } from "./support/events.js";

/*
 * One line per request: with a metrics namespace (as deployed) the request record rides in the embedded metric
 * format line, beside `_aws` (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html:
 * members other than `_aws` and the metric and dimension values are kept in the log event, not made metrics);
 * requestLogSampleRate drops the record of some answered requests, never their metrics, never an error's record.
 */

type Line = Record<string, unknown>;

const stub: Service["predictor"] = {
  info: {
    name: "stub",
    labels: ["unacceptable", "acceptable"],
    maxLength: 128,
    sha256: "0".repeat(64),
    inputs: ["input_ids", "attention_mask"],
    output: "logits",
    shape: { batch: null, sequence: null },
  },
  predict: (sentences) => Promise.resolve(sentences.map(() => [{ label: "acceptable", score: 1 }])),
};

interface Options {
  rate?: number;
  draws?: number[];
  measured?: boolean;
  predictor?: Service["predictor"];
}

/** A handler as index.ts builds it; `draws` are the sampling draws, in order. */
function handlerWith({ rate = 1, draws = [], measured = true, predictor = stub }: Options) {
  const service: Service = {
    predictor,
    limits: DEFAULT_LIMITS,
    logInputs: false,
    logger: createLogger({ serviceName: "cola-test", logLevel: "INFO" }),
    requestLogSampleRate: rate,
    random: () => {
      const draw = draws.shift();
      if (draw === undefined) throw new Error("more draws than the test gave");
      return draw;
    },
  };
  if (!measured) return createHandler(service);
  const metrics = createMetrics({ POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE }, "cola-test");
  return createHandler(measuredService(service, metrics!));
}

/** Each request's lines on stdout, parsed. */
async function linesOf(handler: ReturnType<typeof handlerWith>, event: unknown): Promise<Line[]> {
  const { stdout } = await captureOutput(() =>
    handler(event, testContext("req-1")).catch((error: unknown) => error),
  );
  return jsonLines(stdout);
}

const predict = (body: unknown) => httpApiEvent({ body: json(body) });
const metricNames = (line: Line) =>
  (line._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }).CloudWatchMetrics[0]!.Metrics.map(
    (metric) => metric.Name,
  );

describe("one log line per request (function/src/metrics.ts measuredService)", function () {
  it("puts the request record in the metrics line: one line, every field and every metric", async function () {
    const handler = handlerWith({});
    await linesOf(handler, predict({ sentence: "warm-up" }));
    const [line, ...more] = await linesOf(handler, predict({ sentences: ["a", "b", "c"] }));
    assert.deepEqual(more, []);
    assert.ok(line?._aws, "an embedded metric format line");
    assert.deepEqual(metricNames(line), [CUSTOM_METRICS.inferenceTime, CUSTOM_METRICS.batchSize]);
    assert.equal(line[METRICS_SERVICE_DIMENSION], "cola-test");
    assert.equal(line.BatchSize, 3);
    assert.equal(typeof line.InferenceTime, "number");
    assert.equal(line.level, "INFO");
    assert.equal(line.message, "request");
    assert.ok(!Number.isNaN(Date.parse(String(line.timestamp))));
    assert.equal(line.function_request_id, "req-1");
    assert.equal(line.cold_start, false);
    assert.equal(typeof line.latency_ms, "number");
    assert.equal(line.status, 200);
    assert.equal(line.batch_size, 3);
    assert.equal(line.source, "http-api");
    assert.equal(line.path, "/predict");
    assert.equal(line.sample_rate, undefined, "not sampled at rate 1");
  });

  it("writes a refusal, which has no metrics, as the plain record line", async function () {
    const [line, ...more] = await linesOf(handlerWith({}), predict({ sentences: ["a", 5] }));
    assert.deepEqual(more, []);
    assert.equal(line?._aws, undefined);
    assert.equal(line?.status, 400);
    assert.equal(line?.error_code, "invalid_input");
    assert.equal(line?.service, "cola-test");
  });

  it("keeps an internal fault's record with its metrics (500)", async function () {
    const failing = { ...stub, predict: () => Promise.reject(new Error("tensor on fire")) };
    const handler = handlerWith({ rate: 0, predictor: failing });
    const lines = await linesOf(handler, predict({ sentence: "a" }));
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.status, 500);
    assert.equal(lines[0]?.BatchSize, 1);
  });

  it("at rate 0 keeps the metrics of an answered request but not its record; errors and cold starts keep theirs", async function () {
    const handler = handlerWith({ rate: 0 });
    const [cold] = await linesOf(handler, predict({ sentence: "a" }));
    assert.equal(cold?.cold_start, true, "a cold start keeps its record");
    const [warm, ...more] = await linesOf(handler, predict({ sentence: "a" }));
    assert.deepEqual(more, []);
    assert.equal(warm?.BatchSize, 1, "still counted");
    for (const key of ["message", "status", "function_request_id", "latency_ms", "timestamp"]) {
      assert.ok(!(key in (warm ?? {})), `${key} is sampled out`);
    }
    const [refused] = await linesOf(handler, predict({ sentences: [] }));
    assert.equal(refused?.status, 400);
    const health = await linesOf(handler, httpApiEvent({ method: "GET", path: "/health" }));
    assert.deepEqual(health, [], "an answered request with nothing to count writes nothing");
  });

  it("keeps an answered request's record when the draw is below the rate, marked with the rate", async function () {
    const handler = handlerWith({ rate: 0.25, draws: [0.2, 0.3] });
    await linesOf(handler, predict({ sentence: "cold" }));
    const [kept] = await linesOf(handler, predict({ sentence: "a" }));
    assert.equal(kept?.status, 200);
    assert.equal(kept?.sample_rate, 0.25);
    const [dropped] = await linesOf(handler, predict({ sentence: "a" }));
    assert.equal(dropped?.status, undefined);
    assert.equal(dropped?.BatchSize, 1);
  });

  it("samples the plain line the same way without a namespace (npm start)", async function () {
    const handler = handlerWith({ rate: 0.5, draws: [0.9], measured: false });
    await linesOf(handler, predict({ sentence: "cold" }));
    assert.deepEqual(await linesOf(handler, predict({ sentence: "a" })), []);
    const [refused] = await linesOf(handler, predict({ sentences: [] }));
    assert.equal(refused?.status, 400);
  });

  it("is never counted by the failed-init metric filter (infra/alarms.ts)", async function () {
    const handler = handlerWith({});
    const lines = [
      ...(await linesOf(handler, predict({ sentence: "a" }))),
      ...(await linesOf(handler, predict({ sentences: [] }))),
    ];
    assert.equal(lines.length, 2);
    for (const line of lines)
      assert.equal(matchesJsonFilter(FAILED_INIT_PATTERN, JSON.stringify(line)), false);
  });
});
