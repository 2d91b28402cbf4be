import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type * as awsx from "@pulumi/awsx";
import { createAlarms, type Alarms } from "./alarms";
import { createHttpApi, type ApiAuth, type HttpApi } from "./api";
import { permissionsBoundaryArn } from "./boundary";
import { HTTP_API_MAX_INTEGRATION_TIMEOUT_SECONDS, type StackConfig } from "./config";
import { createDashboard } from "./dashboard";
import { createFunction, type DeployedFunction } from "./function";
import { createFunctionUrl, type FunctionUrl } from "./function-url";
import { createLogGroup } from "./logs";
import { dashboardName, deploymentGroupName, logGroupNames, logicalNames, type StackNames } from "./names";
import { modelFolderInfo } from "./model-folder";
import { buildFunctionImage, createRepository } from "./registry";
import { createFunctionRole, type FunctionRole } from "./role";
import { stackTags } from "./stack-scope";
import { deploymentConfigName, rolloutTimeoutSeconds } from "./rollout/configs";
import { createDeploymentGroup, type LambdaDeploymentGroup } from "./rollout/deployment-group";
import { LiveAliasRollout } from "./rollout/provider";
import { SMOKE_SENTENCE } from "./rollout/smoke";

export type { StackNames } from "./names";

export const CLASSIFIER_SERVICE_TYPE = "cola-serverless:index:ClassifierService";

export interface ClassifierServiceArgs {
  /** From infra/names.ts (`stackNames(project, stack)`), which the bootstrap's deploy roles are scoped by. */
  names: StackNames;
  config: StackConfig;
}

/** Milliseconds the API waits for the function: its timeout, capped at what an HTTP API allows. */
function integrationTimeoutMs(timeoutSeconds: number): number {
  return Math.min(timeoutSeconds, HTTP_API_MAX_INTEGRATION_TIMEOUT_SECONDS) * 1000;
}

/** Seconds between two looks at a running deployment. */
const ROLLOUT_POLL_SECONDS = 15;

/** Where the rollback command (scripts/rollback.ts) finds the stack's function, alias and deployment group. */
export interface RolloutTarget {
  region: string;
  functionName: string;
  aliasName: string;
  applicationName: string;
  deploymentGroupName: string;
}

/** The `auth` settings as the API takes them (config validation guarantees jwt's issuer and audience). */
function apiAuth(config: Pick<StackConfig, "auth" | "jwtIssuer" | "jwtAudience">): ApiAuth {
  if (config.auth !== "jwt") return { mode: config.auth };
  if (config.jwtIssuer === undefined) throw new Error('auth is "jwt" but jwtIssuer is not set');
  return { mode: "jwt", issuer: config.jwtIssuer, audience: config.jwtAudience };
}

/** The `auth` setting as a function URL takes it (config validation refuses jwt with endpoint functionUrl). */
function functionUrlAuth(auth: StackConfig["auth"]): "none" | "iam" {
  if (auth === "jwt")
    throw new Error('endpoint is "functionUrl" but auth is "jwt": a function URL has no JWT authorizer');
  return auth;
}

/**
 * The classifier service: image registry and build, the function with its role and logs, the HTTP API or the
 * function URL in front (config endpoint), and the alarms and dashboard watching them, as one component (one tree in
 * `pulumi preview`).
 */
export class ClassifierService extends pulumi.ComponentResource {
  readonly repository: awsx.ecr.Repository;
  readonly image: awsx.ecr.Image;
  readonly functionLogGroup: aws.cloudwatch.LogGroup;
  /** The HTTP API's access logs (endpoint httpApi). */
  readonly accessLogGroup: aws.cloudwatch.LogGroup | undefined;
  readonly role: FunctionRole;
  readonly fn: DeployedFunction;
  /** With endpoint httpApi (the default). */
  readonly http: HttpApi | undefined;
  /** With endpoint functionUrl: no API Gateway resource at all. */
  readonly functionUrl: FunctionUrl | undefined;
  readonly alarms: Alarms;
  readonly deployment: LambdaDeploymentGroup;
  readonly rollout: LiveAliasRollout;
  readonly dashboard: aws.cloudwatch.Dashboard;

