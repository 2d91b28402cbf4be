import { fail, ok, type Result } from "../request/result.js";

export const HEALTH_PATH = "/health";
/** The paths clients are told to POST to: the HTTP API's route and the original REST API's resource. */
export const PREDICT_PATHS: readonly string[] = ["/predict", "/prediction"];

export type Route = "health" | "predict";

/**
 * API Gateway already decides which paths reach the function, so every POST except to /health predicts (the
 * original REST API used /prediction, the HTTP API uses /predict). A GET is health or not found; any other
 * method is not allowed, and the answer says which one is.
 */
export function routeRequest(method: string, path: string): Result<Route> {
  if (path === HEALTH_PATH) return method === "GET" ? ok("health") : notAllowed(method, path, "GET");
  if (method === "POST") return ok("predict");
  if (method === "GET" && !PREDICT_PATHS.includes(path)) {
    return fail(
      "not_found",
      `no resource at ${path}; use POST ${PREDICT_PATHS[0]} to classify or GET ${HEALTH_PATH}`,
    );
  }
  return notAllowed(method, path, "POST");
}

function notAllowed(method: string, path: string, allowed: string): Result<Route> {
  return fail("method_not_allowed", `${method} is not allowed on ${path}; allowed: ${allowed}`, {
    allow: allowed,
  });
}
