import { readFileSync } from "node:fs";
import path from "node:path";
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from "aws-lambda";
import { eventsDir } from "./paths.js";

/*
 * Events as API Gateway and function URLs deliver them, built from the JSON fixtures in test/function/events/:
 * the AWS documentation's examples (HTTP API payload 2.0, function URL, REST API proxy 1.0) and the REST API event
 * of the original project's blog post. Each call returns a fresh copy, so a test may change what it gets.
 */

function readEvent<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(eventsDir, file), "utf8")) as T;
}

/** The HTTP API payload 2.0 example from the AWS docs, adapted to `POST /predict` with a JSON body. */
export const httpApiExample = (): APIGatewayProxyEventV2 => readEvent("http-api-v2.json");
/** The function URL request example from the AWS Lambda docs, unchanged (POST /my/path, a text body). */
export const functionUrlExample = (): APIGatewayProxyEventV2 => readEvent("function-url.json");
/** The REST API proxy integration (payload 1.0) example from the AWS docs, unchanged (GET /my/path). */
export const restApiExample = (): APIGatewayProxyEvent => readEvent("rest-api-v1.json");
/** The REST API event the original project's blog post printed: POST /prediction on stage "deploy". */
export const blogPostRestEvent = (): APIGatewayProxyEvent => readEvent("rest-api-blog.json");

/** What a test asks for; the builders put it into each event shape the way API Gateway would. */
export interface RequestSpec {
  /** Default POST. */
  method?: string;
  /** The route's path, default /predict. */
  path?: string;
  /**
   * The raw body as API Gateway passes it; undefined means the request had none. Anything but a string is a
   * malformed event, which API Gateway never sends but a hand-made one can carry.
   */
  body?: unknown;
  isBase64Encoded?: boolean;
  /** Header names as the client sent them; default a JSON content type when there is a body. */
  headers?: Record<string, string>;
}

export type EventShape = "http-api" | "function-url" | "rest-api";
export const EVENT_SHAPES: readonly EventShape[] = ["http-api", "function-url", "rest-api"];

export type HttpEvent = APIGatewayProxyEventV2 | APIGatewayProxyEvent;

/** A JSON request body, as a client would send it. */
export const json = (value: unknown): string => JSON.stringify(value);

export function base64(text: string | Uint8Array): string {
  return Buffer.from(text).toString("base64");
}

function headersFor(spec: RequestSpec): Record<string, string> {
  if (spec.headers !== undefined) return spec.headers;
  return spec.body === undefined ? {} : { "content-type": "application/json" };
}

/** HTTP API (payload 2.0) on a route for this method and path, e.g. routeKey "POST /predict"; stage $default. */
export function httpApiEvent(spec: RequestSpec = {}, routeKey?: string): APIGatewayProxyEventV2 {
  const method = spec.method ?? "POST";
  const routePath = spec.path ?? "/predict";
  const event = httpApiExample();
  event.routeKey = routeKey ?? `${method} ${routePath}`;
  event.rawPath = routePath;
  // The fixture's own content type is the spec's to decide.
  const { "content-type": _contentType, ...exampleHeaders } = event.headers;
  event.headers = { ...exampleHeaders, ...lowerCase(headersFor(spec)) };
  event.requestContext.routeKey = event.routeKey;
  event.requestContext.http.method = method;
  event.requestContext.http.path = routePath;
  setV2Body(event, spec);
  return event;
}

/** A function URL request: no routes (routeKey $default), the path as the client wrote it. */
export function functionUrlEvent(spec: RequestSpec = {}): APIGatewayProxyEventV2 {
  const method = spec.method ?? "POST";
  const rawPath = spec.path ?? "/predict";
  const event = functionUrlExample();
  event.rawPath = rawPath;
  event.headers = { ...event.headers, ...lowerCase(headersFor(spec)) };
  event.requestContext.http.method = method;
  event.requestContext.http.path = rawPath;
  setV2Body(event, spec);
  return event;
}

/** A REST API proxy (payload 1.0) event on a resource for this path; the body is null when there is none. */
export function restApiEvent(spec: RequestSpec = {}): APIGatewayProxyEvent {
  const method = spec.method ?? "POST";
  const resource = spec.path ?? "/predict";
  const event = restApiExample();
  const headers = headersFor(spec);
  event.resource = resource;
  event.path = resource;
  event.httpMethod = method;
  event.headers = { ...event.headers, ...headers };
  event.multiValueHeaders = {
    ...event.multiValueHeaders,
    ...Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
  };
  event.requestContext.httpMethod = method;
  event.requestContext.resourcePath = resource;
  event.requestContext.path = resource;
  event.body = (spec.body ?? null) as string | null;
  event.isBase64Encoded = spec.isBase64Encoded ?? false;
  return event;
}

export function eventFor(shape: EventShape, spec: RequestSpec = {}): HttpEvent {
  switch (shape) {
    case "http-api":
      return httpApiEvent(spec);
    case "function-url":
      return functionUrlEvent(spec);
    case "rest-api":
      return restApiEvent(spec);
  }
}

function setV2Body(event: APIGatewayProxyEventV2, spec: RequestSpec): void {
  // Payload 2.0 leaves `body` out when the request has none.
  if (spec.body === undefined) delete event.body;
  else event.body = spec.body as string;
  event.isBase64Encoded = spec.isBase64Encoded ?? false;
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
