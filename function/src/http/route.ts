import { RequestError } from "../request/request-error.js";

export const HEALTH_PATH = "/health";
/** The paths clients are told to POST to: the HTTP API's route and the original REST API's resource. */
export const PREDICT_PATHS: readonly string[] = ["/predict", "/prediction"];

export type Route = { action: "health" } | { action: "predict" } | { action: "refuse"; error: RequestError };

/**
 * API Gateway already decides which paths reach the function, so every POST except to /health predicts (the
 * original REST API used /prediction, the HTTP API uses /predict). A GET is health or not found; any other
 * method is not allowed, and the answer says which one is.
 */
export function routeRequest(method: string, path: string): Route {
  if (path === HEALTH_PATH) {
    return method === "GET" ? { action: "health" } : notAllowed(method, path, "GET");
  }
  if (method === "POST") return { action: "predict" };
  if (method === "GET" && !PREDICT_PATHS.includes(path)) {
    return {
      action: "refuse",
      error: new RequestError(
        "not_found",
        `no resource at ${path}; use POST ${PREDICT_PATHS[0]} to classify or GET ${HEALTH_PATH}`,
      ),
    };
  }
  return notAllowed(method, path, "POST");
}

function notAllowed(method: string, path: string, allowed: string): Route {
  return {
    action: "refuse",
    error: new RequestError(
      "method_not_allowed",
      `${method} is not allowed on ${path}; allowed: ${allowed}`,
      {
        allow: allowed,
      },
    ),
  };
}
