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
 *
 * With `auth` on, `$default` would also catch CORS preflights (OPTIONS) and refuse them for want of credentials,
 * which browsers never send on a preflight. Open `OPTIONS /{proxy+}` and `OPTIONS /` routes outrank `$default`, so
 * the preflight is answered without credentials: by API Gateway's CORS configuration (AWS's documented way for a
 * `$default` route with an authorizer) or, where it passes the request on, by the function's 204 and `allow`.
 * `{proxy+}` catches the child paths of `/` only, hence the second route.
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

/** The routes of a public API (`auth: none`). */
export const ROUTES: readonly RouteDefinition[] = [
  { key: "GET /health", name: "health", authenticated: false },
  { key: DEFAULT_ROUTE_KEY, name: "catch-all", authenticated: true },
];

/** Open routes for CORS preflights, needed only when `$default` requires credentials. */
const PREFLIGHT_ROUTES: readonly RouteDefinition[] = [
  { key: "OPTIONS /", name: "preflight-root", authenticated: false },
  { key: "OPTIONS /{proxy+}", name: "preflight", authenticated: false },
];

/** The route table of a stack: the preflight routes join when callers must authenticate. */
export function routesFor(callerAuth: boolean): readonly RouteDefinition[] {
  return callerAuth ? [...PREFLIGHT_ROUTES, ...ROUTES] : ROUTES;
}

const GREEDY = "/{proxy+}";

/** Whether a route key's path matches a request path: exactly, or as a greedy `{proxy+}` child path. */
function pathMatches(routePath: string, path: string): boolean {
  if (!routePath.endsWith(GREEDY)) return routePath === path;
  const parent = routePath.slice(0, -GREEDY.length) + "/";
  return path.startsWith(parent) && path.length > parent.length;
}

/**
 * The route API Gateway would pick for a request, or undefined when none matches (API Gateway then answers
 * 404 `{"message":"Not Found"}` itself), in API Gateway's order: an exact method and path, then a greedy
 * `{proxy+}` path with that method, then `$default`.
 */
export function matchRoute(
  method: string,
  path: string,
  routes: readonly RouteDefinition[] = ROUTES,
): RouteDefinition | undefined {
  const upper = method.toUpperCase();
  const withMethod = routes.filter((route) => route.key.startsWith(`${upper} `));
  const routePath = (route: RouteDefinition): string => route.key.slice(upper.length + 1);
  return (
    withMethod.find((route) => routePath(route) === path) ??
    withMethod.find((route) => routePath(route).endsWith(GREEDY) && pathMatches(routePath(route), path)) ??
    routes.find((route) => route.key === DEFAULT_ROUTE_KEY)
  );
}

/** API Gateway's own answer when no route matches. */
export const NO_ROUTE_ANSWER = { status: 404, body: { message: "Not Found" } } as const;
