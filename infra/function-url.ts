import type * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { AuthMode } from "./config";

/** A function URL authenticates by IAM or not at all (config validation refuses jwt with endpoint functionUrl). */
export type FunctionUrlAuth = Exclude<AuthMode, "jwt">;

/** The function URL's AuthType for each `auth` mode. */
export const FUNCTION_URL_AUTH_TYPES = { none: "NONE", iam: "AWS_IAM" } as const satisfies Record<
  FunctionUrlAuth,
  string
>;

/**
 * The methods a browser may use cross-origin. OPTIONS is not among the values AWS::Lambda::Url Cors accepts (GET,
 * PUT, HEAD, POST, PATCH, DELETE, *): with CORS configured, the URL itself answers preflights.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-url-cors.html
 */
export const FUNCTION_URL_CORS_METHODS = ["GET", "POST"] as const;

/** Request headers a browser may send: the content type, plus what a SigV4 signature travels in. */
export function functionUrlCorsHeaders(auth: FunctionUrlAuth): string[] {
  return auth === "iam"
    ? ["content-type", "authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"]
    : ["content-type"];
}

export interface FunctionUrlArgs {
  functionName: pulumi.Input<string>;
  /** The `live` alias: the URL invokes whatever version CodeDeploy has moved it to (and a rollback moves back). */
  qualifier: pulumi.Input<string>;
  auth: FunctionUrlAuth;
  corsAllowOrigins: string[];
}

export interface FunctionUrl {
  url: aws.lambda.FunctionUrl;
  /** With auth none, the public grants; with iam none (callers' own IAM policies grant the invoke). */
  permissions: aws.lambda.Permission[];
}

/**
 * The function's own HTTPS endpoint, on the `live` alias, in place of the HTTP API. Throttling is reserved
 * concurrency alone: a function URL has no rate or burst limit.
 */
export function createFunctionUrl(
  name: string,
  args: FunctionUrlArgs,
  opts?: pulumi.CustomResourceOptions,
): FunctionUrl {
  // The URL on the alias, with CORS answered by Lambda from the same origins the HTTP API would allow.
  const url = new aws.lambda.FunctionUrl(
    name,
    {
      functionName: args.functionName,
      qualifier: args.qualifier,
      authorizationType: FUNCTION_URL_AUTH_TYPES[args.auth],
      invokeMode: "BUFFERED",
      cors: {
        allowOrigins: args.corsAllowOrigins,
        allowMethods: [...FUNCTION_URL_CORS_METHODS],
        allowHeaders: functionUrlCorsHeaders(args.auth),
        maxAge: 3600,
      },
    },
    opts,
  );

  // With auth none: anyone may call the URL. Since October 2025 a new function URL needs both
  // lambda:InvokeFunctionUrl and lambda:InvokeFunction; the second is limited to calls through a function URL.
  // https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
  const permissions =
    args.auth === "none"
      ? [
          new aws.lambda.Permission(
            `${name}-public`,
            {
              action: "lambda:InvokeFunctionUrl",
              function: args.functionName,
              qualifier: args.qualifier,
              principal: "*",
              functionUrlAuthType: FUNCTION_URL_AUTH_TYPES.none,
            },
            opts,
          ),
          new aws.lambda.Permission(
            `${name}-public-invoke`,
            {
              action: "lambda:InvokeFunction",
              function: args.functionName,
              qualifier: args.qualifier,
              principal: "*",
              invokedViaFunctionUrl: true,
            },
            opts,
          ),
        ]
      : [];
  return { url, permissions };
}
