import * as assert from "node:assert/strict";
import { startServerProcess, type ServerProcess } from "../../bench/load/server-process.js";
import type { ClassifierHandler } from "../../function/src/handler.js";
import {
  DEFAULT_ROUTE_KEY,
  matchRoute,
  NO_ROUTE_ANSWER,
  ROUTES,
  routesFor,
  type RouteDefinition,
} from "../../infra/routes";
import { lambdaContext } from "../../local/lambda-context.js";
import { httpApiEvent } from "../../local/http-api-event.js";
import { splitTarget } from "../../local/request-target.js";
import { bundledHandler, overHttp, parseBody, REPLAY, type Answer, type Probe } from "./support/replay";

/** What API Gateway does with the shared route table: pick a route (or answer 404 itself), invoke the handler. */
async function throughRouteTable(
  handler: ClassifierHandler,
  probe: Probe,
  routes: readonly RouteDefinition[] = ROUTES,
): Promise<Answer> {
  const route = matchRoute(probe.method, splitTarget(probe.path).path, routes);
  if (route === undefined) {
    return {
      status: NO_ROUTE_ANSWER.status,
      contentType: "application/json",
      allow: undefined,
      body: NO_ROUTE_ANSWER.body,
    };
  }
  const event = httpApiEvent({
    method: probe.method,
    url: probe.path,
    headers: { "content-type": "application/json", host: "localhost" },
    body: Buffer.from(probe.body ?? ""),
    sourceIp: "127.0.0.1",
    routeKey: route.key,
  });
  const result = await handler(event, lambdaContext());
  return {
    status: result.statusCode,
    contentType: result.headers["content-type"],
    allow: result.headers.allow,
    body: parseBody(result.body),
  };
}

describe("one route table for the HTTP API and npm start (infra/routes.ts)", () => {
  it("routes GET /health by its own open route and everything else by the authenticated $default", () => {
    assert.deepEqual(
      ROUTES.map((route) => [route.key, route.authenticated]),
      [
        ["GET /health", false],
        ["$default", true],
      ],
    );
    assert.equal(matchRoute("GET", "/health")?.key, "GET /health");
    assert.equal(matchRoute("get", "/health")?.key, "GET /health");
    // API Gateway matches the exact path: /health/ and POST /health fall to $default (and to auth, when on).
    for (const [method, path] of [
      ["GET", "/health/"],
      ["POST", "/health"],
      ["POST", "/predict"],
      ["GET", "/nope"],
    ] as const) {
      assert.equal(matchRoute(method, path)?.key, DEFAULT_ROUTE_KEY, `${method} ${path}`);
    }
  });

  it("with auth on, OPTIONS goes to the open preflight routes, by exact path then by {proxy+}", () => {
    const table = routesFor(true);
    assert.deepEqual(
      table.map((route) => [route.key, route.authenticated]),
      [
        ["OPTIONS /", false],
        ["OPTIONS /{proxy+}", false],
        ["GET /health", false],
        ["$default", true],
      ],
    );
    assert.deepEqual(routesFor(false), ROUTES);
    for (const [path, key] of [
      ["/", "OPTIONS /"],
      ["/predict", "OPTIONS /{proxy+}"],
      ["/predict/", "OPTIONS /{proxy+}"],
      ["/v1/a/b", "OPTIONS /{proxy+}"],
      ["/health", "OPTIONS /{proxy+}"],
    ] as const) {
      assert.equal(matchRoute("options", path, table)?.key, key, `OPTIONS ${path}`);
    }
    assert.equal(matchRoute("POST", "/predict", table)?.key, DEFAULT_ROUTE_KEY);
    assert.equal(matchRoute("GET", "/health", table)?.key, "GET /health");
    // Without auth nothing needs them: a preflight is answered by the CORS configuration before any route.
    assert.equal(matchRoute("OPTIONS", "/predict", routesFor(false))?.key, DEFAULT_ROUTE_KEY);
  });

  it("a greedy {proxy+} route catches child paths only, below its own parent", () => {
    const table: RouteDefinition[] = [{ key: "GET /v1/{proxy+}", name: "v1", authenticated: true }];
    assert.equal(matchRoute("GET", "/v1/x", table)?.key, "GET /v1/{proxy+}");
    assert.equal(matchRoute("GET", "/v1/x/y", table)?.key, "GET /v1/{proxy+}");
    for (const path of ["/v1", "/v1/", "/v10/x", "/x"])
      assert.equal(matchRoute("GET", path, table), undefined, path);
  });

  it("without $default, an unmatched request gets API Gateway's own 404 (the local server answers it too)", () => {
    const explicit: RouteDefinition[] = [{ key: "POST /predict", name: "predict", authenticated: true }];
    assert.equal(matchRoute("POST", "/predict", explicit)?.key, "POST /predict");
    assert.equal(matchRoute("GET", "/predict", explicit), undefined);
    assert.deepEqual(NO_ROUTE_ANSWER, { status: 404, body: { message: "Not Found" } });
  });

  describe("replay: the local server answers every request as the route table plus the handler do", function () {
    let server: ServerProcess | undefined;
    let handler: ClassifierHandler;

    before(async function () {
      server = await startServerProcess();
      handler = await bundledHandler();
    });

    after(async function () {
      await server?.stop();
    });

    for (const probe of REPLAY) {
      it(`${probe.method} ${probe.path}${probe.body === undefined ? "" : ` (${probe.body.length} bytes)`}`, async function () {
        const local = await overHttp(server!.baseUrl, probe);
        const deployed = await throughRouteTable(handler, probe);
        assert.deepEqual(local, deployed);
      });
    }

    it("with auth on, OPTIONS takes the open preflight routes to the same handler: the same answers as npm start", async function () {
      const options = REPLAY.filter((probe) => probe.method === "OPTIONS");
      assert.ok(options.length >= 3);
      for (const probe of options) {
        assert.notEqual(matchRoute(probe.method, probe.path, routesFor(true))?.key, DEFAULT_ROUTE_KEY);
        const deployed = await throughRouteTable(handler, probe, routesFor(true));
        assert.equal(deployed.status, 204, probe.path);
        assert.deepEqual(await overHttp(server!.baseUrl, probe), deployed, probe.path);
      }
    });

    it("the replay covers success, OPTIONS' 204, the handler's 400, 404, 405 and 413, and the original /prediction", async function () {
      const statuses = new Set<number>();
      for (const probe of REPLAY) statuses.add((await throughRouteTable(handler, probe)).status);
      assert.deepEqual([...statuses].sort(), [200, 204, 400, 404, 405, 413]);
    });
  });
});
