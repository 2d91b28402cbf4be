import assert from "node:assert/strict";
import { httpApiEvent, type RawRequest } from "../../local/http-api-event.js";

/** The payload 2.0 events the local API (`npm start`) makes of real requests, as API Gateway would. */
function raw(overrides: Partial<RawRequest>): RawRequest {
  return {
    method: "POST",
    url: "/predict",
    headers: { host: "127.0.0.1:3000" },
    body: Buffer.alloc(0),
    sourceIp: "127.0.0.1",
    ...overrides,
  };
}

describe("local API event (local/http-api-event.ts)", function () {
  const text = '{"sentence": "The café sat."}';

  it("passes JSON and text bodies as text", function () {
    for (const type of [
      "application/json",
      "application/json; charset=utf-8",
      "text/plain",
      "application/vnd.api+json",
    ]) {
      const event = httpApiEvent(raw({ headers: { "content-type": type }, body: Buffer.from(text) }));
      assert.equal(event.body, text, type);
      assert.equal(event.isBase64Encoded, false, type);
    }
  });

  it("base64-encodes other bodies (no content type, form encoding, octet-stream), as API Gateway does", function () {
    for (const headers of [
      {},
      { "content-type": "application/x-www-form-urlencoded" },
      { "content-type": "application/octet-stream" },
    ]) {
      const event = httpApiEvent(raw({ headers, body: Buffer.from(text) }));
      assert.equal(event.isBase64Encoded, true);
      assert.equal(Buffer.from(event.body ?? "", "base64").toString("utf8"), text);
    }
  });

  it("takes the request target as sent: // paths stay paths, never a host, and nothing is decoded", function () {
    for (const [url, rawPath, rawQueryString] of [
      ["//", "//", ""],
      ["//a:b@x/health?probe=1", "//a:b@x/health", "probe=1"],
      ["/a/../health", "/a/../health", ""],
      ["/caf%C3%A9?q=%20", "/caf%C3%A9", "q=%20"],
      ["http://x/health", "http://x/health", ""],
    ] as const) {
      const event = httpApiEvent(raw({ method: "GET", url }));
      assert.equal(event.rawPath, rawPath, url);
      assert.equal(event.requestContext.http.path, rawPath, url);
      assert.equal(event.rawQueryString, rawQueryString, url);
      assert.equal(event.headers.host, "127.0.0.1:3000", url);
    }
  });

  it("passes a JSON body that is not valid UTF-8 as text with U+FFFD in place of each bad sequence", function () {
    const body = Buffer.concat([Buffer.from('{"sentence":"a'), Buffer.of(0xff, 0xc3), Buffer.from('b"}')]);
    const event = httpApiEvent(raw({ headers: { "content-type": "application/json" }, body }));
    assert.equal(event.isBase64Encoded, false);
    assert.equal(event.body, '{"sentence":"a\ufffd\ufffdb"}');
  });

  it("leaves the body out when the request has none", function () {
    const event = httpApiEvent(raw({ method: "get", url: "/health" }));
    assert.equal("body" in event, false);
    assert.equal(event.isBase64Encoded, false);
    assert.equal(event.requestContext.http.method, "GET");
    assert.equal(event.rawPath, "/health");
    assert.equal(event.routeKey, "$default");
    assert.equal(event.requestContext.stage, "$default");
  });

  it("joins repeated query parameters and headers with commas and splits cookies", function () {
    const event = httpApiEvent(
      raw({
        url: "/predict?a=1&a=2&b=3",
        headers: { host: "h", "x-many": ["1", "2"], cookie: "c1=x; c2=y" },
      }),
    );
    assert.equal(event.rawQueryString, "a=1&a=2&b=3");
    assert.deepEqual(event.queryStringParameters, { a: "1,2", b: "3" });
    assert.equal(event.headers["x-many"], "1,2");
    assert.deepEqual(event.cookies, ["c1=x", "c2=y"]);
  });

  it("takes query parameter names that Object.prototype also has at face value", function () {
    const event = httpApiEvent(raw({ url: "/predict?constructor=a&toString=b&toString=c" }));
    assert.deepEqual(event.queryStringParameters, { constructor: "a", toString: "b,c" });
  });
});
