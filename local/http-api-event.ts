import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { splitTarget } from "./request-target.js";

export interface RawRequest {
  method: string;
  /** Path and query string, as in the request line. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
  /** The route API Gateway matched (infra/routes.ts); `$default` unless given. */
  routeKey?: string;
}

// Bodies of these types arrive as text; anything else (curl's default form encoding, octet-stream, no type)
// arrives base64-encoded, as API Gateway and function URLs deliver it.
const TEXT_TYPES = [
  /^text\//,
  /^application\/(.+\+)?json\b/,
  /^application\/(.+\+)?xml\b/,
  /^application\/javascript\b/,
];

/**
 * The payload format 2.0 event API Gateway's HTTP API would send for this request through the route `routeKey`
 * (`$default`, the catch-all, unless given; the handler's own routing decides either way).
 */
export function httpApiEvent(request: RawRequest, now = new Date()): APIGatewayProxyEventV2 {
  const { path, query: rawQuery } = splitTarget(request.url);
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === "cookie") cookies.push(...String(value).split(/;\s*/));
    // Format 2.0 joins repeated headers with commas.
    else headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQuery))
    query[name] = Object.hasOwn(query, name) ? `${query[name]},${value}` : value;

  const contentType = (headers["content-type"] ?? "").toLowerCase();
  const isText = TEXT_TYPES.some((type) => type.test(contentType));
  const hasBody = request.body.length > 0;
  const method = request.method.toUpperCase();
  const requestId = randomUUID();
  const routeKey = request.routeKey ?? "$default";
  return {
    version: "2.0",
    routeKey,
    rawPath: path,
    rawQueryString: rawQuery,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: "123456789012",
      apiId: "local",
      domainName: headers.host ?? "127.0.0.1",
      domainPrefix: "local",
      http: {
        method,
        path,
        protocol: "HTTP/1.1",
        sourceIp: request.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId,
      routeKey,
      stage: "$default",
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    // A text body that is not valid UTF-8 arrives with each bad sequence replaced by U+FFFD, as API Gateway passes
    // text on: a string, which cannot hold the raw bytes (docs/api.md, "Bodies that are not UTF-8").
    ...(hasBody ? { body: request.body.toString(isText ? "utf8" : "base64") } : {}),
    isBase64Encoded: hasBody && !isText,
  };
}
