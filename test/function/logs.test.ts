import assert from "node:assert/strict";
import { createHandler, type ClassifierHandler } from "../../function/src/handler.js";
import type { Predictor } from "../../function/src/model/predictor.js";
import { captureOutput, jsonLines } from "./support/capture.js";
import { testContext } from "./support/context.js";
import { httpApiEvent, json, restApiEvent, type RequestSpec } from "./support/events.js";
import { outputNamedModelDir } from "./support/paths.js";
import { buildService, loadPredictor } from "./support/service.js";

const SECRET = "My password is hunter2 and I live at 1 Main St.";

type LogLine = Record<string, unknown>;

/** Runs one invocation with stdout and stderr captured; a direct invocation's refusal is returned, not thrown. */
async function invoke(
  handler: ClassifierHandler,
  event: unknown,
  requestId = "req-1",
): Promise<{ stdout: LogLine[]; stderr: string; raw: string }> {
  const { stdout, stderr } = await captureOutput(() =>
    handler(event, testContext(requestId)).catch((error: unknown) => error),
  );
  return { stdout: jsonLines(stdout), stderr, raw: stdout };
}

/** The one line a request writes: every line on stdout is JSON, and there is exactly one. */
function onlyLine(lines: LogLine[]): LogLine {
  assert.equal(lines.length, 1, `expected one log line, got ${JSON.stringify(lines)}`);
  return lines[0] as LogLine;
}

describe("request logs", function () {
  let predictor: Predictor;
  const post = (spec: RequestSpec): ReturnType<typeof httpApiEvent> => httpApiEvent(spec);

  before(async function () {
    predictor = await loadPredictor(outputNamedModelDir);
  });

  function infoHandler(logInputs = false): ClassifierHandler {
    return createHandler(buildService(predictor, { logLevel: "INFO", logInputs }));
  }

  it("writes one structured JSON line per request, with request id, status, latency and batch size", async function () {
    const handler = infoHandler();
    const { stdout, stderr } = await invoke(handler, post({ body: json({ sentence: SECRET }) }), "req-abc");
    assert.equal(stderr, "");
    const line = onlyLine(stdout);
    assert.equal(line.level, "INFO");
    assert.equal(line.message, "request");
    assert.equal(line.service, "cola-test");
    assert.equal(typeof line.timestamp, "string");
    assert.equal(line.function_request_id, "req-abc");
    assert.equal(line.status, 200);
    assert.equal(line.batch_size, 1);
    assert.equal(line.source, "http-api");
    assert.equal(line.method, "POST");
    assert.equal(line.path, "/predict");
    assert.equal(typeof line.latency_ms, "number");
    assert.ok((line.latency_ms as number) >= 0);
    assert.equal(line.error_code, undefined);
  });

  it("marks cold_start true on the first request of a handler only", async function () {
    const handler = infoHandler();
    const first = onlyLine((await invoke(handler, post({ body: "not json" }))).stdout);
    const second = onlyLine((await invoke(handler, post({ body: json({ sentence: "a" }) }))).stdout);
    const third = onlyLine((await invoke(handler, { sentence: "a" })).stdout);
    assert.deepEqual([first.cold_start, second.cold_start, third.cold_start], [true, false, false]);
  });

  it("logs a refusal's status and error code, with batch size 0", async function () {
    const handler = infoHandler();
    const line = onlyLine((await invoke(handler, post({ body: json({ sentences: [SECRET, 5] }) }))).stdout);
    assert.equal(line.status, 400);
    assert.equal(line.error_code, "invalid_input");
    assert.equal(line.batch_size, 0);
    const tooMany = onlyLine(
      (await invoke(handler, post({ body: json({ sentences: new Array<string>(65).fill("a") }) }))).stdout,
    );
    assert.equal(tooMany.status, 413);
    assert.equal(tooMany.error_code, "too_many_sentences");
    const notFound = onlyLine((await invoke(handler, post({ method: "GET", path: "/nope" }))).stdout);
    assert.equal(notFound.status, 404);
    assert.equal(notFound.path, "/nope");
  });

  it("logs a batch's size, the REST API and direct sources, and direct refusals", async function () {
    const handler = infoHandler();
    const batch = onlyLine(
      (await invoke(handler, restApiEvent({ body: json({ sentences: ["a", "b", "c"] }) }))).stdout,
    );
    assert.equal(batch.batch_size, 3);
    assert.equal(batch.source, "rest-api");
    const direct = onlyLine((await invoke(handler, { sentences: ["a", "b"] })).stdout);
    assert.equal(direct.source, "direct");
    assert.equal(direct.batch_size, 2);
    assert.equal(direct.method, undefined);
    const refused = onlyLine((await invoke(handler, { sentence: "" })).stdout);
    assert.equal(refused.status, 400);
    assert.equal(refused.error_code, "invalid_input");
  });

  it("never logs the sentences unless logInputs is set", async function () {
    const handler = infoHandler();
    for (const event of [
      post({ body: json({ sentence: SECRET }) }),
      post({ body: json({ sentences: [SECRET, "ok"] }) }),
      post({ body: json({ sentences: [SECRET, ""] }) }),
      { sentence: SECRET },
    ]) {
      const { stdout, raw } = await invoke(handler, event);
      assert.equal(onlyLine(stdout).sentences, undefined);
      assert.ok(!raw.includes("hunter2"), raw);
    }
  });

  it("logs the sentences when logInputs is true", async function () {
    const handler = infoHandler(true);
    const line = onlyLine(
      (await invoke(handler, post({ body: json({ sentences: [SECRET, "ok"] }) }))).stdout,
    );
    assert.deepEqual(line.sentences, [SECRET, "ok"]);
    const single = onlyLine((await invoke(handler, { sentence: SECRET })).stdout);
    assert.deepEqual(single.sentences, [SECRET]);
  });

  it("logs an internal fault as one request line (500) plus the error with its stack on stderr", async function () {
    const failing = createHandler(
      buildService(
        { info: predictor.info, predict: () => Promise.reject(new Error("tensor on fire")) },
        { logLevel: "INFO" },
      ),
    );
    const { stdout, stderr } = await invoke(failing, post({ body: json({ sentence: "a" }) }), "req-500");
    const line = onlyLine(stdout);
    assert.equal(line.status, 500);
    assert.equal(line.error_code, "internal_error");
    assert.equal(line.function_request_id, "req-500");
    const [failure] = jsonLines(stderr);
    assert.equal(failure?.level, "ERROR");
    assert.equal(failure?.message, "request failed");
    assert.equal(failure?.function_request_id, "req-500");
    const error = failure?.error as { message: string; stack: string };
    assert.equal(error.message, "tensor on fire");
    assert.match(error.stack, /^Error: tensor on fire\n\s+at /);
  });
});
