import { fail, ok, type Result } from "../request/result.js";

export const HEALTH_PATH = "/health";
/** The paths clients are told to POST to: the HTTP API's route and the original REST API's resource. */
export const PREDICT_PATHS: readonly string[] = ["/predict", "/prediction"];

export type Route = "health" | "predict" | "options";

/**
 * API Gateway already decides which paths reach the function, so every POST except to /health predicts (the
 * original REST API used /prediction, the HTTP API uses /predict). A GET is health or not found; OPTIONS on any
 * path is answered with the methods that path takes; any other method is not allowed, and the answer says which are.
 */
export function routeRequest(method: string, path: string): Result<Route> {
  if (method === "OPTIONS") return ok("options");
  if (path === HEALTH_PATH) return method === "GET" ? ok("health") : notAllowed(method, path);
  if (method === "POST") return ok("predict");
  if (method === "GET" && !PREDICT_PATHS.includes(path)) {
    return fail(
      "not_found",
      `no resource at ${path}; use POST ${PREDICT_PATHS[0]} to classify or GET ${HEALTH_PATH}`,
    );
  }
  return notAllowed(method, path);
}

/**
 * The methods `path` takes, as the `allow` header of an OPTIONS or 405 answer lists them.
 *
 * @example
 * allowHeader("/health"); // "GET, OPTIONS"
 * allowHeader("/predict"); // "POST, OPTIONS"
 */
export function allowHeader(path: string): string {
  return path === HEALTH_PATH ? "GET, OPTIONS" : "POST, OPTIONS";
}

function notAllowed(method: string, path: string): Result<Route> {
  const allow = allowHeader(path);
  return fail("method_not_allowed", `${method} is not allowed on ${path}; allowed: ${allow}`, { allow });
}
