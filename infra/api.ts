import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { AuthMode } from "./config";
import { routesFor, type RouteDefinition } from "./routes";

/** One JSON object per request; fields from the $context variables of HTTP APIs. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  ip: "$context.identity.sourceIp",
  method: "$context.httpMethod",
  path: "$context.path",
  routeKey: "$context.routeKey",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  responseLatencyMs: "$context.responseLatency",
  integrationLatencyMs: "$context.integrationLatency",
  integrationStatus: "$context.integrationStatus",
  integrationError: "$context.integrationErrorMessage",
  errorMessage: "$context.error.message",
  authorizerError: "$context.authorizer.error",
});

/** How callers authenticate; the issuer and audience come with jwt only. */
export type ApiAuth =
  { mode: Exclude<AuthMode, "jwt"> } | { mode: "jwt"; issuer: string; audience: string[] };

/** The function (or its `live` alias) the routes invoke. */
export interface ApiTarget {
  functionName: pulumi.Input<string>;
  invokeArn: pulumi.Input<string>;
  /** The alias name when there is one; the permission is then for the alias alone. */
  qualifier?: pulumi.Input<string>;
}

export interface HttpApiArgs {
  target: ApiTarget;
  accessLogGroupArn: pulumi.Input<string>;
  corsAllowOrigins: string[];
  throttlingBurstLimit: number;
  throttlingRateLimit: number;
  integrationTimeoutMs: number;
  auth: ApiAuth;
  /** Tags of the API and its stage: the stack tag the deploy role's API permissions require (infra/stack-scope.ts). */
  tags: Record<string, string>;
}

export interface HttpApi {
  api: aws.apigatewayv2.Api;
  integration: aws.apigatewayv2.Integration;
  authorizer: aws.apigatewayv2.Authorizer | undefined;
  routes: aws.apigatewayv2.Route[];
  stage: aws.apigatewayv2.Stage;
  permission: aws.lambda.Permission;
}

/** Request headers a browser may send: the content type, plus what each kind of credential travels in. */
function corsAllowHeaders(mode: AuthMode): string[] {
  switch (mode) {
    case "none":
      return ["content-type"];
    case "jwt":
      return ["content-type", "authorization"];
    case "iam":
      return ["content-type", "authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"];
  }
}

/** A route's authorization settings: open routes take none, the others the stack's mode. */
function routeAuthorization(
  route: RouteDefinition,
  mode: AuthMode,
  authorizerId?: pulumi.Input<string>,
): { authorizationType: "NONE" | "AWS_IAM" | "JWT"; authorizerId?: pulumi.Input<string> } {
  if (!route.authenticated || mode === "none") return { authorizationType: "NONE" };
  if (mode === "iam") return { authorizationType: "AWS_IAM" };
  if (authorizerId === undefined) throw new Error(`route ${route.key} needs the JWT authorizer`);
  return { authorizationType: "JWT", authorizerId };
}

export function createHttpApi(
  name: string,
  args: HttpApiArgs,
  opts?: pulumi.ComponentResourceOptions,
): HttpApi {
  // The API, with CORS answered by API Gateway itself. A preflight reaches neither the function nor an authorizer
  // only when it matches an open route: with auth on, the OPTIONS routes of infra/routes.ts.
  const api = new aws.apigatewayv2.Api(
    name,
    {
      protocolType: "HTTP",
      description: "CoLA acceptability classifier",
      corsConfiguration: {
        allowOrigins: args.corsAllowOrigins,
        allowMethods: ["GET", "POST", "OPTIONS"],
        allowHeaders: corsAllowHeaders(args.auth.mode),
        maxAge: 3600,
      },
      tags: args.tags,
    },
    opts,
  );

  // The function as a payload 2.0 proxy integration.
  const integration = new aws.apigatewayv2.Integration(
    `${name}-lambda`,
    {
      apiId: api.id,
      integrationType: "AWS_PROXY",
      integrationUri: args.target.invokeArn,
      integrationMethod: "POST",
      payloadFormatVersion: "2.0",
      timeoutMilliseconds: args.integrationTimeoutMs,
    },
    opts,
  );

  // With auth jwt: the authorizer that checks the bearer token's issuer, audience, signature and expiry.
  const authorizer =
    args.auth.mode === "jwt"
      ? new aws.apigatewayv2.Authorizer(
          `${name}-jwt`,
          {
            apiId: api.id,
            authorizerType: "JWT",
            identitySources: ["$request.header.Authorization"],
            jwtConfiguration: { issuer: args.auth.issuer, audiences: args.auth.audience },
          },
          opts,
        )
      : undefined;

  // One route per entry of the shared route table (infra/routes.ts).
  const routes = routesFor(args.auth.mode !== "none").map(
    (route) =>
      new aws.apigatewayv2.Route(
        `${name}-${route.name}`,
        {
          apiId: api.id,
          routeKey: route.key,
          target: pulumi.interpolate`integrations/${integration.id}`,
          ...routeAuthorization(route, args.auth.mode, authorizer?.id),
        },
        opts,
      ),
  );

  // The $default stage: auto-deployed, throttled, with JSON access logs.
  const stage = new aws.apigatewayv2.Stage(
    `${name}-default`,
    {
      apiId: api.id,
      name: "$default",
      autoDeploy: true,
      defaultRouteSettings: {
        throttlingBurstLimit: args.throttlingBurstLimit,
        throttlingRateLimit: args.throttlingRateLimit,
      },
      accessLogSettings: { destinationArn: args.accessLogGroupArn, format: ACCESS_LOG_FORMAT },
      tags: args.tags,
    },
    opts,
  );

  // The permission for this API alone to invoke the function (execution ARN / stage / method / path).
  const permission = new aws.lambda.Permission(
    `${name}-invoke`,
    {
      action: "lambda:InvokeFunction",
      function: args.target.functionName,
      qualifier: args.target.qualifier,
      principal: "apigateway.amazonaws.com",
      sourceArn: pulumi.interpolate`${api.executionArn}/*/*`,
    },
    opts,
  );

  return { api, integration, authorizer, routes, stage, permission };
}
