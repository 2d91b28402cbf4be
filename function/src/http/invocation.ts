import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from "aws-lambda";

/** `aws lambda invoke` / SDK payloads: the request itself, with no HTTP envelope. */
export interface DirectInvocation {
  sentence?: unknown;
  sentences?: unknown;
}

export type ClassifierEvent = APIGatewayProxyEventV2 | APIGatewayProxyEvent | DirectInvocation;

/** An HTTP request, whichever API Gateway flavour (or function URL) delivered it. */
export interface HttpRequest {
  source: "http-api" | "rest-api";
  method: string;
  /** The route's path without stage prefix or trailing slash, e.g. "/predict". */
  path: string;
  /** A string or null from API Gateway; anything, from a hand-made event (request/body.ts refuses what is not text). */
  body: unknown;
  isBase64Encoded: boolean;
}

export type Invocation = { kind: "http"; request: HttpRequest } | { kind: "direct"; payload: unknown };

/**
 * Tells the three ways this function is invoked apart: HTTP API and function URL events carry `version: "2.0"`
 * and `requestContext.http`; REST API proxy events carry `resource` and `httpMethod` (what the original handler
 * checked); anything else is a direct invocation whose payload is the request.
 */
export function readInvocation(event: unknown): Invocation {
  if (isHttpApiEvent(event)) {
    return {
      kind: "http",
      request: {
        source: "http-api",
        method: event.requestContext.http.method.toUpperCase(),
        path: normalise(httpApiPath(event)),
        body: event.body,
        isBase64Encoded: event.isBase64Encoded === true,
      },
    };
  }
  if (isRestApiEvent(event)) {
    const resource = event.resource.includes("{") ? event.path : event.resource;
    return {
      kind: "http",
      request: {
        source: "rest-api",
        method: event.httpMethod.toUpperCase(),
        path: normalise(resource),
        body: event.body,
        isBase64Encoded: event.isBase64Encoded === true,
      },
    };
  }
  return { kind: "direct", payload: event };
}

function isHttpApiEvent(event: unknown): event is APIGatewayProxyEventV2 {
  const candidate = event as Partial<APIGatewayProxyEventV2> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    candidate.version === "2.0" &&
    typeof candidate.rawPath === "string" &&
    typeof candidate.requestContext?.http?.method === "string"
  );
}

function isRestApiEvent(event: unknown): event is APIGatewayProxyEvent {
  const candidate = event as Partial<APIGatewayProxyEvent> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.resource === "string" &&
    typeof candidate.httpMethod === "string" &&
    typeof candidate.path === "string"
  );
}

/**
 * The route key names the path without the stage ("POST /predict"); function URLs and `$default` or greedy
 * routes only have rawPath, which carries the stage name on a named stage.
 */
function httpApiPath(event: APIGatewayProxyEventV2): string {
  // A malformed event can carry anything here; it must still get a JSON answer, not a crash.
  const routePath = typeof event.routeKey === "string" ? event.routeKey.split(" ")[1] : undefined;
  if (routePath !== undefined && !routePath.includes("{")) return routePath;
  const stage: unknown = event.requestContext.stage;
  if (typeof stage !== "string" || stage === "" || stage === "$default") return event.rawPath;
  const stagePrefix = `/${stage}/`;
  if (event.rawPath.startsWith(stagePrefix)) return event.rawPath.slice(stagePrefix.length - 1);
  return event.rawPath;
}

/** Drops trailing slashes ("/" stays "/"), scanning from the end: /\/+$/ is quadratic on a path full of slashes. */
function normalise(path: string): string {
  let end = path.length;
  while (end > 1 && path[end - 1] === "/") end--;
  return path.slice(0, end);
}
