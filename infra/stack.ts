import * as pulumi from "@pulumi/pulumi";
import type * as awsx from "@pulumi/awsx";
import type { StackConfig } from "./config";
import { createRepository, buildFunctionImage } from "./registry";
import { createLogGroup } from "./logs";
import { createFunctionRole, type FunctionRole } from "./role";
import { createFunction, type DeployedFunction } from "./function";
import { createHttpApi, type HttpApi } from "./api";
import { LEGACY_PREFIX, logGroupNames, logicalNames, type StackNames } from "./names";

export type { StackNames } from "./names";

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

/**
 * Everything the service needs, in the order requests and images flow through it. `names` comes from
 * infra/names.ts (`stackNames(project, stack)`), which the bootstrap's deploy roles are scoped by.
 */
export function createClassifierStack(names: StackNames, config: StackConfig): ClassifierStack {
  const { qualifiedName } = names;
  const logical = logicalNames(names.prefix);
  const logGroups = logGroupNames(names);
  // The log groups' physical names do not contain the prefix, so a stack deployed when it was plain "cola" keeps
  // them (aliases) instead of failing to create a second log group of the same name. All else gets new names.
  const legacy = logicalNames(LEGACY_PREFIX);

  // 1–2. Image registry and the function image built from function/Dockerfile.
  const repository = createRepository(logical.repository, config);
  const image = buildFunctionImage(logical.image, repository.url, config);

  // 3–4. The function's log group and its least-privilege execution role.
  const functionLogGroup = createLogGroup(logical.functionLogGroup, logGroups.function, config, [
    legacy.functionLogGroup,
  ]);
  const role = createFunctionRole(logical.functionRole, functionLogGroup.arn, config);

  // 5–6. The function, plus a warm alias when provisioned concurrency is configured.
  const fn = createFunction(
    logical.function,
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
  const accessLogGroup = createLogGroup(logical.accessLogGroup, logGroups.access, config, [
    legacy.accessLogGroup,
  ]);
  const http = createHttpApi(logical.api, { target: fn, accessLogGroupArn: accessLogGroup.arn }, config);

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
