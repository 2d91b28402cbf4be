/**
 * endpoint functionUrl: the same answers on every path. A function URL has no route table: every request reaches
 * the handler as a payload 2.0 event with routeKey "$default" (support/function-url-event.ts, after the request
 * payload of https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html). The replay table's requests, sent
 * that way, must get what `npm start` (and so the HTTP API) answers, with auth none and with AWS_IAM's identity.
 *
 * OPTIONS here is a plain OPTIONS (no Origin): it reaches the function, which answers 204 and `allow`. A browser's
 * preflight is answered by the URL's own CORS configuration (infra/function-url.ts), as the HTTP API's is.
 */
import * as assert from "node:assert/strict";
import { startServerProcess, type ServerProcess } from "../../bench/load/server-process.js";
import type { ClassifierHandler } from "../../function/src/handler.js";
import { readInvocation } from "../../function/src/http/invocation.js";
import { lambdaContext } from "../../local/lambda-context.js";
import { functionUrlEvent } from "./support/function-url-event";
import { bundledHandler, overHttp, parseBody, REPLAY, type Answer, type Probe } from "./support/replay";

async function throughFunctionUrl(handler: ClassifierHandler, probe: Probe, iam: boolean): Promise<Answer> {
  const event = functionUrlEvent({
    method: probe.method,
    target: probe.path,
    headers: probe.body === undefined ? {} : { "content-type": "application/json" },
    body: probe.body,
    iam,
  });
  const result = await handler(event, lambdaContext());
  return {
    status: result.statusCode,
    contentType: result.headers["content-type"],
    allow: result.headers.allow,
    body: parseBody(result.body),
  };
}

describe("replay through a function URL: the handler answers every request as npm start does", function () {
  let server: ServerProcess | undefined;
  let handler: ClassifierHandler;

  before(async function () {
    server = await startServerProcess();
    handler = await bundledHandler();
  });

  after(async function () {
    await server?.stop();
  });

  it("reads the docs' function URL event as an HTTP request, path and method from requestContext.http", () => {
    const invocation = readInvocation(
      functionUrlEvent({ method: "post", target: "/predict/?x=1", headers: {}, body: "{}", iam: true }),
    );
    assert.deepEqual(invocation, {
      kind: "http",
      request: { source: "http-api", method: "POST", path: "/predict", body: "{}", isBase64Encoded: false },
    });
  });

  for (const iam of [false, true]) {
    describe(iam ? "AWS_IAM (the signer's identity in the event)" : "NONE", () => {
      for (const probe of REPLAY) {
        it(`${probe.method} ${probe.path}${probe.body === undefined ? "" : ` (${probe.body.length} bytes)`}`, async function () {
          const local = await overHttp(server!.baseUrl, probe);
          const deployed = await throughFunctionUrl(handler, probe, iam);
          assert.deepEqual(deployed, local);
        });
      }
    });
  }

  it("covers success, OPTIONS' 204, /health, and the handler's 400, 404, 405 and 413", async function () {
    const statuses = new Set<number>();
    for (const probe of REPLAY) statuses.add((await throughFunctionUrl(handler, probe, false)).status);
    assert.deepEqual([...statuses].sort(), [200, 204, 400, 404, 405, 413]);
    const health = await throughFunctionUrl(handler, { method: "GET", path: "/health" }, false);
    assert.equal(health.status, 200);
    const options = await throughFunctionUrl(handler, { method: "OPTIONS", path: "/predict" }, true);
    assert.deepEqual([options.status, options.allow], [204, "POST, OPTIONS"]);
  });
});
