/**
 * The one `pulumi.runtime.setMocks` of the test process. Every infra and policy test imports this module before
 * the program, so the mocks are in place before any resource is declared. It also records what the program
 * registers (type, name, inputs) so tests and policy rules can inspect it.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { Callback } from "@pulumi/pulumi/proto/callback_pb";

export const MOCK_PROJECT = "cola-serverless";
export const MOCK_STACK = "test";
export const MOCK_REGION = "us-east-1";
export const MOCK_ACCOUNT = "123456789012";

export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

const recorded: RecordedResource[] = [];

/** What has been registered since the last reset, in registration order. */
export function recordedResources(): readonly RecordedResource[] {
  return recorded;
}

export function resetRecordedResources(): void {
  recorded.length = 0;
}

/** Outputs the cloud would compute for a resource, derived deterministically from its name and inputs. */
function computedState(type: string, name: string, id: string, inputs: Record<string, unknown>) {
  const str = (key: string): string => (typeof inputs[key] === "string" ? inputs[key] : "");
  switch (type) {
    case "awsx:ecr:Repository":
      return { url: `${MOCK_ACCOUNT}.dkr.ecr.${MOCK_REGION}.amazonaws.com/${name}` };
    case "awsx:ecr:Image": {
      const digest = createHash("sha256").update(JSON.stringify(inputs)).digest("hex");
      return { imageUri: `${str("repositoryUrl")}@sha256:${digest}` };
    }
    case "aws:cloudwatch/logGroup:LogGroup":
      return { arn: `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT}:log-group:${str("name")}` };
    case "aws:iam/role:Role":
      return { arn: `arn:aws:iam::${MOCK_ACCOUNT}:role/${id}`, name: id };
    case "aws:lambda/function:Function": {
      const arn = `arn:aws:lambda:${MOCK_REGION}:${MOCK_ACCOUNT}:function:${id}`;
      return {
        name: id,
        arn,
        invokeArn: lambdaInvokeArn(arn),
        version: inputs.publish === true ? "1" : "$LATEST",
      };
    }
    case "aws:lambda/alias:Alias": {
      const arn = `arn:aws:lambda:${MOCK_REGION}:${MOCK_ACCOUNT}:function:${str("functionName")}:${str("name")}`;
      return { arn, invokeArn: lambdaInvokeArn(arn) };
    }
    case "aws:lambda/functionUrl:FunctionUrl":
      // https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html: https://<url-id>.lambda-url.<region>.on.aws/
      return { functionUrl: `https://${id}.lambda-url.${MOCK_REGION}.on.aws/`, urlId: id };
    case "aws:cloudwatch/metricAlarm:MetricAlarm":
      return { arn: `arn:aws:cloudwatch:${MOCK_REGION}:${MOCK_ACCOUNT}:alarm:${id}`, name: id };
    case "aws:codedeploy/application:Application":
      return { arn: `arn:aws:codedeploy:${MOCK_REGION}:${MOCK_ACCOUNT}:application:${id}`, name: id };
    case "aws:cloudwatch/dashboard:Dashboard":
      return { dashboardArn: `arn:aws:cloudwatch::${MOCK_ACCOUNT}:dashboard/${str("dashboardName")}` };
    case "aws:sns/topic:Topic":
      return { arn: `arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:${id}` };
    case "aws:apigatewayv2/api:Api":
      return {
        apiEndpoint: `https://${id}.execute-api.${MOCK_REGION}.amazonaws.com`,
        executionArn: `arn:aws:execute-api:${MOCK_REGION}:${MOCK_ACCOUNT}:${id}`,
      };
    default:
      return {};
  }
}

interface PolicyDocumentInputs {
  statements?: Array<{ sid?: string; effect?: string; actions?: string[]; resources?: string[] }>;
}

/** The JSON the provider renders from getPolicyDocument's statements (the fields this program uses). */
function policyDocumentJson(inputs: PolicyDocumentInputs): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: (inputs.statements ?? []).map((statement) => ({
      ...(statement.sid !== undefined ? { Sid: statement.sid } : {}),
      Effect: statement.effect ?? "Allow",
      Action: statement.actions?.length === 1 ? statement.actions[0] : statement.actions,
      Resource: statement.resources?.length === 1 ? statement.resources[0] : statement.resources,
    })),
  });
}

