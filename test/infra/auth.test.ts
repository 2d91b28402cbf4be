import "../setup/pulumi-mocks";
import * as assert from "node:assert/strict";
import { valueOf } from "../setup/pulumi-mocks";
import { StackConfigError } from "../../infra/config";
import { matchRoute } from "../../infra/routes";
import {
  buildStack,
  cliStackConfig,
  onlyResourceOfType,
  resourcesOfType,
  type RawConfig,
} from "./stack-fixtures";

const JWT: RawConfig = {
  auth: "jwt",
  jwtIssuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example",
  jwtAudience: '["app-client-id"]',
};

/** With auth on: open OPTIONS routes, so a browser's preflight (which carries no credentials) gets API Gateway's
 * CORS answer instead of $default's authorizer refusing it. */
const OPEN_PREFLIGHT = { "OPTIONS /": ["NONE", undefined], "OPTIONS /{proxy+}": ["NONE", undefined] };

/** Each route's key → its authorization settings. */
async function routeAuth(raw: RawConfig) {
  const built = await buildStack(cliStackConfig("dev", raw));
  const routes = resourcesOfType(built.resources, "aws:apigatewayv2/route:Route").map(
    (route) => route.inputs,
  );
  return {
    built,
    byKey: Object.fromEntries(
      routes.map((route) => [route.routeKey as string, [route.authorizationType, route.authorizerId]]),
    ),
  };
}

describe("caller authentication (config auth)", () => {
  for (const raw of [{ auth: "iam" }, JWT]) {
    it(`${raw.auth}: every route of the table targets the function; a preflight matches an open route`, async () => {
      const built = await buildStack(cliStackConfig("dev", raw));
      const integrationId = await valueOf(built.stack.http!.integration.id);
      const routes = resourcesOfType(built.resources, "aws:apigatewayv2/route:Route").map((r) => r.inputs);
      assert.deepEqual(
        routes.map((route) => route.target),
        routes.map(() => `integrations/${integrationId}`),
      );
      const table = routes.map((route) => ({
        key: route.routeKey as string,
        name: "",
        authenticated: route.authorizationType !== "NONE",
      }));
      for (const path of ["/predict", "/", "/prediction", "/v1/anything"]) {
        assert.equal(matchRoute("OPTIONS", path, table)?.authenticated, false, `OPTIONS ${path}`);
      }
      assert.equal(matchRoute("POST", "/predict", table)?.authenticated, true);
    });
  }

  it("none (dev's default): no authorizer, every route open, CORS allows only content-type", async () => {
    const { built, byKey } = await routeAuth({});
    assert.deepEqual(byKey, { "GET /health": ["NONE", undefined], $default: ["NONE", undefined] });
    assert.equal(resourcesOfType(built.resources, "aws:apigatewayv2/authorizer:Authorizer").length, 0);
    const api = onlyResourceOfType(built.resources, "aws:apigatewayv2/api:Api").inputs;
    assert.deepEqual((api.corsConfiguration as { allowHeaders: string[] }).allowHeaders, ["content-type"]);
  });

  it("iam: $default needs a SigV4 signature; GET /health stays open; CORS allows the signing headers", async () => {
    const { built, byKey } = await routeAuth({ auth: "iam" });
    assert.deepEqual(byKey, {
      ...OPEN_PREFLIGHT,
      "GET /health": ["NONE", undefined],
      $default: ["AWS_IAM", undefined],
    });
    assert.equal(resourcesOfType(built.resources, "aws:apigatewayv2/authorizer:Authorizer").length, 0);
    const api = onlyResourceOfType(built.resources, "aws:apigatewayv2/api:Api").inputs;
    assert.deepEqual((api.corsConfiguration as { allowHeaders: string[] }).allowHeaders, [
      "content-type",
      "authorization",
      "x-amz-date",
      "x-amz-security-token",
      "x-amz-content-sha256",
    ]);
  });

  it("jwt: a JWT authorizer on the Authorization header with the issuer and audience; $default uses it", async () => {
    const { built, byKey } = await routeAuth(JWT);
    const authorizer = onlyResourceOfType(built.resources, "aws:apigatewayv2/authorizer:Authorizer").inputs;
    assert.deepEqual(authorizer, {
      apiId: await valueOf(built.stack.http!.api.id),
      authorizerType: "JWT",
      identitySources: ["$request.header.Authorization"],
      jwtConfiguration: {
        issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example",
        audiences: ["app-client-id"],
      },
    });
    const authorizerId = await valueOf(built.stack.http!.authorizer!.id);
    assert.deepEqual(byKey, {
      ...OPEN_PREFLIGHT,
      "GET /health": ["NONE", undefined],
      $default: ["JWT", authorizerId],
    });
    const api = onlyResourceOfType(built.resources, "aws:apigatewayv2/api:Api").inputs;
    assert.deepEqual((api.corsConfiguration as { allowHeaders: string[] }).allowHeaders, [
      "content-type",
      "authorization",
    ]);
  });

  for (const [what, raw, message] of [
    [
      "jwt without an issuer",
      { auth: "jwt", jwtAudience: '["a"]' },
      /auth is "jwt" but jwtIssuer is not set/,
    ],
    [
      "jwt without an audience",
      { auth: "jwt", jwtIssuer: JWT.jwtIssuer! },
      /auth is "jwt" but jwtAudience is not set/,
    ],
  ] as const) {
    it(`${what} fails before any resource is declared, naming the key`, async () => {
      await assert.rejects(
        buildStack(cliStackConfig("dev", raw)),
        (error: unknown) => error instanceof StackConfigError && message.test(error.message),
      );
    });
  }
});