  /** POST {"sentence": "..."} or {"sentences": [...]} here. */
  readonly url: pulumi.Output<string>;
  readonly healthUrl: pulumi.Output<string>;
  readonly functionName: pulumi.Output<string>;
  readonly imageUri: pulumi.Output<string>;
  readonly repositoryUrl: pulumi.Output<string>;
  readonly dashboardUrl: pulumi.Output<string>;
  readonly rolloutTarget: pulumi.Output<RolloutTarget>;

  constructor(name: string, args: ClassifierServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    // The model folder first: one the function could not serve stops the program before any resource exists.
    const model = modelFolderInfo(args.config.modelDir, args.config.maxLength);
    super(CLASSIFIER_SERVICE_TYPE, name, {}, opts);
    const { names, config } = args;
    const logical = logicalNames(names.prefix);
    const logGroups = logGroupNames(names);
    // These resources were declared at the top level before the component existed: the alias keeps their state.
    const child = { parent: this, aliases: [{ parent: pulumi.rootStackResource }] };

    // ECR repository, and the function image built from function/Dockerfile and pushed there.
    this.repository = createRepository(
      logical.repository,
      { untaggedDays: config.ecrUntaggedDays, forceDelete: config.ecrForceDelete },
      child,
    );
    this.image = buildFunctionImage(
      logical.image,
      {
        repositoryUrl: this.repository.url,
        architecture: config.architecture,
        modelDir: config.modelDir,
        maxLength: config.maxLength,
      },
      child,
    );

    // The function's log group and its least-privilege execution role.
    this.functionLogGroup = createLogGroup(
      logical.functionLogGroup,
      { logGroupName: logGroups.function, retentionInDays: config.logRetentionDays },
      child,
    );
    // Every role the stack creates carries the stack's permissions boundary, when it sets one (bootstrap/).
    const permissionsBoundary = permissionsBoundaryArn(config.permissionsBoundary, { parent: this });
    this.role = createFunctionRole(
      logical.functionRole,
      { logGroupArn: this.functionLogGroup.arn, tracing: config.tracing, permissionsBoundary },
      child,
    );

    // The function, its published versions and the `live` alias (kept warm when provisioned concurrency is set).
    this.fn = createFunction(
      logical.function,
      {
        imageUri: this.image.imageUri,
        roleArn: this.role.role.arn,
        logGroup: this.functionLogGroup,
        rolePolicies: this.role.policies,
        serviceName: names.qualifiedName,
        settings: config,
        capacity: config,
        model,
      },
      child,
    );

    // In front of it, the HTTP API with JSON access logs (a new log group under /aws/vendedlogs/: no alias); or the
    // function URL on `live`.
    this.accessLogGroup =
      config.endpoint === "httpApi"
        ? createLogGroup(
            logical.accessLogGroup,
            { logGroupName: logGroups.access, retentionInDays: config.logRetentionDays },
            { parent: this },
          )
        : undefined;
    this.http =
      this.accessLogGroup !== undefined
        ? createHttpApi(
            logical.api,
            {
              target: {
                functionName: this.fn.fn.name,
                invokeArn: this.fn.invokeArn,
                qualifier: this.fn.qualifier,
              },
              accessLogGroupArn: this.accessLogGroup.arn,
              corsAllowOrigins: config.corsAllowOrigins,
              throttlingBurstLimit: config.throttlingBurstLimit,
              throttlingRateLimit: config.throttlingRateLimit,
              integrationTimeoutMs: integrationTimeoutMs(config.timeout),
              auth: apiAuth(config),
              tags: stackTags(names),
            },
            child,
          )
        : undefined;
    this.functionUrl =
      config.endpoint === "functionUrl"
        ? createFunctionUrl(
            logical.functionUrl,
            {
              functionName: this.fn.fn.name,
              qualifier: this.fn.qualifier,
              auth: functionUrlAuth(config.auth),
              corsAllowOrigins: config.corsAllowOrigins,
            },
            { parent: this },
          )
        : undefined;
    const endpoint = this.http
      ? { kind: "httpApi" as const, apiId: this.http.api.id }
      : { kind: "functionUrl" as const, aliasName: this.fn.alias.name };

    // Alarms on the function and the endpoint, and the dashboard.
    this.alarms = createAlarms(
      logical.alarm,
      {
        functionName: this.fn.fn.name,
        liveAlias: { name: this.fn.alias.name, version: this.fn.version },
        functionLogGroupName: this.functionLogGroup.name,
        endpoint,
        serviceName: names.qualifiedName,
        timeoutSeconds: config.timeout,
        thresholds: config.alarms,
        email: config.alarmEmail,
        topicArn: config.alarmTopicArn,
      },
      { parent: this },
    );
    // CodeDeploy, which moves `live` to each new version in steps and backs out on the rollout alarms, and the
    // rollout that drives it from `pulumi up` (infra/rollout/).
    const configName = deploymentConfigName(config.rollout);
    const alarmNames = this.alarms.rolloutAlarms.map((alarm) => alarm.name);
    this.deployment = createDeploymentGroup(
      { application: logical.deployApplication, role: logical.deployRole, group: logical.deployGroup },
      {
        functionArn: this.fn.fn.arn,
        groupName: deploymentGroupName(names),
        deploymentConfigName: configName,
        alarmNames,
        permissionsBoundary,
      },
      { parent: this },
    );
    const region = aws.getRegionOutput({}, { parent: this }).region;
    this.rollout = new LiveAliasRollout(
      logical.rollout,
      {
        region,
        functionName: this.fn.fn.name,
        aliasName: this.fn.alias.name,
        targetVersion: this.fn.version,
        applicationName: this.deployment.application.name,
        deploymentGroupName: this.deployment.group.deploymentGroupName,
        deploymentConfigName: configName,
        alarmNames: pulumi.all(alarmNames),
        ignoreAlarms: config.rolloutIgnoreAlarms,
        labels: model.labels,
        smokeSentence: SMOKE_SENTENCE,
        timeoutSeconds: rolloutTimeoutSeconds(configName),
        pollSeconds: ROLLOUT_POLL_SECONDS,
      },
      {
        parent: this,
        dependsOn: [
          this.deployment.group,
          // Provisioned concurrency and its autoscaling are set before CodeDeploy adds a routing configuration
          // to `live`: while one is in place, the alias's provisioned concurrency cannot be changed.
          ...(this.fn.provisionedConcurrency ? [this.fn.provisionedConcurrency] : []),
          ...(this.fn.warmCapacity?.resources ?? []),
        ],
      },
    );

    const dashboard = createDashboard(
      logical.dashboard,
      {
        dashboardName: dashboardName(names),
        functionName: this.fn.fn.name,
        endpoint,
        serviceName: names.qualifiedName,
      },
      { parent: this },
    );
    this.dashboard = dashboard.dashboard;

    // An API endpoint has no trailing "/"; a function URL always ends with one.
    const base = this.http
      ? pulumi.interpolate`${this.http.api.apiEndpoint}/`
      : this.functionUrl!.url.functionUrl.apply((url) => (url.endsWith("/") ? url : `${url}/`));
    this.url = pulumi.interpolate`${base}predict`;
    this.healthUrl = pulumi.interpolate`${base}health`;
    this.functionName = this.fn.fn.name;
    this.imageUri = this.image.imageUri;
    this.repositoryUrl = this.repository.url;
    this.dashboardUrl = dashboard.url;
    this.rolloutTarget = pulumi.output({
      region,
      functionName: this.fn.fn.name,
      aliasName: this.fn.alias.name,
      applicationName: this.deployment.application.name,
      deploymentGroupName: this.deployment.group.deploymentGroupName,
    });
    this.registerOutputs({
      url: this.url,
      healthUrl: this.healthUrl,
      functionName: this.functionName,
      imageUri: this.imageUri,
      repositoryUrl: this.repositoryUrl,
      dashboardUrl: this.dashboardUrl,
      rollout: this.rolloutTarget,
    });
  }
}
