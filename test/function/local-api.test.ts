import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import path from "node:path";
import { startServerProcess, type ServerProcess } from "../../bench/load/server-process.js";
import { runTsx, type ChildResult } from "./support/child.js";
import { configLabels, readJson } from "./support/model-folders.js";
import { bundledModelDir } from "./support/paths.js";
import { assertBatchScores, assertLabelScores } from "./support/scores.js";

/*
 * The local API (`npm start`: local/server.ts) and `npm run invoke` (local/invoke.ts) end to end, in their own
 * processes, serving the bundled model: real HTTP requests become payload 2.0 events for the real entry point.
 */

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** One HTTP request with exactly the headers given (fetch would add a content type to a string body). */
function send(
  baseUrl: string,
  method: string,
  route: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const url = new URL(route, baseUrl);
    const outgoing = httpRequest(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: JSON.parse(text) as unknown,
        });
      });
      response.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

const JSON_TYPE = { "content-type": "application/json" };
const SENTENCE = "The cat sat on the mat.";

function assertJsonError(reply: Reply, status: number, code: string): void {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  assert.match(reply.headers["content-type"] ?? "", /^application\/json\b/);
  const { error } = reply.body as { error: { code: string; message: string } };
  assert.equal(error.code, code);
  assert.equal(typeof error.message, "string");
}

describe("local API (npm start) over real HTTP", function () {
  let server: ServerProcess | undefined;
  let baseUrl: string;
  let labels: string[];
  let single: unknown;

  before(async function () {
    server = await startServerProcess();
    baseUrl = server.baseUrl;
    labels = configLabels(bundledModelDir);
  });

  after(async function () {
    await server?.stop();
  });

  it("answers a curl-style POST /predict with JSON: 200, application/json, one label list", async function () {
    const reply = await send(baseUrl, "POST", "/predict", JSON.stringify({ sentence: SENTENCE }), JSON_TYPE);
    assert.equal(reply.status, 200);
    assert.equal(reply.headers["content-type"], "application/json; charset=utf-8");
    assertLabelScores(reply.body, labels);
    single = reply.body;
  });

  it("answers a batch with one label list per sentence", async function () {
    const reply = await send(
      baseUrl,
      "POST",
      "/predict",
      JSON.stringify({ sentences: [SENTENCE, "Sat the cat."] }),
      JSON_TYPE,
    );
    assert.equal(reply.status, 200);
    assertBatchScores(reply.body, labels, 2);
  });

  it("answers a POST with no content type (its body arrives base64-encoded) the same way", async function () {
    const reply = await send(baseUrl, "POST", "/predict", JSON.stringify({ sentence: SENTENCE }));
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, single);
  });

  it("answers curl's default form encoding (curl -d) the same way", async function () {
    const reply = await send(baseUrl, "POST", "/predict", JSON.stringify({ sentence: SENTENCE }), {
      "content-type": "application/x-www-form-urlencoded",
    });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, single);
  });

  it("predicts on the original REST API's POST /prediction", async function () {
    const reply = await send(
      baseUrl,
      "POST",
      "/prediction",
      JSON.stringify({ sentence: SENTENCE }),
      JSON_TYPE,
    );
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, single);
  });

  it("reports the bundled model on GET /health: name, labels, max length and the sha256 of models/model.onnx", async function () {
    const reply = await send(baseUrl, "GET", "/health");
    assert.equal(reply.status, 200);
    const config = readJson<{ max_position_embeddings?: number; _name_or_path?: string }>(
      path.join(bundledModelDir, "config.json"),
    );
    const sha256 = createHash("sha256")
      .update(readFileSync(path.join(bundledModelDir, "model.onnx")))
      .digest("hex");
    assert.deepEqual(reply.body, {
      status: "ok",
      model: {
        name: config._name_or_path ?? "models",
        labels,
        maxLength: Math.min(128, config.max_position_embeddings ?? 128),
        sha256,
      },
      limits: { maxSentences: 64, maxSentenceChars: 2000, maxBodyBytes: 65536 },
    });
    assert.equal((await send(baseUrl, "GET", "/health/?probe=1")).status, 200);
  });

  it("answers PUT /predict with 405 and allow: POST", async function () {
    const reply = await send(baseUrl, "PUT", "/predict", JSON.stringify({ sentence: SENTENCE }), JSON_TYPE);
    assertJsonError(reply, 405, "method_not_allowed");
    assert.equal(reply.headers.allow, "POST, OPTIONS");
  });

  it("answers GET on an unknown path with 404", async function () {
    assertJsonError(await send(baseUrl, "GET", "/nope"), 404, "not_found");
  });

  it("answers a body over 64 KiB with 413", async function () {
    const reply = await send(
      baseUrl,
      "POST",
      "/predict",
      JSON.stringify({ sentence: "a".repeat(70_000) }),
      JSON_TYPE,
    );
    assertJsonError(reply, 413, "payload_too_large");
  });

  it("answers a good request normally right after a bad one", async function () {
    assertJsonError(await send(baseUrl, "POST", "/predict", '{"sentence": ', JSON_TYPE), 400, "invalid_json");
    assertJsonError(
      await send(baseUrl, "POST", "/predict", '{"sentence": "\\u0000"}', JSON_TYPE),
      400,
      "invalid_input",
    );
    const reply = await send(baseUrl, "POST", "/predict", JSON.stringify({ sentence: SENTENCE }), JSON_TYPE);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, single);
  });
});

describe("npm run invoke (local/invoke.ts)", function () {
  const script = path.join("local", "invoke.ts");
  let results: Record<string, ChildResult>;

  before(async function () {
    const runs: Record<string, string[]> = {
      single: [JSON.stringify({ sentence: SENTENCE })],
      refused: ['{"sentence": 42}'],
      notJson: ["{sentence: nope}"],
    };
    const entries = await Promise.all(
      Object.entries(runs).map(async ([name, args]) => [name, await runTsx([script, ...args])] as const),
    );
    results = Object.fromEntries(entries);
  });

  /** What invoke printed after the handler's one-line JSON logs: the (pretty-printed) result. */
  function printed(result: ChildResult | undefined): unknown {
    const text = (result?.stdout ?? "")
      .split("\n")
      .filter((line) => !line.startsWith('{"level":'))
      .join("\n");
    return JSON.parse(text) as unknown;
  }

  it("prints the label list for a sentence and exits 0", function () {
    assert.equal(results.single?.code, 0, results.single?.stderr);
    assertLabelScores(printed(results.single), configLabels(bundledModelDir));
  });

  it("prints Lambda's error shape {errorType, errorMessage} and exits 1 for a refused payload", function () {
    assert.equal(results.refused?.code, 1);
    assert.deepEqual(printed(results.refused), {
      errorType: "InvalidInputError",
      errorMessage: '"sentence" must be a string; got a number',
    });
  });

  it("says the payload is not JSON and exits 1", function () {
    assert.equal(results.notJson?.code, 1);
    assert.match(results.notJson?.stderr ?? "", /^the payload is not JSON: /);
  });
});
