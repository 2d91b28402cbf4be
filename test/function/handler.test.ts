import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createHandler, type ClassifierHandler, type Service } from "../../function/src/handler.js";
import type { LabelScore, Predictor } from "../../function/src/model/predictor.js";
import { ERROR_STATUS, RequestError, type ErrorCode } from "../../function/src/request/errors.js";
import { captureOutput, jsonLines } from "./support/capture.js";
import { testContext } from "./support/context.js";
import {
  base64,
  blogPostRestEvent,
  EVENT_SHAPES,
  eventFor,
  functionUrlEvent,
  functionUrlExample,
  httpApiEvent,
  httpApiExample,
  json,
  restApiEvent,
  restApiExample,
} from "./support/events.js";
import { assertErrorResult, assertHttpResult, okBody } from "./support/http-results.js";
import { configLabels } from "./support/model-folders.js";
import { outputNamedModelDir } from "./support/paths.js";
import { assertBatchScores, assertLabelScores, assertScoresClose } from "./support/scores.js";
import { buildService, loadPredictor } from "./support/service.js";

const SENTENCE = "The cat sat on the mat.";
const BATCH = [
  "The cat sat on the mat.",
  "Mat the on sat cat the.",
  "Colorless green ideas sleep furiously.",
];

describe("handler", function () {
  let predictor: Predictor;
  let labels: string[];
  let handler: ClassifierHandler;
  /** The direct answer for SENTENCE: every HTTP shape must give exactly this. */
  let expected: LabelScore[];

  before(async function () {
    predictor = await loadPredictor(outputNamedModelDir);
    labels = configLabels(outputNamedModelDir);
    handler = createHandler(buildService(predictor));
    const [scores] = await predictor.predict([SENTENCE]);
    assert.ok(scores !== undefined);
    expected = scores;
  });

  describe("HTTP API payload 2.0", function () {
    it("answers the AWS docs' example event, adapted to POST /predict, with the sentence's label list", async function () {
      const event = httpApiExample();
      assert.equal(event.version, "2.0");
      assert.equal(event.routeKey, "POST /predict");
      const body = okBody(await handler(event, testContext()));
      assertLabelScores(body, labels);
      assert.deepEqual(body, expected);
    });

    it("decodes a base64 body (isBase64Encoded), as API Gateway sends non-text content types", async function () {
      const event = httpApiEvent({
        body: base64(json({ sentence: SENTENCE })),
        isBase64Encoded: true,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
      assert.deepEqual(okBody(await handler(event, testContext())), expected);
    });

    it("answers a batch with one label list per sentence", async function () {
      const body = okBody(await handler(httpApiEvent({ body: json({ sentences: BATCH }) }), testContext()));
      assertBatchScores(body, labels, BATCH.length);
      assertScoresClose(body, await predictor.predict(BATCH));
    });

    it("routes by the route key on a named stage: rawPath /dev/health with routeKey GET /health", async function () {
      const event = httpApiEvent({ method: "GET", path: "/dev/health" }, "GET /health");
      event.requestContext.stage = "dev";
      assertHealth(await handler(event, testContext()));
      const predict = httpApiEvent(
        { path: "/dev/predict", body: json({ sentence: SENTENCE }) },
        "POST /predict",
      );
      predict.requestContext.stage = "dev";
      assert.deepEqual(okBody(await handler(predict, testContext())), expected);
    });

    it("takes the path from a fixed route key, whatever prefix rawPath carries (a custom domain's mapping key)", async function () {
      const health = httpApiEvent({ method: "GET", path: "/v1/health" }, "GET /health");
      health.requestContext.domainName = "api.example.com";
      health.requestContext.domainPrefix = "api";
      assertHealth(await handler(health, testContext()));
      const predict = httpApiEvent(
        { path: "/v1/predict", body: json({ sentence: SENTENCE }) },
        "POST /predict",
      );
      predict.requestContext.domainName = "api.example.com";
      assert.deepEqual(okBody(await handler(predict, testContext())), expected);
    });

    it("strips the stage from rawPath under $default and greedy routes (ANY /{proxy+})", async function () {
      for (const routeKey of ["$default", "ANY /{proxy+}"]) {
        const health = httpApiEvent({ method: "GET", path: "/dev/health" }, routeKey);
        health.requestContext.stage = "dev";
        assertHealth(await handler(health, testContext()));
        const predict = httpApiEvent({ path: "/dev/predict", body: json({ sentence: SENTENCE }) }, routeKey);
        predict.requestContext.stage = "dev";
        assert.deepEqual(okBody(await handler(predict, testContext())), expected);
        const missing = httpApiEvent({ method: "GET", path: "/dev/nope" }, routeKey);
        missing.requestContext.stage = "dev";
        assertErrorResult(await handler(missing, testContext()), {
          status: 404,
          code: "not_found",
          message: /^no resource at \/nope; use POST \/predict to classify or GET \/health$/,
        });
      }
    });

    it("routes by rawPath when a malformed event's routeKey or stage is not a string, instead of throwing", async function () {
      for (const junk of [42, null, { a: 1 }, ["GET /health"]]) {
        const health = httpApiEvent({ method: "GET", path: "/health" }) as unknown as Record<string, unknown>;
        health.routeKey = junk;
        (health.requestContext as Record<string, unknown>).stage = junk;
        assertHealth(await handler(health, testContext()));
      }
    });

    it("ignores trailing slashes", async function () {
      for (const rawPath of ["/health/", "/health//"]) {
        assertHealth(
          await handler(httpApiEvent({ method: "GET", path: rawPath }, "$default"), testContext()),
        );
      }
      const predict = httpApiEvent({ path: "/predict/", body: json({ sentence: SENTENCE }) }, "$default");
      assert.deepEqual(okBody(await handler(predict, testContext())), expected);
      assertErrorResult(
        await handler(httpApiEvent({ method: "GET", path: "/predict/" }, "$default"), testContext()),
        {
          status: 405,
          code: "method_not_allowed",
          message: /^GET is not allowed on \/predict; allowed: POST, OPTIONS$/,
        },
      );
    });
  });

  describe("function URL", function () {
    it("treats the AWS docs' example (POST /my/path, body 'Hello from client!') as a predict request that is not JSON", async function () {
      const event = functionUrlExample();
      assert.equal(event.requestContext.domainName, "<url-id>.lambda-url.us-west-2.on.aws");
      assertErrorResult(await handler(event, testContext()), {
        status: 400,
        code: "invalid_json",
        message: /^the body is not valid JSON: /,
      });
    });

    it("predicts on any POST path, health on GET /health, and base64 bodies", async function () {
      for (const rawPath of ["/", "/predict", "/prediction"]) {
        const event = functionUrlEvent({ path: rawPath, body: json({ sentence: SENTENCE }) });
        assert.deepEqual(okBody(await handler(event, testContext())), expected);
      }
      const encoded = functionUrlEvent({ body: base64(json({ sentence: SENTENCE })), isBase64Encoded: true });
      assert.deepEqual(okBody(await handler(encoded, testContext())), expected);
      assertHealth(await handler(functionUrlEvent({ method: "GET", path: "/health" }), testContext()));
      assertErrorResult(await handler(functionUrlEvent({ method: "GET", path: "/" }), testContext()), {
        status: 404,
        code: "not_found",
        message: /^no resource at \/;/,
      });
    });
  });

  describe("REST API proxy 1.0", function () {
    it("answers the AWS docs' example (GET /my/path) with 404", async function () {
      assertErrorResult(await handler(restApiExample(), testContext()), {
        status: 404,
        code: "not_found",
        message: /^no resource at \/my\/path;/,
      });
    });

    it("answers the original blog post's event (POST /prediction on stage deploy) with its label list", async function () {
      const event = blogPostRestEvent();
      assert.equal(event.requestContext.path, "/deploy/prediction");
      const body = okBody(await handler(event, testContext()));
      assertLabelScores(body, labels);
      const [scores] = await predictor.predict(["this is a sample sentence"]);
      assert.deepEqual(body, scores);
    });

    it("decodes a base64 body in the blog post's event", async function () {
      const event = blogPostRestEvent();
      event.body = base64(event.body ?? "");
      event.isBase64Encoded = true;
      const [scores] = await predictor.predict(["this is a sample sentence"]);
      assert.deepEqual(okBody(await handler(event, testContext())), scores);
    });

    it("routes a greedy resource (/{proxy+}) by the request path", async function () {
      const health = restApiEvent({ method: "GET", path: "/health" });
      health.resource = "/{proxy+}";
      health.pathParameters = { proxy: "health" };
      assertHealth(await handler(health, testContext()));
      const predict = restApiEvent({ path: "/prediction", body: json({ sentence: SENTENCE }) });
      predict.resource = "/{proxy+}";
      predict.pathParameters = { proxy: "prediction" };
      assert.deepEqual(okBody(await handler(predict, testContext())), expected);
    });
  });

  describe("GET /health", function () {
    it("reports the model's name, labels, max length and the sha256 of model.onnx, and the limits, on every event shape", async function () {
      for (const shape of EVENT_SHAPES) {
        assertHealth(await handler(eventFor(shape, { method: "GET", path: "/health" }), testContext()));
      }
    });

    it("reports the limits the service was built with", async function () {
      const limits = { maxSentences: 3, maxSentenceChars: 100, maxBodyBytes: 1000 };
      const limited = createHandler(buildService(predictor, { limits }));
      const result = await limited(httpApiEvent({ method: "GET", path: "/health" }), testContext());
      assert.deepEqual((okBody(result) as { limits: unknown }).limits, limits);
    });
  });

  describe("routing", function () {
    it("predicts on any POST except to /health (the HTTP API's /predict, the REST API's /prediction, others)", async function () {
      for (const shape of EVENT_SHAPES) {
        for (const route of ["/predict", "/prediction", "/", "/v1/classify"]) {
          const result = await handler(
            eventFor(shape, { path: route, body: json({ sentence: SENTENCE }) }),
            testContext(),
          );
          assert.deepEqual(okBody(result), expected, `${shape} POST ${route}`);
        }
      }
    });

    it("answers other methods on a predict path with 405 and an allow header naming POST", async function () {
      for (const shape of EVENT_SHAPES) {
        for (const method of ["GET", "PUT", "DELETE", "PATCH", "HEAD"]) {
          for (const route of ["/predict", "/prediction"]) {
            const result = assertErrorResult(
              await handler(eventFor(shape, { method, path: route }), testContext()),
              {
                status: 405,
                code: "method_not_allowed",
                message: new RegExp(`^${method} is not allowed on ${route}; allowed: POST, OPTIONS$`),
              },
            );
            assert.equal(result.headers.allow, "POST, OPTIONS", `${shape} ${method} ${route}`);
          }
        }
      }
    });

    it("answers anything but GET on /health with 405 and allow: GET", async function () {
      for (const shape of EVENT_SHAPES) {
        for (const method of ["POST", "PUT", "DELETE"]) {
          const result = await handler(
            eventFor(shape, { method, path: "/health", body: json({ sentence: "x" }) }),
            testContext(),
          );
          assert.equal(
            assertErrorResult(result, {
              status: 405,
              code: "method_not_allowed",
              message: /allowed: GET, OPTIONS$/,
            }).headers.allow,
            "GET, OPTIONS",
          );
        }
      }
    });

    it("answers OPTIONS on every path with 204, no body and the path's methods in allow", async function () {
      const expected: [string, string][] = [
        ["/health", "GET, OPTIONS"],
        ["/predict", "POST, OPTIONS"],
        ["/prediction", "POST, OPTIONS"],
        ["/", "POST, OPTIONS"],
        ["/v1/classify", "POST, OPTIONS"],
      ];
      for (const shape of EVENT_SHAPES) {
        for (const [route, allow] of expected) {
          // A browser's preflight carries these; the answer is the same without them.
          for (const headers of [
            {} as Record<string, string>,
            { origin: "https://example.com", "access-control-request-method": "POST" },
          ]) {
            const result = await handler(
              eventFor(shape, { method: "OPTIONS", path: route, headers }),
              testContext(),
            );
            assert.deepEqual(
              result,
              { statusCode: 204, headers: { allow }, body: "", isBase64Encoded: false },
              `${shape} OPTIONS ${route}`,
            );
          }
        }
      }
    });

    it("answers 404 only for a GET on an unknown path; other methods there are 405", async function () {
      for (const shape of EVENT_SHAPES) {
        const missing = assertErrorResult(
          await handler(eventFor(shape, { method: "GET", path: "/nope" }), testContext()),
          {
            status: 404,
            code: "not_found",
            message: /^no resource at \/nope;/,
          },
        );
        assert.equal(missing.headers.allow, undefined);
        for (const method of ["PUT", "DELETE"]) {
          assertErrorResult(await handler(eventFor(shape, { method, path: "/nope" }), testContext()), {
            status: 405,
            code: "method_not_allowed",
            message: /allowed: POST, OPTIONS$/,
          });
        }
      }
    });

    it("answers every HTTP request as JSON with content-type application/json", async function () {
      const results = [
        await handler(httpApiEvent({ body: json({ sentence: SENTENCE }) }), testContext()),
        await handler(httpApiEvent({ method: "GET", path: "/health" }), testContext()),
        await handler(httpApiEvent({ body: "{" }), testContext()),
        await handler(restApiEvent({ method: "GET", path: "/nope" }), testContext()),
      ];
      for (const result of results) {
        assertHttpResult(result);
        assert.equal(result.headers["content-type"], "application/json; charset=utf-8");
        assert.doesNotThrow(() => JSON.parse(result.body) as unknown);
      }
    });
  });

  describe("direct invocations", function () {
    it("return the plain label list for a sentence, with no HTTP envelope", async function () {
      const result = await handler({ sentence: SENTENCE }, testContext());
      assertLabelScores(result, labels);
      assert.deepEqual(result, expected);
    });

    it("return one label list per sentence for a batch", async function () {
      const result = await handler({ sentences: BATCH }, testContext());
      assertBatchScores(result, labels, BATCH.length);
      assertScoresClose(result, await predictor.predict(BATCH));
    });

    it("throw refusals as a RequestError whose name is the error type and whose code is the API's", async function () {
      const cases: { payload: unknown; name: string; code: string; message: RegExp }[] = [
        {
          payload: { sentence: 42 },
          name: "InvalidInputError",
          code: "invalid_input",
          message: /^"sentence" must be a string; got a number$/,
        },
        { payload: {}, name: "InvalidInputError", code: "invalid_input", message: /^missing field/ },
        { payload: null, name: "InvalidInputError", code: "invalid_input", message: /got null$/ },
        {
          payload: "The cat sat.",
          name: "InvalidInputError",
          code: "invalid_input",
          message: /got a string$/,
        },
        {
          payload: { sentences: new Array(65).fill("a") },
          name: "TooManySentencesError",
          code: "too_many_sentences",
          message: /at most 64/,
        },
        {
          payload: { sentence: "a".repeat(2001) },
          name: "SentenceTooLongError",
          code: "sentence_too_long",
          message: /at most 2000/,
        },
        // An HTTP-looking payload that is no API Gateway event is a direct request with unknown fields.
        {
          payload: { httpMethod: "POST", body: json({ sentence: "x" }) },
          name: "InvalidInputError",
          code: "invalid_input",
          message: /^unknown field "httpMethod"/,
        },
      ];
      for (const { payload, name, code, message } of cases) {
        await assert.rejects(handler(payload, testContext()), (error: unknown) => {
          assert.ok(error instanceof RequestError, `expected a RequestError for ${JSON.stringify(payload)}`);
          assert.equal(error.name, name);
          assert.equal(error.code, code);
          assert.match(error.message, message);
          return true;
        });
      }
    });
    it("name each error type after its code, ending in one Error, as Lambda reports it (errorType)", function () {
      const expectedNames: Record<ErrorCode, string> = {
        invalid_body: "InvalidBodyError",
        invalid_json: "InvalidJsonError",
        invalid_input: "InvalidInputError",
        invalid_event: "InvalidEventError",
        payload_too_large: "PayloadTooLargeError",
        too_many_sentences: "TooManySentencesError",
        sentence_too_long: "SentenceTooLongError",
        not_found: "NotFoundError",
        method_not_allowed: "MethodNotAllowedError",
        internal_error: "InternalError",
      };
      for (const code of Object.keys(ERROR_STATUS) as ErrorCode[]) {
        const error = new RequestError(code, "why");
        assert.equal(error.name, expectedNames[code]);
        assert.equal(error.statusCode, ERROR_STATUS[code]);
        assert.deepEqual(error.toJSON(), { error: { code, message: "why" } });
      }
    });
  });

  describe("internal faults", function () {
    type Predict = Service["predictor"]["predict"];
    function failingService(predict: Predict): Service {
      return buildService({ info: predictor.info, predict });
    }
    const leak = "onnxruntime exploded in /opt/secret/path";

    it("answer 500 naming the request id, with no stack or fault detail, and log the fault in full", async function () {
      const failing = createHandler(failingService(() => Promise.reject(new Error(leak))));
      const context = testContext();
      const { result, stderr } = await captureOutput(() =>
        failing(httpApiEvent({ body: json({ sentence: SENTENCE }) }), context),
      );
      const error = assertErrorResult(result, {
        status: 500,
        code: "internal_error",
        message: new RegExp(`quote request id ${context.awsRequestId} when reporting it$`),
      });
      assert.ok(!error.body.includes("exploded") && !error.body.includes("/opt/secret"));
      const [line] = jsonLines(stderr).filter((entry) => entry.message === "request failed");
      assert.ok(line !== undefined, `no "request failed" line in ${stderr}`);
      assert.equal(line.function_request_id, context.awsRequestId);
      const logged = line.error as { message: string; stack: string };
      assert.equal(logged.message, leak);
      assert.match(logged.stack, /\n\s+at /);
    });

    it("answer 500 whether the predictor throws, rejects, or rejects with something that is no Error", async function () {
      const faults: Predict[] = [
        () => {
          throw new Error(leak);
        },
        () => Promise.reject(new TypeError(leak)),
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        () => Promise.reject(leak),
      ];
      for (const fault of faults) {
        const failing = createHandler(failingService(fault));
        const { result } = await captureOutput(() =>
          failing(restApiEvent({ body: json({ sentences: BATCH }) }), testContext("req-123")),
        );
        const error = assertErrorResult(result, { status: 500, code: "internal_error", message: /req-123/ });
        assert.ok(!error.body.includes("exploded"));
      }
    });

    it("throw an InternalError naming the request id to a direct invoker", async function () {
      const failing = createHandler(failingService(() => Promise.reject(new Error(leak))));
      const { result } = await captureOutput(() =>
        failing({ sentence: SENTENCE }, testContext("req-456")).catch((error: unknown) => error),
      );
      assert.ok(result instanceof RequestError);
      assert.equal(result.name, "InternalError");
      assert.equal(result.code, "internal_error");
      assert.match(result.message, /req-456/);
      assert.ok(!result.message.includes("exploded"));
    });

    it("do not outlive the request: the next one is answered normally", async function () {
      let calls = 0;
      const flaky = createHandler(
        failingService((sentences) => {
          calls++;
          return calls === 1 ? Promise.reject(new Error(leak)) : predictor.predict(sentences);
        }),
      );
      const event = (): ReturnType<typeof httpApiEvent> =>
        httpApiEvent({ body: json({ sentence: SENTENCE }) });
      const { result } = await captureOutput(() => flaky(event(), testContext()));
      assertErrorResult(result, { status: 500, code: "internal_error", message: /request id/ });
      assert.deepEqual(okBody(await flaky(event(), testContext())), expected);
      assertHealth(await flaky(httpApiEvent({ method: "GET", path: "/health" }), testContext()));
    });
  });

  function assertHealth(result: unknown): void {
    const body = okBody(result) as {
      status: string;
      model: { name: string; labels: string[]; maxLength: number; sha256: string };
      limits: unknown;
    };
    const sha256 = createHash("sha256")
      .update(readFileSync(path.join(outputNamedModelDir, "model.onnx")))
      .digest("hex");
    assert.deepEqual(body, {
      status: "ok",
      model: { name: "model-output-named", labels, maxLength: 128, sha256 },
      limits: { maxSentences: 64, maxSentenceChars: 2000, maxBodyBytes: 65536 },
    });
  }
});
