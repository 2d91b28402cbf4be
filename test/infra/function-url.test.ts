/**
 * endpoint: functionUrl. A Lambda function URL on the `live` alias in place of the HTTP API: its auth type, its
 * CORS, the public grants with auth none, the alarms and dashboard on the URL's metrics, and the refusal of auth jwt.
 * AWS references: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html (auth types and permissions),
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-monitoring.html (metrics and their dimensions).
 */
import { MOCK_REGION, valueOf } from "../setup/pulumi-mocks";
import * as assert from "node:assert/strict";
import { StackConfigError } from "../../infra/config";
import {
  buildStack,
  cliStackConfig,
  onlyResourceOfType,
  parseRaw,
  resourcesOfType,
  type BuiltStack,
  type RawConfig,
} from "./stack-fixtures";

interface UrlInputs {
  functionName: string;
  qualifier: string;
  authorizationType: string;
  invokeMode: string;
  cors: { allowOrigins: string[]; allowMethods: string[]; allowHeaders: string[]; maxAge: number };
}

interface AlarmQuery {
  id: string;
  expression?: string;
  metric?: { namespace: string; metricName: string; stat: string; dimensions: Record<string, string> };
}

const URL_IAM: RawConfig = { endpoint: "functionUrl", auth: "iam" };
const URL_NONE: RawConfig = { endpoint: "functionUrl", auth: "none", reservedConcurrency: "5" };

const typesOf = (built: BuiltStack) => built.resources.map((resource) => resource.type);
const alarmByKind = (built: BuiltStack, kind: string) =>
  resourcesOfType(built.resources, "aws:cloudwatch/metricAlarm:MetricAlarm").find(
    (alarm) => alarm.name === `cola-test-alarm-${kind}`,
  );

