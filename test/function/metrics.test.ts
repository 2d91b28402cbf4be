import assert from "node:assert/strict";
import { createHandler, type Service } from "../../function/src/handler.js";
import { createLogger } from "../../function/src/logger.js";
import { createMetrics, measuredService, recordColdStart } from "../../function/src/metrics.js";
import { DEFAULT_LIMITS } from "../../function/src/settings.js";
import { CUSTOM_METRICS, METRICS_NAMESPACE, METRICS_SERVICE_DIMENSION } from "../../infra/metrics.js";
import { captureOutput } from "./support/capture.js";

interface EmfLine {
  _aws: {
    CloudWatchMetrics: Array<{
      Namespace: string;
      Dimensions: string[][];
      Metrics: Array<{ Name: string; Unit: string }>;
    }>;
  };
  [field: string]: unknown;
}

const ENVIRONMENT = {
  POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  POWERTOOLS_SERVICE_NAME: "cola-serverless-dev",
};

function emfLines(stdout: string): EmfLine[] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith('{"_aws"'))
    .map((line) => JSON.parse(line) as EmfLine);
}

const context = { awsRequestId: "req-1" } as Parameters<ReturnType<typeof createHandler>>[1];

/** The predictor measured through the service, as index.ts builds it: each call is one request's line. */
function measuredPredictor(
  predictor: Service["predictor"],
  metrics: NonNullable<ReturnType<typeof createMetrics>>,
) {
  const service = measuredService(
    {
      predictor,
      limits: DEFAULT_LIMITS,
      logInputs: false,
      logger: createLogger({ serviceName: ENVIRONMENT.POWERTOOLS_SERVICE_NAME, logLevel: "INFO" }),
    },
    metrics,
  );
  const handler = createHandler(service);
  return {
    predict: async (sentences: string[]) => {
      const answer = await handler({ sentences }, context).catch((error: Error) => error);
      if (answer instanceof Error)
        throw new Error(answer.message.includes("quote request id") ? "boom" : answer.message);
      return answer;
    },
  };
}

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
  predict: (sentences: readonly string[]) =>
    Promise.resolve(sentences.map(() => [{ label: "acceptable", score: 1 }])),
};

describe("custom metrics (embedded metric format, function/src/metrics.ts)", () => {
  it("are, together, every metric the dashboard reads (infra/metrics.ts, from function/src/metrics.json)", async () => {
    const metrics = createMetrics(ENVIRONMENT, ENVIRONMENT.POWERTOOLS_SERVICE_NAME)!;
    const { stdout } = await captureOutput(async () => {
      recordColdStart(metrics);
      await measuredPredictor(stub, metrics).predict(["a"]);
    });
    const written = emfLines(stdout).flatMap((line) =>
      line._aws.CloudWatchMetrics.flatMap((directive) => directive.Metrics.map((metric) => metric.Name)),
    );
    assert.deepEqual(written.sort(), Object.values(CUSTOM_METRICS).sort());
  });

  it("are off where no namespace is configured (npm start, npm run invoke, tests)", () => {
    assert.equal(createMetrics({}, "cola-classifier"), undefined);
    assert.equal(createMetrics({ POWERTOOLS_METRICS_NAMESPACE: " " }, "cola-classifier"), undefined);
  });

  it("write one line per prediction with inference time and batch size, by service", async () => {
    const metrics = createMetrics(ENVIRONMENT, ENVIRONMENT.POWERTOOLS_SERVICE_NAME)!;
    const predictor = measuredPredictor(stub, metrics);
    const { result, stdout } = await captureOutput(() => predictor.predict(["a", "b", "c"]));
    assert.equal((result as unknown[]).length, 3, "the prediction passes through");
    const lines = emfLines(stdout);
    assert.equal(lines.length, 1, stdout);
    const line = lines[0]!;
    const [directive] = line._aws.CloudWatchMetrics;
    assert.equal(directive?.Namespace, METRICS_NAMESPACE);
    assert.deepEqual(directive?.Dimensions, [[METRICS_SERVICE_DIMENSION]]);
    assert.deepEqual(directive?.Metrics, [
      { Name: "InferenceTime", Unit: "Milliseconds" },
      { Name: "BatchSize", Unit: "Count" },
    ]);
    assert.equal(line[METRICS_SERVICE_DIMENSION], "cola-serverless-dev");
    assert.equal(line.BatchSize, 3);
    assert.ok(typeof line.InferenceTime === "number" && line.InferenceTime >= 0);
  });

  it("still write the line when the prediction fails, and let the failure through", async () => {
    const metrics = createMetrics(ENVIRONMENT, ENVIRONMENT.POWERTOOLS_SERVICE_NAME)!;
    const failing = measuredPredictor({ ...stub, predict: () => Promise.reject(new Error("boom")) }, metrics);
    const { result, stdout } = await captureOutput(() =>
      failing.predict(["a"]).then(
        () => "resolved",
        (e: Error) => e.message,
      ),
    );
    assert.equal(result, "boom");
    assert.equal(emfLines(stdout)[0]?.BatchSize, 1);
  });

  it("write ColdStart 1 once per init", async () => {
    const metrics = createMetrics(ENVIRONMENT, ENVIRONMENT.POWERTOOLS_SERVICE_NAME)!;
    const { stdout } = await captureOutput(() => Promise.resolve(recordColdStart(metrics)));
    const lines = emfLines(stdout);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.ColdStart, 1);
    assert.deepEqual(lines[0]?._aws.CloudWatchMetrics[0]?.Metrics, [{ Name: "ColdStart", Unit: "Count" }]);
  });
});
