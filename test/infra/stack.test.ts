import { MOCK_PROJECT, MOCK_STACK, registeredUrns, valueOf } from "../setup/pulumi-mocks";
import * as assert from "node:assert/strict";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { ACCESS_LOG_FORMAT } from "../../infra/api";
import { MODEL_DIR } from "../../infra/function";
import { ROUTES } from "../../infra/routes";
import { CLASSIFIER_SERVICE_TYPE } from "../../infra/service";
import { logicalNames, stackNames } from "../../infra/names";
import {
  buildStack,
  onlyResourceOfType,
  resourcesOfType,
  cliStackConfig,
  type BuiltStack,
  type RawConfig,
} from "./stack-fixtures";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

interface PolicyDocument {
  Statement: Array<{ Effect: string; Action: string | string[]; Resource: string | string[] }>;
}

function actionsOf(policyJson: unknown): string[] {
  assert.equal(typeof policyJson, "string");
  const document = JSON.parse(policyJson as string) as PolicyDocument;
  return document.Statement.flatMap((statement) =>
    Array.isArray(statement.Action) ? statement.Action : [statement.Action],
  );
}

describe("the program under dev settings", () => {
  let built: BuiltStack;
  before(async () => {
    built = await buildStack(cliStackConfig("dev"));
  });
  const find = (type: string) => onlyResourceOfType(built.resources, type).inputs;

  it("creates exactly the resources of the architecture", () => {
    const types = built.resources.map((resource) => resource.type).sort();
    assert.deepEqual(types, [
      "aws:apigatewayv2/api:Api",
      "aws:apigatewayv2/integration:Integration",
      "aws:apigatewayv2/route:Route",
      "aws:apigatewayv2/route:Route",
      "aws:apigatewayv2/stage:Stage",
      "aws:cloudwatch/dashboard:Dashboard",
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:cloudwatch/logMetricFilter:LogMetricFilter",
      ...Array<string>(8).fill("aws:cloudwatch/metricAlarm:MetricAlarm"),
      "aws:codedeploy/application:Application",
      "aws:codedeploy/deploymentGroup:DeploymentGroup",
      "aws:iam/role:Role",
      "aws:iam/role:Role",
      "aws:iam/rolePolicy:RolePolicy",
      "aws:iam/rolePolicy:RolePolicy",
      "aws:lambda/alias:Alias",
      "aws:lambda/function:Function",
      "aws:lambda/permission:Permission",
      "awsx:ecr:Image",
      "awsx:ecr:Repository",
      CLASSIFIER_SERVICE_TYPE,
      "pulumi-nodejs:dynamic:Resource",
    ]);
  });

  it("ECR repository scans on push, expires only untagged images, and force-deletes as the stack says", () => {
    const repo = find("awsx:ecr:Repository");
    assert.deepEqual(repo.imageScanningConfiguration, { scanOnPush: true });
    assert.equal(repo.forceDelete, true);
    // No rule selects tagged images (tagStatus "tagged" or "any"), so no image a deploy tagged ever expires.
    assert.deepEqual(repo.lifecyclePolicy, {
      rules: [
        {
          description: "Expire untagged images (builds no deploy tagged) after 7 days",
          tagStatus: "untagged",
          maximumAgeLimit: 7,
        },
      ],
    });
  });

  it("builds function/Dockerfile from the repo root for linux/amd64 into the repository", async () => {
    const image = find("awsx:ecr:Image");
    assert.equal(image.context, REPO_ROOT);
    assert.equal(image.dockerfile, path.join(REPO_ROOT, "function", "Dockerfile"));
    assert.equal(image.platform, "linux/amd64");
    assert.equal(image.repositoryUrl, await valueOf(built.stack.repository.url));
  });

  it("names every resource after the stack (cola-test-...), as infra/names.ts says", () => {
    const logical = logicalNames(stackNames(MOCK_PROJECT, MOCK_STACK).prefix);
    // Child resources (the API's routes, the role's policies) extend their parent's name.
    for (const resource of built.resources) assert.match(resource.name, /^cola-test(-|$)/, resource.type);
    const nameOf = (type: string) => onlyResourceOfType(built.resources, type).name;
    assert.equal(nameOf("awsx:ecr:Repository"), logical.repository);
    assert.equal(nameOf("aws:lambda/function:Function"), logical.function);
    assert.deepEqual(
      resourcesOfType(built.resources, "aws:iam/role:Role")
        .map((role) => role.name)
        .sort(),
      [logical.deployRole, logical.functionRole],
    );
    assert.equal(nameOf("aws:apigatewayv2/api:Api"), logical.api);
    assert.deepEqual(logical, {
      repository: "cola-test-repo",
      image: "cola-test-image",
      functionLogGroup: "cola-test-fn-logs",
      functionRole: "cola-test-fn-role",
      function: "cola-test-fn",
      accessLogGroup: "cola-test-api-logs",
      api: "cola-test-api",
      functionUrl: "cola-test-fn-url",
      alarm: "cola-test-alarm",
      dashboard: "cola-test-dashboard",
      deployApplication: "cola-test-deploy",
      deployRole: "cola-test-cd-role",
      deployGroup: "cola-test-deploy-group",
      rollout: "cola-test-rollout",
    });
  });

  it("resources deployed before the component keep their state: aliased to their top-level URNs", async () => {
    const urn = (type: string, name: string) => `urn:pulumi:${MOCK_STACK}::${MOCK_PROJECT}::${type}::${name}`;
    // Pulumi keeps a resource's aliases, as URNs, on the resource; the mocks do not see them otherwise.
    const aliasesOf = (resource: object) =>
      Promise.all((resource as { __aliases: Array<pulumi.Output<string>> }).__aliases.map(valueOf));
    const fn = "aws:lambda/function:Function";
    assert.deepEqual(await aliasesOf(built.stack.fn.fn), [urn(fn, "cola-test-fn")]);
    assert.deepEqual(await aliasesOf(built.stack.functionLogGroup), [
      urn("aws:cloudwatch/logGroup:LogGroup", "cola-test-fn-logs"),
    ]);
    // The access log group moved to a new name, and alarms and dashboard are new: nothing to alias.
    assert.deepEqual(await aliasesOf(built.stack.accessLogGroup!), []);
    assert.deepEqual(await aliasesOf(built.stack.dashboard), []);
  });

  it("every resource is a child of the ClassifierService component (one tree in pulumi preview)", () => {
    const urns = registeredUrns();
    for (const resource of built.resources) {
      if (resource.type === CLASSIFIER_SERVICE_TYPE) continue;
      const own = urns.filter((urn) => urn.endsWith(`${resource.type}::${resource.name}`));
      assert.ok(own.length > 0, `${resource.type} ${resource.name} is registered`);
      for (const urn of own) {
        assert.ok(
          urn.includes(`::${CLASSIFIER_SERVICE_TYPE}$${resource.type}::`),
          `${urn} is the component's child`,
        );
      }
    }
  });

  it("function and access log groups have the configured retention", () => {
    const groups = resourcesOfType(built.resources, "aws:cloudwatch/logGroup:LogGroup").map((g) => g.inputs);
    assert.deepEqual(groups.map((g) => [g.name, g.retentionInDays]).sort(), [
      ["/aws/lambda/cola-serverless-test", 7],
      // Under /aws/vendedlogs/, so API Gateway's logging does not grow the account's log resource policy.
      ["/aws/vendedlogs/apigateway/cola-serverless-test", 7],
    ]);
  });

  it("role is assumable by Lambda only and may only write to its own log group", async () => {
    const named = (type: string, name: string) =>
      built.resources.find((resource) => resource.type === type && resource.name === name)!.inputs;
    const role = named("aws:iam/role:Role", "cola-test-fn-role");
    const trust = role.assumeRolePolicy as {
      Statement: Array<{ Effect: string; Action: string; Principal: unknown }>;
    };
    assert.deepEqual(
      trust.Statement.map(({ Effect, Action, Principal }) => ({ Effect, Action, Principal })),
      [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }],
    );
    const policy = named("aws:iam/rolePolicy:RolePolicy", "cola-test-fn-role-logs");
    assert.deepEqual(actionsOf(policy.policy), ["logs:CreateLogStream", "logs:PutLogEvents"]);
    const logGroupArn = await valueOf(built.stack.functionLogGroup.arn);
    assert.equal(
      (JSON.parse(policy.policy as string) as PolicyDocument).Statement[0]!.Resource,
      `${logGroupArn}:*`,
    );
  });

  it("function runs the pushed image with the configured size, limits and log group", async () => {
    const fn = find("aws:lambda/function:Function");
    assert.equal(fn.packageType, "Image");
    assert.equal(fn.imageUri, await valueOf(built.stack.image.imageUri));
    assert.equal(fn.role, await valueOf(built.stack.role.role.arn));
    assert.deepEqual(fn.architectures, ["x86_64"]);
    assert.equal(fn.memorySize, 1024);
    assert.equal(fn.timeout, 15);
    assert.equal(fn.reservedConcurrentExecutions, -1, "unset means no reservation");
    assert.equal(fn.publish, true, "every change publishes a version for live");
    assert.deepEqual(fn.tracingConfig, { mode: "PassThrough" });
    assert.deepEqual(fn.loggingConfig, { logFormat: "Text", logGroup: "/aws/lambda/cola-serverless-test" });
    assert.deepEqual(fn.environment, {
      variables: {
        MODEL_DIR,
        MAX_LENGTH: "128",
        MAX_SENTENCES: "64",
        MAX_SENTENCE_CHARS: "2000",
        MAX_BODY_BYTES: "65536",
        LOG_LEVEL: "DEBUG",
        LOG_INPUTS: "false",
        REQUEST_LOG_SAMPLE_RATE: "1",
        POWERTOOLS_SERVICE_NAME: "cola-serverless-test",
        POWERTOOLS_METRICS_NAMESPACE: "ColaServerless",
      },
    });
    assert.equal(MODEL_DIR, "/var/task/models");
  });

  it("HTTP API has open CORS for dev and integrates the function with payload 2.0 within 30 s", async () => {
    const api = find("aws:apigatewayv2/api:Api");
    assert.equal(api.protocolType, "HTTP");
    assert.deepEqual((api.corsConfiguration as { allowOrigins: string[] }).allowOrigins, ["*"]);
    const integration = find("aws:apigatewayv2/integration:Integration");
    assert.equal(integration.integrationType, "AWS_PROXY");
    assert.equal(integration.payloadFormatVersion, "2.0");
    assert.equal(integration.timeoutMilliseconds, 15_000);
    assert.equal(integration.integrationUri, await valueOf(built.stack.fn.alias.invokeArn));
    assert.match(integration.integrationUri, /:function:[^/]+:live\/invocations$/);
  });

  it("creates one route per entry of the shared route table, each to the integration, open (auth none)", async () => {
    const integrationId = await valueOf(built.stack.http!.integration.id);
    const routes = resourcesOfType(built.resources, "aws:apigatewayv2/route:Route").map((r) => r.inputs);
    assert.deepEqual(
      routes.map((r) => r.routeKey),
      ROUTES.map((route) => route.key),
    );
    assert.deepEqual(routes.map((r) => r.routeKey).sort(), ["$default", "GET /health"]);
    for (const route of routes) {
      assert.equal(route.target, `integrations/${integrationId}`);
      assert.equal(route.authorizationType, "NONE");
    }
  });

  it("$default stage auto-deploys, throttles and writes JSON access logs to their own group", async () => {
    const stage = find("aws:apigatewayv2/stage:Stage");
    assert.equal(stage.name, "$default");
    assert.equal(stage.autoDeploy, true);
    assert.deepEqual(stage.defaultRouteSettings, { throttlingBurstLimit: 20, throttlingRateLimit: 10 });
    const accessLogs = stage.accessLogSettings as { destinationArn: string; format: string };
    assert.equal(accessLogs.destinationArn, await valueOf(built.stack.accessLogGroup!.arn));
    assert.equal(accessLogs.format, ACCESS_LOG_FORMAT);
    assert.equal((JSON.parse(accessLogs.format) as { status: string }).status, "$context.status");
  });

  it("only this API may invoke the function", async () => {
    const permission = find("aws:lambda/permission:Permission");
    assert.equal(permission.action, "lambda:InvokeFunction");
    assert.equal(permission.principal, "apigateway.amazonaws.com");
    assert.equal(permission.function, await valueOf(built.stack.fn.fn.name));
    assert.equal(permission.qualifier, "live", "the alias, which the integration invokes");
    const executionArn = await valueOf(built.stack.http!.api.executionArn);
    assert.equal(permission.sourceArn, `${executionArn}/*/*`);
  });

  it("exports the predict and health URLs, function name, image and repository", async () => {
    const outputs = built.stack;
    const endpoint = await valueOf(built.stack.http!.api.apiEndpoint);
    assert.match(endpoint, /^https:\/\/.+\.execute-api\.us-east-1\.amazonaws\.com$/);
    assert.equal(await valueOf(outputs.url), `${endpoint}/predict`);
    assert.equal(await valueOf(outputs.healthUrl), `${endpoint}/health`);
    assert.equal(await valueOf(outputs.functionName), await valueOf(built.stack.fn.fn.name));
    assert.match(
      await valueOf(outputs.imageUri),
      /^\d+\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/cola-test-repo@sha256:[0-9a-f]{64}$/,
    );
    assert.equal(
      await valueOf(outputs.repositoryUrl),
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/cola-test-repo",
    );
  });
});

