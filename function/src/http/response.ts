import type { RequestError } from "../request/errors.js";

/** Fits both the HTTP API (payload 2.0) and the REST API (1.0) result shapes. */
export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" } as const;

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

export function errorResult(error: RequestError): HttpResult {
  return jsonResult(error.statusCode, error.toJSON(), { ...error.headers });
}
