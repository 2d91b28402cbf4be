import type { RequestError } from "../request/errors.js";

/** Fits both the HTTP API (payload 2.0) and the REST API (1.0) result shapes. */
export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" } as const;

/** A success without a body (204 No Content), such as the answer to OPTIONS; anything else succeeds as JSON. */
export class EmptyAnswer {
  constructor(readonly headers: Readonly<Record<string, string>>) {}
}

export function jsonResult(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResult {
  return {
    statusCode,
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}

/** The status a successful answer gets: 204 for an EmptyAnswer, 200 for a JSON one. */
export function successStatus(value: unknown): 200 | 204 {
  return value instanceof EmptyAnswer ? 204 : 200;
}

export function successResult(value: unknown): HttpResult {
  if (value instanceof EmptyAnswer) {
    return { statusCode: 204, headers: { ...value.headers }, body: "", isBase64Encoded: false };
  }
  return jsonResult(200, value);
}

export function errorResult(error: RequestError): HttpResult {
  return jsonResult(error.statusCode, error.toJSON(), { ...error.headers });
}
