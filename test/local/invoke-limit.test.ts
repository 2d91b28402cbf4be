import assert from "node:assert/strict";
import { startServerProcess, type ServerProcess } from "../../bench/load/server-process.js";
import { httpApiEvent } from "../../local/http-api-event.js";
import { exceedsInvokeLimit, TOO_LARGE } from "../../local/invoke-limit.js";
import { LAMBDA_MAX_INVOKE_BYTES } from "../../function/src/settings.js";

const MB = 1024 * 1024;

function eventWithBody(body: Buffer, contentType: string) {
  return httpApiEvent({
    method: "POST",
    url: "/predict",
    headers: { host: "127.0.0.1:3000", "content-type": contentType },
    body,
    sourceIp: "127.0.0.1",
  });
}

describe("local API body limit = Lambda's invoke payload (local/invoke-limit.ts)", function () {
  it("is the function's own ceiling for MAX_BODY_BYTES: 6 MiB", function () {
    assert.equal(LAMBDA_MAX_INVOKE_BYTES, 6 * MB);
  });

  it("counts the whole event as JSON, as Lambda does, not the body alone", function () {
    const oneByte = eventWithBody(Buffer.from("a"), "application/json");
    const overhead = Buffer.byteLength(JSON.stringify(oneByte)) - 1;
    const justFits = Buffer.alloc(LAMBDA_MAX_INVOKE_BYTES - overhead, "a");
    assert.equal(exceedsInvokeLimit(eventWithBody(justFits, "application/json")), false);
    const oneMore = Buffer.alloc(LAMBDA_MAX_INVOKE_BYTES - overhead + 1, "a");
    assert.equal(exceedsInvokeLimit(eventWithBody(oneMore, "application/json")), true);
    // A body that is not text arrives base64-encoded: 4.5 MiB of it is 6 MiB in the event.
    assert.equal(
      exceedsInvokeLimit(eventWithBody(Buffer.alloc(4.5 * MB, "a"), "application/octet-stream")),
      true,
    );
  });

  describe("over real HTTP (npm start)", function () {
    let server: ServerProcess | undefined;

    before(async function () {
      server = await startServerProcess();
    });

    after(async function () {
      await server?.stop();
    });

    async function post(body: Buffer, contentType: string): Promise<{ status: number; body: unknown }> {
      const response = await fetch(`${server?.baseUrl}/predict`, {
        method: "POST",
        headers: { "content-type": contentType },
        body,
      });
      return { status: response.status, body: await response.json() };
    }

    it("a body the invoke cannot carry gets the gateway's 413, before the function runs", async function () {
      const handledBefore = server?.handledRequests() ?? 0;
      for (const [size, type] of [
        [6 * MB + 1, "application/json"],
        [8 * MB, "application/json"],
        [4.5 * MB, "application/octet-stream"],
      ] as const) {
        const reply = await post(Buffer.alloc(size, "a"), type);
        assert.deepEqual(reply, { status: TOO_LARGE.status, body: TOO_LARGE.body }, `${size} ${type}`);
      }
      assert.equal(server?.handledRequests(), handledBefore, "the handler never ran");
    });

    it("a body under it but over MAX_BODY_BYTES gets the function's own 413 payload_too_large", async function () {
      const reply = await post(Buffer.alloc(5 * MB, "a"), "application/json");
      assert.equal(reply.status, 413);
      assert.equal((reply.body as { error: { code: string } }).error.code, "payload_too_large");
    });
  });
});
