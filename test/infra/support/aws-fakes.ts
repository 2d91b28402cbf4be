/* eslint-disable @typescript-eslint/require-await -- the fakes answer at once, but are async like the SDK clients they stand for */
/**
 * In-memory fakes of the AWS calls the rollout and the rollback command make, built from the API references:
 * what each call takes, returns and throws, and how a Lambda deployment moves an alias.
 *
 * - Lambda GetAlias: https://docs.aws.amazon.com/lambda/latest/api/API_GetAlias.html (FunctionVersion,
 *   RoutingConfig.AdditionalVersionWeights; ResourceNotFoundException for an unknown function or alias)
 * - Lambda Invoke: https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html (RequestResponse: StatusCode 200;
 *   a function error sets FunctionError "Unhandled" and the Payload holds {errorType, errorMessage};
 *   ResourceNotFoundException for an unknown qualifier)
 * - Lambda GetFunction: https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html (Qualifier; Code.ImageUri
 *   and Code.ResolvedImageUri for image functions)
 * - CodeDeploy CreateDeployment: https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeployment.html
 *   (revision AppSpecContent; overrideAlarmConfiguration; returns deploymentId)
 * - CodeDeploy GetDeployment: https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_GetDeployment.html
 *   (deploymentInfo.status Created | Queued | InProgress | Baking | Succeeded | Failed | Stopped | Ready;
 *   errorInformation.code such as ALARM_ACTIVE, MANUAL_STOP, TIMEOUT; rollbackInfo)
 * - CodeDeploy StopDeployment: https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_StopDeployment.html
 *   (autoRollbackEnabled: the alias goes back to the current version)
 * - CloudWatch DescribeAlarms: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
 * - ECR DescribeImages: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html
 *   (ImageNotFoundException when a listed digest is not in the repository)
 * - AppSpec for Lambda: https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html
 */
import { parse } from "yaml";
import { LAMBDA_DEPLOYMENT_CONFIGS } from "../../../infra/rollout/configs";
import type {
  CloudWatchApi,
  CodeDeployApi,
  DeploymentInfo,
  LambdaApi,
  Clock,
} from "../../../infra/rollout/rollout";
import type { InvokeAnswer } from "../../../infra/rollout/smoke";

/** An AWS SDK v3 service exception: its `name` is the error code. */
export class AwsError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** How a version answers an invoke. */
export type VersionBehaviour =
  | { kind: "predicts"; labels: string[] }
  | { kind: "answers"; statusCode: number; body: string }
  | { kind: "crashes"; errorType: string; errorMessage: string };

export interface FakeVersion {
  behaviour: VersionBehaviour;
  imageUri: string;
}

export class FakeLambda implements LambdaApi {
  readonly calls: string[] = [];
  readonly invokedPayloads: unknown[] = [];
  alias: { version: string; weights: Record<string, number> } | undefined;

  constructor(
    readonly functionName: string,
    readonly aliasName: string,
    readonly versions: Map<string, FakeVersion>,
    aliasVersion: string | undefined,
  ) {
    this.alias = aliasVersion === undefined ? undefined : { version: aliasVersion, weights: {} };
  }

  async getAlias(input: { FunctionName: string; Name: string }) {
    this.calls.push(`GetAlias ${input.Name}`);
    if (
      input.FunctionName !== this.functionName ||
      input.Name !== this.aliasName ||
      this.alias === undefined
    ) {
      throw new AwsError("ResourceNotFoundException", `Alias not found: ${input.FunctionName}:${input.Name}`);
    }
    const weights = Object.keys(this.alias.weights).length > 0 ? this.alias.weights : undefined;
    return {
      Name: this.aliasName,
      FunctionVersion: this.alias.version,
      ...(weights !== undefined ? { RoutingConfig: { AdditionalVersionWeights: weights } } : {}),
    };
  }

