import assert from "node:assert/strict";
import type { HttpResult } from "../../../function/src/http/response.js";

/**
 * Checks the HTTP result shape every answer shares: JSON, labelled as JSON, never base64; or, for OPTIONS, 204 with
 * an `allow` header and no body at all.
 */
export function assertHttpResult(value: unknown): asserts value is HttpResult {
  assert.ok(typeof value === "object" && value !== null, `expected an HTTP result, got ${String(value)}`);
  const result = value as HttpResult;
  assert.equal(typeof result.statusCode, "number");
  assert.equal(result.isBase64Encoded, false);
  assert.equal(typeof result.body, "string");
  if (result.statusCode === 204) {
    assert.deepEqual(Object.keys(result.headers), ["allow"]);
    assert.match(result.headers.allow ?? "", /^(GET|POST), OPTIONS$/);
    assert.equal(result.body, "");
    return;
  }
  assert.match(result.headers["content-type"] ?? "", /^application\/json\b/);
}

/** The parsed body of a 200 answer. */
export function okBody(value: unknown): unknown {
  assertHttpResult(value);
  assert.equal(value.statusCode, 200, `expected 200, got ${value.statusCode}: ${value.body}`);
  return JSON.parse(value.body) as unknown;
}

export interface ExpectedError {
  status: number;
  code: string;
  message: RegExp;
}

/** A refusal: the status, and a body of exactly {"error": {"code", "message"}} with no stack trace in it. */
export function assertErrorResult(value: unknown, expected: ExpectedError): HttpResult {
  assertHttpResult(value);
  assert.equal(
    value.statusCode,
    expected.status,
    `expected ${expected.status}, got ${value.statusCode}: ${value.body}`,
  );
  const body = JSON.parse(value.body) as { error: { code: unknown; message: unknown } };
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.deepEqual(Object.keys(body.error).sort(), ["code", "message"]);
  assert.equal(body.error.code, expected.code);
  assert.equal(typeof body.error.message, "string");
  const message = body.error.message as string;
  assert.match(message, expected.message);
  assert.doesNotMatch(message, /\n\s+at\s/, "the message holds a stack trace");
  return value;
}