function lambdaInvokeArn(functionArn: string): string {
  return `arn:aws:apigateway:${MOCK_REGION}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

// Two copies of this module (e.g. loaded once as ESM and once as CommonJS) would mean two mock monitors.
const SETUP_MARK = Symbol.for("cola-serverless.test.pulumi-mocks");
const processGlobals = globalThis as Record<symbol, unknown>;
if (processGlobals[SETUP_MARK] === true) {
  throw new Error(
    "Pulumi mocks were set up twice in one process; import test/setup/pulumi-mocks one way only",
  );
}
processGlobals[SETUP_MARK] = true;

void pulumi.runtime.setMocks(
  {
    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
      const inputs = args.inputs as Record<string, unknown>;
      recorded.push({ type: args.type, name: args.name, inputs });
      // Physical ids are short and lower-case like the names AWS generates.
      const id = `${args.name}-${createHash("sha256").update(args.name).digest("hex").slice(0, 7)}`;
      return { id, state: { ...inputs, ...computedState(args.type, args.name, id, inputs) } };
    },
    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
      switch (args.token) {
        case "aws:iam/getPolicyDocument:getPolicyDocument":
          return { json: policyDocumentJson(args.inputs as PolicyDocumentInputs) };
        case "aws:index/getRegion:getRegion":
          return { id: MOCK_REGION, name: MOCK_REGION, region: MOCK_REGION };
        case "aws:index/getCallerIdentity:getCallerIdentity":
          return {
            accountId: MOCK_ACCOUNT,
            arn: `arn:aws:sts::${MOCK_ACCOUNT}:assumed-role/deploy/session`,
            userId: "AROAEXAMPLE:session",
          };
        case "aws:index/getPartition:getPartition":
          return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
        default:
          throw new Error(`unexpected provider function call in the program: ${args.token}`);
      }
    },
  },
  MOCK_PROJECT,
  MOCK_STACK,
  false,
);

/**
 * Transforms. Pulumi's mocks turn them off (a resource with `transforms` fails: "The Pulumi CLI does not support
 * transforms"), although the CLI has supported them since 3.105. Here they are on, and a callback server that
 * only remembers each transform stands in for the engine's: the mock monitor then receives each registration's
 * transform tokens, and `transformsOf` gives back the functions. The engine would apply a remote component's
 * transforms to the children its provider creates; under mocks such a component has no children, so tests call
 * the functions themselves.
 */
const transformFunctions: pulumi.ResourceTransform[] = [];
const transformsByResource = new Map<string, pulumi.ResourceTransform[]>();
interface TransformStore {
  supportsTransforms: boolean;
  callbacks?: unknown;
}
const store = (globalThis as unknown as { globalStore: TransformStore }).globalStore;
store.supportsTransforms = true;
store.callbacks = {
  registerTransform: (transform: pulumi.ResourceTransform) => {
    transformFunctions.push(transform);
    return Promise.resolve(new Callback().setToken(String(transformFunctions.length - 1)));
  },
  awaitStackRegistrations: () => Promise.resolve(),
  shutdown: () => undefined,
};
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getTransformsList(): Callback[];
}
const mockMonitor = pulumi.runtime.getMonitor() as unknown as {
  registerResource(request: RegisterRequest, callback: unknown): void;
};
const registerResource = mockMonitor.registerResource.bind(mockMonitor);
mockMonitor.registerResource = (request, callback) => {
  const tokens = request.getTransformsList().map((transform) => Number(transform.getToken()));
  if (tokens.length > 0) {
    transformsByResource.set(
      `${request.getType()}::${request.getName()}`,
      tokens.map((token) => transformFunctions[token]!),
    );
  }
  registerResource(request, callback);
};

/** The transforms a resource was registered with, in order (none: an empty list). */
export function transformsOf(type: string, name: string): pulumi.ResourceTransform[] {
  return transformsByResource.get(`${type}::${name}`) ?? [];
}

/**
 * The URN of every resource registered so far (the mock monitor keeps them): a child's URN carries its parent's
 * type before its own (`...::parentType$childType::name`), which is how tests see the component tree.
 */
export function registeredUrns(): string[] {
  const monitor = pulumi.runtime.getMonitor() as unknown as { resources: Map<string, unknown> };
  return [...monitor.resources.keys()];
}

/** The value of an output, awaited (mocks never leave outputs unknown since preview is false). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Waits until every resource reachable from `root` has been registered with the mocks. */
export async function settled(root: object): Promise<void> {
  await Promise.all(collectResources(root).map((resource) => valueOf(resource.urn)));
}

function collectResources(value: unknown, seen = new Set<unknown>()): pulumi.Resource[] {
  if (value === null || typeof value !== "object" || seen.has(value)) return [];
  seen.add(value);
  if (pulumi.Output.isInstance(value)) return [];
  const children = Object.values(value).flatMap((child) => collectResources(child, seen));
  // A component's own fields hold its children.
  if (pulumi.ComponentResource.isInstance(value)) return [value, ...children];
  if (pulumi.Resource.isInstance(value)) return [value];
  return children;
}