describe("endpoint functionUrl with auth iam (prod settings)", () => {
  let built: BuiltStack;
  let url: UrlInputs;
  let functionName: string;
  before(async () => {
    built = await buildStack(cliStackConfig("prod", URL_IAM));
    url = onlyResourceOfType(built.resources, "aws:lambda/functionUrl:FunctionUrl")
      .inputs as unknown as UrlInputs;
    functionName = await valueOf(built.stack.fn.fn.name);
  });

  it("creates a function URL on the live alias with AWS_IAM", async () => {
    assert.equal(url.functionName, functionName);
    assert.equal(url.qualifier, "live");
    assert.equal(url.qualifier, await valueOf(built.stack.fn.alias.name));
    assert.equal(url.authorizationType, "AWS_IAM");
    assert.equal(url.invokeMode, "BUFFERED");
  });

  it("creates no API Gateway resource, no access log group and no public permission", () => {
    const types = typesOf(built);
    assert.deepEqual(
      types.filter((type) => type.startsWith("aws:apigateway")),
      [],
    );
    assert.equal(built.stack.http, undefined);
    assert.equal(built.stack.accessLogGroup, undefined);
    assert.equal(resourcesOfType(built.resources, "aws:cloudwatch/logGroup:LogGroup").length, 1);
    // With AWS_IAM callers' own policies grant lambda:InvokeFunctionUrl and lambda:InvokeFunction.
    assert.deepEqual(resourcesOfType(built.resources, "aws:lambda/permission:Permission"), []);
  });

  it("keeps the rollout: CodeDeploy and the rollout still move the same alias", async () => {
    assert.ok(typesOf(built).includes("aws:codedeploy/deploymentGroup:DeploymentGroup"));
    assert.ok(typesOf(built).includes("pulumi-nodejs:dynamic:Resource"));
    const target = await valueOf(built.stack.rolloutTarget);
    assert.equal(target.aliasName, url.qualifier);
    assert.equal(target.functionName, functionName);
  });

  it("answers CORS from corsAllowOrigins, allowing the SigV4 headers (OPTIONS is not a value the URL takes)", () => {
    // Pulumi.prod.yaml's origins.
    assert.deepEqual(url.cors.allowOrigins, parseRaw(cliStackConfig("prod")).config.corsAllowOrigins);
    assert.deepEqual(url.cors.allowMethods, ["GET", "POST"]);
    assert.deepEqual(url.cors.allowHeaders, [
      "content-type",
      "authorization",
      "x-amz-date",
      "x-amz-security-token",
      "x-amz-content-sha256",
    ]);
  });

  it("exports url and healthUrl on the function URL (which ends with /) without a double slash", async () => {
    const base = await valueOf(built.stack.functionUrl!.url.functionUrl);
    assert.match(base, new RegExp(`^https://[^/]+\\.lambda-url\\.${MOCK_REGION}\\.on\\.aws/$`));
    assert.equal(await valueOf(built.stack.url), `${base}predict`);
    assert.equal(await valueOf(built.stack.healthUrl), `${base}health`);
  });

  it("alarms on the URL's own metrics, by FunctionName and Resource <function>:live, instead of the API's", () => {
    const kinds = resourcesOfType(built.resources, "aws:cloudwatch/metricAlarm:MetricAlarm").map((alarm) =>
      alarm.name.replace(/^cola-test-alarm-/, ""),
    );
    assert.ok(kinds.includes("url-5xx") && kinds.includes("url-latency"), kinds.join());
    assert.ok(!kinds.some((kind) => kind.startsWith("api-")), kinds.join());
    const dimensions = { FunctionName: functionName, Resource: `${functionName}:live` };

    const fiveXx = alarmByKind(built, "url-5xx")!.inputs as {
      metricQueries: AlarmQuery[];
      threshold: number;
    };
    assert.equal(fiveXx.metricQueries[0]!.expression, "100 * errors / requests");
    const metrics = Object.fromEntries(
      fiveXx.metricQueries.slice(1).map((query) => [query.id, query.metric]),
    );
    assert.deepEqual(metrics.errors, {
      namespace: "AWS/Lambda",
      metricName: "Url5xxCount",
      dimensions,
      period: 300,
      stat: "Sum",
    });
    assert.equal(metrics.requests?.metricName, "UrlRequestCount");
    assert.deepEqual(metrics.requests?.dimensions, dimensions);

    const latency = alarmByKind(built, "url-latency")!.inputs;
    assert.equal(latency.namespace, "AWS/Lambda");
    assert.equal(latency.metricName, "UrlRequestLatency");
    assert.equal(latency.extendedStatistic, "p99");
    assert.deepEqual(latency.dimensions, dimensions);
  });

  it("the deployment group stops a rollout on the URL's 5xx alarm instead of the API's", async () => {
    const group = onlyResourceOfType(built.resources, "aws:codedeploy/deploymentGroup:DeploymentGroup")
      .inputs as {
      alarmConfiguration: { alarms: string[] };
    };
    const nameOf = async (kind: string) => {
      for (const alarm of built.stack.alarms.alarms) {
        if ((await valueOf(alarm.urn)).endsWith(`::cola-test-alarm-${kind}`)) return valueOf(alarm.name);
      }
      throw new Error(`no ${kind} alarm`);
    };
    assert.deepEqual(
      [...group.alarmConfiguration.alarms].sort(),
      [await nameOf("url-5xx"), await nameOf("version-errors"), await nameOf("version-duration")].sort(),
    );
  });

  it("its dashboard shows the URL's requests, 4xx, 5xx and latency, and nothing of API Gateway", () => {
    const body = JSON.parse(
      onlyResourceOfType(built.resources, "aws:cloudwatch/dashboard:Dashboard").inputs
        .dashboardBody as string,
    ) as { widgets: Array<{ properties: { title: string; metrics: unknown[][] } }> };
    const lines = body.widgets.flatMap((widget) => widget.properties.metrics);
    assert.ok(!lines.some((line) => line[0] === "AWS/ApiGateway"));
    for (const metric of ["UrlRequestCount", "Url4xxCount", "Url5xxCount", "UrlRequestLatency"]) {
      const line = lines.find((candidate) => candidate[1] === metric);
      assert.ok(line, metric);
      assert.deepEqual(line.slice(0, 6), [
        "AWS/Lambda",
        metric,
        "FunctionName",
        functionName,
        "Resource",
        `${functionName}:live`,
      ]);
    }
  });
});

