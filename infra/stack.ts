import * as pulumi from "@pulumi/pulumi";
import type * as awsx from "@pulumi/awsx";
import type { StackConfig } from "./config";
import { createRepository, buildFunctionImage } from "./registry";
import { createLogGroup } from "./logs";
import { createFunctionRole, type FunctionRole } from "./role";
import { createFunction, type DeployedFunction } from "./function";
import { createHttpApi, type HttpApi } from "./api";

export interface StackNames {
  /** Prefix of every logical resource name and of the log group names, e.g. "cola". */
  prefix: string;
  /** Distinguishes log groups of different stacks in one account, e.g. "cola-serverless-dev". */
  qualifiedName: string;
}

export interface ClassifierStack {
  repository: awsx.ecr.Repository;
  image: awsx.ecr.Image;
  functionLogGroup: ReturnType<typeof createLogGroup>;
  accessLogGroup: ReturnType<typeof createLogGroup>;
  role: FunctionRole;
  fn: DeployedFunction;
  http: HttpApi;
  outputs: {
    url: pulumi.Output<string>;
    healthUrl: pulumi.Output<string>;
    functionName: pulumi.Output<string>;
    imageUri: pulumi.Output<string>;
    repositoryUrl: pulumi.Output<string>;
  };
}

/** Everything the service needs, in the order requests and images flow through it. */
export function createClassifierStack(names: StackNames, config: StackConfig): ClassifierStack {
  const { prefix, qualifiedName } = names;

  // 1–2. Image registry and the function image built from function/Dockerfile.
  const repository = createRepository(`${prefix}-repo`, config);
  const image = buildFunctionImage(`${prefix}-image`, repository.url, config);

  // 3–4. The function's log group and its least-privilege execution role.
  const functionLogGroup = createLogGroup(`${prefix}-fn-logs`, `/aws/lambda/${qualifiedName}`, config);
  const role = createFunctionRole(`${prefix}-fn-role`, functionLogGroup.arn, config);

  // 5–6. The function, plus a warm alias when provisioned concurrency is configured.
  const fn = createFunction(
    `${prefix}-fn`,
    {
      imageUri: image.imageUri,
      roleArn: role.role.arn,
      logGroup: functionLogGroup,
      dependsOn: role.policies,
      serviceName: qualifiedName,
    },
    config,
  );

  // 7–8. HTTP API in front of it, with JSON access logs and an invoke permission scoped to this API.
  const accessLogGroup = createLogGroup(`${prefix}-api-logs`, `/aws/apigateway/${qualifiedName}`, config);
  const http = createHttpApi(`${prefix}-api`, { target: fn, accessLogGroupArn: accessLogGroup.arn }, config);

  // 9. What a caller needs.
  return {
    repository,
    image,
    functionLogGroup,
    accessLogGroup,
    role,
    fn,
    http,
    outputs: {
      url: pulumi.interpolate`${http.api.apiEndpoint}/predict`,
      healthUrl: pulumi.interpolate`${http.api.apiEndpoint}/health`,
      functionName: fn.fn.name,
      imageUri: image.imageUri,
      repositoryUrl: repository.url,
    },
  };
}