  async invoke(input: {
    FunctionName: string;
    Qualifier: string;
    Payload: Uint8Array;
  }): Promise<InvokeAnswer> {
    this.calls.push(`Invoke ${input.Qualifier}`);
    this.invokedPayloads.push(JSON.parse(new TextDecoder().decode(input.Payload)));
    const version = this.versions.get(input.Qualifier);
    if (input.FunctionName !== this.functionName || version === undefined) {
      throw new AwsError(
        "ResourceNotFoundException",
        `Function not found: ${input.FunctionName}:${input.Qualifier}`,
      );
    }
    const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    const behaviour = version.behaviour;
    switch (behaviour.kind) {
      case "crashes":
        return {
          StatusCode: 200,
          FunctionError: "Unhandled",
          Payload: encode({ errorType: behaviour.errorType, errorMessage: behaviour.errorMessage }),
        };
      case "answers":
        return {
          StatusCode: 200,
          Payload: encode({ statusCode: behaviour.statusCode, body: behaviour.body }),
        };
      case "predicts": {
        const scores = behaviour.labels.map((label, index) => ({ label, score: index === 0 ? 0.9 : 0.1 }));
        return {
          StatusCode: 200,
          Payload: encode({
            statusCode: 200,
            headers: { "content-type": "application/json" },
            body: JSON.stringify(scores),
          }),
        };
      }
    }
  }

  async getFunction(input: { FunctionName: string; Qualifier?: string }) {
    this.calls.push(`GetFunction ${input.Qualifier ?? "$LATEST"}`);
    const version = this.versions.get(input.Qualifier ?? "");
    if (input.FunctionName !== this.functionName || version === undefined) {
      throw new AwsError(
        "ResourceNotFoundException",
        `Function not found: arn:aws:lambda:eu-west-1:123456789012:function:${input.FunctionName}:${input.Qualifier}`,
      );
    }
    const [repository] = version.imageUri.split("@");
    return {
      Configuration: { FunctionName: this.functionName, Version: input.Qualifier, PackageType: "Image" },
      Code: { RepositoryType: "ECR", ImageUri: `${repository}:latest`, ResolvedImageUri: version.imageUri },
    };
  }
}

/** What a scripted deployment does: the statuses GetDeployment reports in turn, and how it ends. */
export interface DeploymentScript {
  /** Statuses before the final one (each GetDeployment call takes the next). */
  progress: string[];
  /** The last status, repeated once reached; undefined: never ends (for the timeout). */
  end?: { status: "Succeeded" } | { status: "Stopped" | "Failed"; code: string; message: string };
}

interface FakeDeployment {
  id: string;
  input: Parameters<CodeDeployApi["createDeployment"]>[0];
  appSpec: AppSpecResource;
  polls: number;
  stopped: { autoRollbackEnabled: boolean } | undefined;
}

export interface AppSpecResource {
  Type: string;
  Properties: { Name: string; Alias: string; CurrentVersion: string; TargetVersion: string };
}

export class FakeCodeDeploy implements CodeDeployApi {
  readonly calls: string[] = [];
  readonly deployments: FakeDeployment[] = [];

  constructor(
    readonly lambda: FakeLambda,
    readonly applicationName: string,
    readonly groupName: string,
    readonly script: DeploymentScript,
  ) {}

  async createDeployment(input: Parameters<CodeDeployApi["createDeployment"]>[0]) {
    this.calls.push("CreateDeployment");
    if (input.applicationName !== this.applicationName) {
      throw new AwsError("ApplicationDoesNotExistException", `No application named ${input.applicationName}`);
    }
    if (input.deploymentGroupName !== this.groupName) {
      throw new AwsError(
        "DeploymentGroupDoesNotExistException",
        `No group named ${input.deploymentGroupName}`,
      );
    }
    if (!(input.deploymentConfigName in LAMBDA_DEPLOYMENT_CONFIGS)) {
      throw new AwsError("DeploymentConfigDoesNotExistException", `No config ${input.deploymentConfigName}`);
    }
    if (input.revision.revisionType !== "AppSpecContent") {
      throw new AwsError("InvalidRevisionException", "Lambda deployments take AppSpecContent");
    }
    const spec = parse(input.revision.appSpecContent.content) as {
      version: number;
      Resources: Array<Record<string, AppSpecResource>>;
    };
    const resources = spec.Resources.flatMap((entry) => Object.values(entry));
    if (spec.version !== 0 || resources.length !== 1 || resources[0]!.Type !== "AWS::Lambda::Function") {
      throw new AwsError("InvalidRevisionException", "AppSpec: version 0.0 and one AWS::Lambda::Function");
    }
    const appSpec = resources[0]!;
    const { Name, Alias, CurrentVersion, TargetVersion } = appSpec.Properties;
    if (Name !== this.lambda.functionName || Alias !== this.lambda.aliasName) {
      throw new AwsError("InvalidRevisionException", `AppSpec names ${Name}:${Alias}`);
    }
    for (const version of [CurrentVersion, TargetVersion]) {
      if (typeof version !== "string" || !this.lambda.versions.has(version)) {
        throw new AwsError("InvalidRevisionException", `AppSpec version ${String(version)} does not exist`);
      }
    }
    const id = `d-FAKE${String(this.deployments.length + 1).padStart(5, "0")}`;
    this.deployments.push({ id, input, appSpec, polls: 0, stopped: undefined });
    return { deploymentId: id };
  }