describe("the program under prod settings", () => {
  let built: BuiltStack;
  before(async () => {
    built = await buildStack(cliStackConfig("prod"));
  });
  const find = (type: string) => onlyResourceOfType(built.resources, type).inputs;

  it("keeps the repository's images on destroy and keeps more of them", () => {
    const repo = find("awsx:ecr:Repository");
    assert.equal(repo.forceDelete, false);
    assert.equal(
      (repo.lifecyclePolicy as { rules: Array<{ maximumAgeLimit: number }> }).rules[0]!.maximumAgeLimit,
      30,
    );
  });

  it("sizes the function for production with reserved concurrency and active tracing", () => {
    const fn = find("aws:lambda/function:Function");
    assert.equal(fn.memorySize, 1769);
    assert.equal(fn.timeout, 10);
    assert.equal(fn.reservedConcurrentExecutions, 50);
    assert.equal(fn.publish, true);
    assert.deepEqual(fn.tracingConfig, { mode: "Active" });
  });

  it("adds X-Ray write actions to the role, and nothing with a wildcard", () => {
    const policies = resourcesOfType(built.resources, "aws:iam/rolePolicy:RolePolicy").filter((policy) =>
      policy.name.startsWith("cola-test-fn-role"),
    );
    const actions = policies.flatMap((policy) => actionsOf(policy.inputs.policy));
    assert.deepEqual(actions.sort(), [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments",
    ]);
    for (const action of actions) assert.ok(!action.includes("*"), `${action} has a wildcard`);
  });

  it("keeps a published version warm behind an alias and points the API at the alias", async () => {
    const alias = find("aws:lambda/alias:Alias");
    assert.equal(alias.name, "live");
    assert.equal(alias.functionName, await valueOf(built.stack.fn.fn.name));
    assert.equal(alias.functionVersion, "1");
    const provisioned = find("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig");
    assert.equal(provisioned.qualifier, "live");
    assert.equal(provisioned.provisionedConcurrentExecutions, 2);
    const integration = find("aws:apigatewayv2/integration:Integration");
    assert.equal(integration.integrationUri, await valueOf(built.stack.fn.alias.invokeArn));
    assert.match(integration.integrationUri, /:function:[^/]+:live\/invocations$/);
    const permission = find("aws:lambda/permission:Permission");
    assert.equal(permission.qualifier, "live");
  });

  it("allows only the configured web origin and throttles at the prod rates", () => {
    const api = find("aws:apigatewayv2/api:Api");
    assert.deepEqual((api.corsConfiguration as { allowOrigins: string[] }).allowOrigins, [
      "https://app.example.com",
    ]);
    const stage = find("aws:apigatewayv2/stage:Stage");
    assert.deepEqual(stage.defaultRouteSettings, { throttlingBurstLimit: 200, throttlingRateLimit: 100 });
  });

  it("retains logs for 90 days", () => {
    const retention = resourcesOfType(built.resources, "aws:cloudwatch/logGroup:LogGroup").map(
      (g) => g.inputs.retentionInDays,
    );
    assert.deepEqual(retention, [90, 90]);
  });
});

