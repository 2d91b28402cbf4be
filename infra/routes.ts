/**
 * The HTTP API's route table: infra/api.ts creates one route per entry, and `npm start` (local/server.ts) picks
 * the route for each request from the same table, so the deployed API and the local one answer alike.
 * No Pulumi imports: the local server loads this file.
 *
 * `$default` sends every request to the function, whose own routing answers JSON 404/405 for stray methods and
 * paths (and keeps the original REST API's POST /prediction working). Explicit routes for the known paths would
 * spare the function stray traffic, but API Gateway would answer the rest with its own `{"message":"Not Found"}`,
 * so clients would meet two error shapes; throttling and reserved concurrency already cap that traffic.
 * GET /health has its own route so it can stay reachable without credentials when `auth` requires them.
 */

export interface RouteDefinition {
  /** API Gateway's route key: "METHOD /path", or "$default" for any request no other route matches. */
  key: string;
  /** The route's part of its resource's logical name. */
  name: string;
  /** Whether the route takes the stack's caller authentication (`auth`), or is open to anyone. */
  authenticated: boolean;
}

export const DEFAULT_ROUTE_KEY = "$default";

export const ROUTES: readonly RouteDefinition[] = [
  { key: "GET /health", name: "health", authenticated: false },
  { key: DEFAULT_ROUTE_KEY, name: "catch-all", authenticated: true },
];

/**
 * The route API Gateway would pick for a request, or undefined when none matches (API Gateway then answers
 * 404 `{"message":"Not Found"}` itself). Route keys here have no path variables, so a route matches on the exact
 * method and path; `$default` catches everything else.
 */
export function matchRoute(
  method: string,
  path: string,
  routes: readonly RouteDefinition[] = ROUTES,
): RouteDefinition | undefined {
  const key = `${method.toUpperCase()} ${path}`;
  return routes.find((route) => route.key === key) ?? routes.find((route) => route.key === DEFAULT_ROUTE_KEY);
}

/** API Gateway's own answer when no route matches. */
export const NO_ROUTE_ANSWER = { status: 404, body: { message: "Not Found" } } as const;
