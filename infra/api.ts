import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { HTTP_API_MAX_INTEGRATION_TIMEOUT_SECONDS, type StackConfig } from "./config";
import type { DeployedFunction } from "./function";

export const PREDICT_ROUTE_KEY = "POST /predict";
export const HEALTH_ROUTE_KEY = "GET /health";

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
});

export interface HttpApiArgs {
  target: DeployedFunction;
  accessLogGroupArn: pulumi.Input<string>;
}

export interface HttpApi {
  api: aws.apigatewayv2.Api;
  integration: aws.apigatewayv2.Integration;
  routes: aws.apigatewayv2.Route[];
  stage: aws.apigatewayv2.Stage;
  permission: aws.lambda.Permission;
}

/** Milliseconds the API waits for the function: its timeout, capped at what an HTTP API allows. */
export function integrationTimeoutMs(config: StackConfig): number {
  return Math.min(config.timeout, HTTP_API_MAX_INTEGRATION_TIMEOUT_SECONDS) * 1000;
}

export function createHttpApi(name: string, args: HttpApiArgs, config: StackConfig): HttpApi {
  const api = new aws.apigatewayv2.Api(name, {
    protocolType: "HTTP",
    description: "CoLA acceptability classifier",
    corsConfiguration: {
      allowOrigins: config.corsAllowOrigins,
      allowMethods: ["GET", "POST", "OPTIONS"],
      allowHeaders: ["content-type"],
      maxAge: 3600,
    },
  });

  const integration = new aws.apigatewayv2.Integration(`${name}-lambda`, {
    apiId: api.id,
    integrationType: "AWS_PROXY",
    integrationUri: args.target.invokeArn,
    integrationMethod: "POST",
    payloadFormatVersion: "2.0",
    timeoutMilliseconds: integrationTimeoutMs(config),
  });

  const routes = [
    { key: PREDICT_ROUTE_KEY, suffix: "predict" },
    { key: HEALTH_ROUTE_KEY, suffix: "health" },
  ].map(
    ({ key, suffix }) =>
      new aws.apigatewayv2.Route(`${name}-${suffix}`, {
        apiId: api.id,
        routeKey: key,
        target: pulumi.interpolate`integrations/${integration.id}`,
      }),
  );

  const stage = new aws.apigatewayv2.Stage(`${name}-default`, {
    apiId: api.id,
    name: "$default",
    autoDeploy: true,
    defaultRouteSettings: {
      throttlingBurstLimit: config.throttlingBurstLimit,
      throttlingRateLimit: config.throttlingRateLimit,
    },
    accessLogSettings: {
      destinationArn: args.accessLogGroupArn,
      format: ACCESS_LOG_FORMAT,
    },
  });

  // Only this API's routes may invoke the function (execution ARN / stage / method / path).
  const permission = new aws.lambda.Permission(`${name}-invoke`, {
    action: "lambda:InvokeFunction",
    function: args.target.fn.name,
    qualifier: args.target.qualifier,
    principal: "apigateway.amazonaws.com",
    sourceArn: pulumi.interpolate`${api.executionArn}/*/*`,
  });

  return { api, integration, routes, stage, permission };
}