describe("endpoint functionUrl with auth none", () => {
  let built: BuiltStack;
  before(async () => {
    built = await buildStack(cliStackConfig("dev", URL_NONE));
  });

  it("creates a NONE function URL whose CORS allows only content-type", () => {
    const url = onlyResourceOfType(built.resources, "aws:lambda/functionUrl:FunctionUrl")
      .inputs as unknown as UrlInputs;
    assert.equal(url.authorizationType, "NONE");
    assert.deepEqual(url.cors.allowHeaders, ["content-type"]);
  });

  it("grants the public both lambda:InvokeFunctionUrl (auth type NONE) and lambda:InvokeFunction (via the URL only), on the alias", async () => {
    const functionName = await valueOf(built.stack.fn.fn.name);
    const grants = resourcesOfType(built.resources, "aws:lambda/permission:Permission").map((permission) => ({
      action: permission.inputs.action,
      function: permission.inputs.function,
      qualifier: permission.inputs.qualifier,
      principal: permission.inputs.principal,
      functionUrlAuthType: permission.inputs.functionUrlAuthType,
      invokedViaFunctionUrl: permission.inputs.invokedViaFunctionUrl,
    }));
    assert.deepEqual(grants, [
      {
        action: "lambda:InvokeFunctionUrl",
        function: functionName,
        qualifier: "live",
        principal: "*",
        functionUrlAuthType: "NONE",
        invokedViaFunctionUrl: undefined,
      },
      {
        action: "lambda:InvokeFunction",
        function: functionName,
        qualifier: "live",
        principal: "*",
        functionUrlAuthType: undefined,
        invokedViaFunctionUrl: true,
      },
    ]);
  });

  it("takes the origins of corsAllowOrigins, as the HTTP API does", async () => {
    const origins = '["https://app.example.com"]';
    const restricted = await buildStack(cliStackConfig("dev", { ...URL_NONE, corsAllowOrigins: origins }));
    const url = onlyResourceOfType(restricted.resources, "aws:lambda/functionUrl:FunctionUrl")
      .inputs as unknown as UrlInputs;
    assert.deepEqual(url.cors.allowOrigins, ["https://app.example.com"]);
    const api = await buildStack(cliStackConfig("dev", { corsAllowOrigins: origins }));
    const apiCors = onlyResourceOfType(api.resources, "aws:apigatewayv2/api:Api").inputs
      .corsConfiguration as {
      allowOrigins: string[];
    };
    assert.deepEqual(apiCors.allowOrigins, url.cors.allowOrigins);
  });
});

describe("endpoint validation at preview", () => {
  it("httpApi is the default: no function URL, today's API", async () => {
    assert.equal(parseRaw(cliStackConfig("dev")).config.endpoint, "httpApi");
    const built = await buildStack(cliStackConfig("dev"));
    assert.deepEqual(resourcesOfType(built.resources, "aws:lambda/functionUrl:FunctionUrl"), []);
    assert.equal(resourcesOfType(built.resources, "aws:apigatewayv2/api:Api").length, 1);
  });

  it("auth jwt with functionUrl fails, naming both settings, why, and endpoint httpApi as the way to keep JWT", () => {
    const raw = cliStackConfig("dev", {
      ...URL_IAM,
      auth: "jwt",
      jwtIssuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example",
      jwtAudience: '["app-client-id"]',
    });
    assert.throws(
      () => parseRaw(raw),
      (error: unknown) => {
        assert.ok(error instanceof StackConfigError);
        assert.equal(error.problems.length, 1, error.message);
        const [problem] = error.problems;
        assert.match(problem!, /endpoint is "functionUrl" but auth is "jwt"/);
        assert.match(problem!, /function URL has no JWT authorizer/);
        assert.match(problem!, /set endpoint to "httpApi"/);
        return true;
      },
    );
  });

  it("an unknown endpoint fails naming the key and the allowed values", () => {
    assert.throws(
      () => parseRaw(cliStackConfig("dev", { endpoint: "restApi" })),
      /endpoint is "restApi"; allowed: one of httpApi, functionUrl/,
    );
  });

  it("warns when an open function URL has no reserved concurrency (its only throttle), and not otherwise", () => {
    const open = parseRaw(cliStackConfig("dev", { endpoint: "functionUrl", auth: "none" }));
    assert.equal(open.warnings.filter((warning) => /no rate limit/.test(warning)).length, 1);
    assert.match(open.warnings.join("\n"), /set reservedConcurrency to cap it/);
    for (const raw of [URL_NONE, URL_IAM, {}]) {
      const { warnings } = parseRaw(cliStackConfig("dev", raw));
      assert.ok(!warnings.some((warning) => /no rate limit/.test(warning)), JSON.stringify(raw));
    }
  });

  it("a timeout above 30 s warns with the HTTP API only (a function URL waits the function's full timeout)", () => {
    const warnsOf = (raw: RawConfig) =>
      parseRaw(cliStackConfig("dev", { timeout: "120", ...raw })).warnings.some((warning) =>
        /HTTP API waits at most 30 s/.test(warning),
      );
    assert.equal(warnsOf({}), true);
    assert.equal(warnsOf(URL_IAM), false);
  });
});