describe("the program under other settings", () => {
  const cases: Array<[string, RawConfig, (built: BuiltStack) => void]> = [
    [
      "arm64 builds a linux/arm64 image for an arm64 function",
      { architecture: "arm64" },
      ({ resources }) => {
        assert.equal(onlyResourceOfType(resources, "awsx:ecr:Image").inputs.platform, "linux/arm64");
        assert.deepEqual(onlyResourceOfType(resources, "aws:lambda/function:Function").inputs.architectures, [
          "arm64",
        ]);
      },
    ],
    [
      "a timeout above 30 s caps the integration timeout at 30 s",
      { timeout: "120" },
      ({ resources }) => {
        assert.equal(onlyResourceOfType(resources, "aws:lambda/function:Function").inputs.timeout, 120);
        assert.equal(
          onlyResourceOfType(resources, "aws:apigatewayv2/integration:Integration").inputs
            .timeoutMilliseconds,
          30_000,
        );
      },
    ],
    [
      "request limits and log settings reach the function environment",
      {
        maxLength: "64",
        maxSentences: "8",
        maxSentenceChars: "500",
        maxBodyBytes: "4096",
        logLevel: "WARN",
        logInputs: "true",
      },
      ({ resources }) => {
        const env = (
          onlyResourceOfType(resources, "aws:lambda/function:Function").inputs.environment as {
            variables: Record<string, string>;
          }
        ).variables;
        assert.deepEqual(
          [
            env.MAX_LENGTH,
            env.MAX_SENTENCES,
            env.MAX_SENTENCE_CHARS,
            env.MAX_BODY_BYTES,
            env.LOG_LEVEL,
            env.LOG_INPUTS,
          ],
          ["64", "8", "500", "4096", "WARN", "true"],
        );
      },
    ],
    [
      "reserved concurrency without provisioned concurrency: the alias, nothing kept warm",
      { reservedConcurrency: "5" },
      ({ resources }) => {
        assert.equal(
          onlyResourceOfType(resources, "aws:lambda/function:Function").inputs.reservedConcurrentExecutions,
          5,
        );
        assert.equal(resourcesOfType(resources, "aws:lambda/alias:Alias").length, 1);
        assert.equal(
          resourcesOfType(resources, "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig")
            .length,
          0,
        );
      },
    ],
    [
      "provisioned concurrency without a reservation is allowed",
      { provisionedConcurrency: "1" },
      ({ resources }) => {
        assert.equal(resourcesOfType(resources, "aws:lambda/alias:Alias").length, 1);
        assert.equal(
          onlyResourceOfType(
            resources,
            "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
          ).inputs.qualifier,
          "live",
        );
      },
    ],
  ];
  for (const [what, raw, check] of cases) {
    it(what, async () => check(await buildStack(raw)));
  }
});
