import assert from "node:assert/strict";
import { createLogger } from "../../function/src/logger.js";
import { captureOutput } from "./support/capture.js";

/** The lines `action` writes to stdout, parsed. */
async function linesOf(action: () => void): Promise<Record<string, unknown>[]> {
  const { stdout } = await captureOutput(() => Promise.resolve(action()));
  return stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("the request log line", function () {
  const traceVariable = "_X_AMZN_TRACE_ID";
  let savedTrace: string | undefined;
  beforeEach(() => (savedTrace = process.env[traceVariable]));
  afterEach(() => {
    if (savedTrace === undefined) delete process.env[traceVariable];
    else process.env[traceVariable] = savedTrace;
  });

  it("has Powertools' keys first, then the request's fields, as one JSON line", async function () {
    delete process.env[traceVariable];
    const logger = createLogger({ serviceName: "cola-test", logLevel: "INFO" });
    const [line, ...more] = await linesOf(() => logger.request({ status: 200, batch_size: 2, path: 'a"b' }));
    assert.deepEqual(more, []);
    assert.deepEqual(Object.keys(line ?? {}), [
      "level",
      "message",
      "timestamp",
      "service",
      "status",
      "batch_size",
      "path",
    ]);
    assert.equal(line?.level, "INFO");
    assert.equal(line?.message, "request");
    assert.equal(line?.service, "cola-test");
    assert.ok(!Number.isNaN(Date.parse(String(line?.timestamp))));
    assert.equal(line?.path, 'a"b');
  });

  it("carries the X-Ray trace id of the invocation, as Powertools' lines do", async function () {
    const logger = createLogger({ serviceName: "cola-test", logLevel: "INFO" });
    process.env[traceVariable] = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    const [request, info] = await linesOf(() => {
      logger.request({});
      logger.info("same id");
    });
    assert.equal(request?.xray_trace_id, "1-5759e988-bd862e3fe1be46a994272793");
    assert.equal(request?.xray_trace_id, info?.xray_trace_id);
  });

  it("is written at INFO and DEBUG, not at WARN or ERROR", async function () {
    for (const [logLevel, expected] of [
      ["DEBUG", 1],
      ["INFO", 1],
      ["WARN", 0],
      ["ERROR", 0],
    ] as const) {
      const logger = createLogger({ serviceName: "cola-test", logLevel });
      assert.equal((await linesOf(() => logger.request({ status: 200 }))).length, expected, logLevel);
    }
  });
});