  async getDeployment(input: { deploymentId: string }): Promise<{ deploymentInfo?: DeploymentInfo }> {
    this.calls.push("GetDeployment");
    const deployment = this.deployments.find((candidate) => candidate.id === input.deploymentId);
    if (deployment === undefined) throw new AwsError("DeploymentDoesNotExistException", input.deploymentId);
    const { CurrentVersion, TargetVersion } = deployment.appSpec.Properties;
    const alias = this.lambda.alias!;
    if (deployment.stopped !== undefined) {
      alias.version = CurrentVersion;
      alias.weights = {};
      return {
        deploymentInfo: {
          deploymentId: deployment.id,
          status: "Stopped",
          errorInformation: { code: "MANUAL_STOP", message: "The deployment was stopped by a user." },
          rollbackInfo: { rollbackMessage: "Rolled back to the current version" },
        },
      };
    }
    const index = deployment.polls++;
    if (index < this.script.progress.length || this.script.end === undefined) {
      // Traffic shifting: the canary's share on the new version.
      alias.weights = { [TargetVersion]: 0.1 };
      return {
        deploymentInfo: { deploymentId: deployment.id, status: this.script.progress[index] ?? "InProgress" },
      };
    }
    const end = this.script.end;
    alias.weights = {};
    if (end.status === "Succeeded") {
      alias.version = TargetVersion;
      return { deploymentInfo: { deploymentId: deployment.id, status: "Succeeded" } };
    }
    // Stopped or failed: with auto rollback the alias goes back to the current version.
    alias.version = CurrentVersion;
    return {
      deploymentInfo: {
        deploymentId: deployment.id,
        status: end.status,
        errorInformation: { code: end.code, message: end.message },
        rollbackInfo: {
          rollbackDeploymentId: `${deployment.id}-rollback`,
          rollbackMessage: `Deployment ${deployment.id} rolled back`,
        },
      },
    };
  }

  async stopDeployment(input: { deploymentId: string; autoRollbackEnabled: boolean }) {
    this.calls.push(`StopDeployment rollback=${String(input.autoRollbackEnabled)}`);
    const deployment = this.deployments.find((candidate) => candidate.id === input.deploymentId);
    if (deployment === undefined) throw new AwsError("DeploymentDoesNotExistException", input.deploymentId);
    deployment.stopped = { autoRollbackEnabled: input.autoRollbackEnabled };
    return { status: "Pending", statusMessage: "Stopping" };
  }
}

export class FakeCloudWatch implements CloudWatchApi {
  readonly calls: string[] = [];
  constructor(readonly states: Record<string, "OK" | "ALARM" | "INSUFFICIENT_DATA">) {}

  async describeAlarms(input: { AlarmNames: string[] }) {
    this.calls.push(`DescribeAlarms ${input.AlarmNames.join(",")}`);
    return {
      MetricAlarms: input.AlarmNames.filter((name) => name in this.states).map((name) => ({
        AlarmName: name,
        StateValue: this.states[name],
      })),
    };
  }
}

export class FakeEcr {
  readonly calls: string[] = [];
  /** repository name -> digests it holds */
  constructor(readonly repositories: Record<string, string[]>) {}

  async describeImages(input: {
    repositoryName: string;
    registryId?: string;
    imageIds: Array<{ imageDigest?: string }>;
  }) {
    this.calls.push(`DescribeImages ${input.repositoryName}`);
    const held = this.repositories[input.repositoryName];
    if (held === undefined) {
      throw new AwsError(
        "RepositoryNotFoundException",
        `The repository ${input.repositoryName} does not exist`,
      );
    }
    const missing = input.imageIds.find((id) => !held.includes(id.imageDigest ?? ""));
    if (missing !== undefined) {
      throw new AwsError(
        "ImageNotFoundException",
        `The image with imageId {imageDigest:'${missing.imageDigest}'} does not exist within the repository`,
      );
    }
    return { imageDetails: input.imageIds.map((id) => ({ imageDigest: id.imageDigest })) };
  }
}

/** A clock whose sleeps pass at once, advancing its time. */
export class FakeClock implements Clock {
  time = 0;
  readonly sleeps: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }
}
