import {
  MOCK_PROJECT,
  MOCK_STACK,
  recordedResources,
  resetRecordedResources,
  valueOf,
} from "../setup/pulumi-mocks";
import * as assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULTS, parseStackConfig, StackConfigError } from "../../infra/config";
import { logicalNames, stackNames } from "../../infra/names";
import type * as Program from "../../index";
import {
  cliStackConfig,
  configString,
  matchesDeclaredType,
  parseRaw,
  projectFile,
  stackFile,
  stackFileConfig,
  type RawConfig,
} from "./stack-fixtures";

const requireHere = createRequire(__filename);
const INDEX_MODULE = requireHere.resolve("../../index");

/**
 * The resources index.ts declares for a stack without provisioned concurrency (as dev), the component included:
 * the `live` alias, CodeDeploy's application, group, role and policy, the two version alarms and the rollout among them.
 */
const DEV_RESOURCE_COUNT = 30;

function asPulumiConfig(raw: RawConfig): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [`${MOCK_PROJECT}:${key}`, value]));
}

/**
 * Waits until the mocks have seen `count` resources (bounded, so a shortfall fails). The image waits for the model
 * folder check (infra/model-folder.ts), which loads the model: seconds, not event-loop turns.
 */
async function registrationsReach(count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && recordedResources().length < count) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.equal(recordedResources().length, count, "resources registered by index.ts");
}

interface ProgramRun {
  program: typeof Program;
  /** Every key index.ts read through pulumi.Config, namespaced. */
  keysRead: Set<string>;
  warnings: string[];
}

type ConfigPrototype = { getImpl: (this: pulumi.Config, key: string, ...rest: unknown[]) => unknown };

/**
 * Runs index.ts afresh as `pulumi preview` would for a stack whose config is `config`, recording every config key
 * it reads (all typed getters of pulumi.Config go through getImpl) and every warning it logs.
 */
function runIndex(config: RawConfig): ProgramRun {
  pulumi.runtime.setAllConfig(asPulumiConfig(config));
  resetRecordedResources();
  const keysRead = new Set<string>();
  const warnings: string[] = [];
  const prototype = pulumi.Config.prototype as unknown as ConfigPrototype;
  const getImpl = prototype.getImpl;
  const warn = pulumi.log.warn;
  prototype.getImpl = function (this: pulumi.Config, key: string, ...rest: unknown[]) {
    keysRead.add(`${this.name}:${key}`);
    return getImpl.call(this, key, ...rest);
  };
  pulumi.log.warn = (message: string) => {
    warnings.push(message);
    return Promise.resolve();
  };
  try {
    // index.ts reads its config when loaded, as under Pulumi; a fresh load sees the config set above.
    delete requireHere.cache[INDEX_MODULE];
    return { program: requireHere(INDEX_MODULE) as typeof Program, keysRead, warnings };
  } finally {
    prototype.getImpl = getImpl;
    pulumi.log.warn = warn;
  }
}

describe("index.ts", () => {
  after(() => {
    pulumi.runtime.setAllConfig({});
    delete requireHere.cache[INDEX_MODULE];
  });

  it("reads every declared key through pulumi.Config, declares the dev stack and exports the endpoints", async () => {
    const { program, keysRead, warnings } = runIndex(cliStackConfig("dev"));
    assert.deepEqual(
      [...keysRead].sort(),
      Object.keys(projectFile().config)
        .map((key) => `${MOCK_PROJECT}:${key}`)
        .sort(),
      "the keys index.ts reads are exactly the keys Pulumi.yaml declares",
    );
    assert.deepEqual(warnings, []);
    assert.deepEqual(Object.keys(program).sort(), [
      "auth",
      "dashboardUrl",
      "endpoint",
      "functionName",
      "healthUrl",
      "imageUri",
      "repositoryUrl",
      "rollout",
      "url",
    ]);
    const url = await valueOf(program.url);
    assert.match(url, /^https:\/\/[^/]+\.execute-api\.us-east-1\.amazonaws\.com\/predict$/);
    assert.equal(await valueOf(program.healthUrl), url.replace(/\/predict$/, "/health"));
    assert.equal(program.auth, "none", "the deploy workflow's smoke test reads it");
    assert.equal(program.endpoint, "httpApi", "the smoke test signs for an iam function URL only");
    assert.match(await valueOf(program.dashboardUrl), /#dashboards\/dashboard\/cola-serverless-test$/);

    // Let the rest of the program register (so no later test sees it), then tie each export to its resource.
    await registrationsReach(DEV_RESOURCE_COUNT);
    const resources = recordedResources();
    const inputsOf = (type: string) => resources.find((resource) => resource.type === type)?.inputs;
    // Named after the stack it runs in, as infra/names.ts says and the bootstrap's deploy roles expect.
    const logical = logicalNames(stackNames(MOCK_PROJECT, MOCK_STACK).prefix);
    const nameOf = (type: string) => resources.find((resource) => resource.type === type)?.name;
    assert.equal(nameOf("awsx:ecr:Repository"), logical.repository);
    assert.ok(resources.some((r) => r.type === "aws:iam/role:Role" && r.name === logical.functionRole));
    assert.equal(nameOf("aws:lambda/function:Function"), logical.function);
    assert.equal(logical.function, "cola-test-fn");
    const fn = inputsOf("aws:lambda/function:Function");
    assert.equal(fn?.memorySize, 1024);
    assert.equal(fn?.reservedConcurrentExecutions, -1);
    assert.equal(
      (fn?.environment as { variables: Record<string, string> }).variables.POWERTOOLS_SERVICE_NAME,
      "cola-serverless-test",
    );
    assert.equal(await valueOf(program.imageUri), fn?.imageUri, "imageUri is the image the function runs");
    assert.equal(
      await valueOf(program.repositoryUrl),
      inputsOf("awsx:ecr:Image")?.repositoryUrl,
      "repositoryUrl is where the image is pushed",
    );
    assert.equal(
      await valueOf(program.functionName),
      inputsOf("aws:lambda/permission:Permission")?.function,
      "functionName is the function the API may invoke",
    );
    // What `npm run rollback` reads: the function, its alias and the deployment group that moves it.
    const rollout = await valueOf(program.rollout);
    assert.deepEqual(rollout, {
      region: "us-east-1",
      functionName: await valueOf(program.functionName),
      aliasName: "live",
      applicationName: inputsOf("aws:codedeploy/deploymentGroup:DeploymentGroup")?.appName,
      deploymentGroupName: inputsOf("aws:codedeploy/deploymentGroup:DeploymentGroup")?.deploymentGroupName,
    });
    assert.equal(rollout.deploymentGroupName, "cola-serverless-test");
    assert.match(rollout.applicationName, /^cola-test-deploy-[0-9a-f]{7}$/);
  });

  it("logs a warning for each risky but allowed setting", async () => {
    const { warnings } = runIndex(cliStackConfig("dev", { timeout: "45", reservedConcurrency: "0" }));
    assert.equal(warnings.length, 2, warnings.join("\n"));
    assert.match(warnings[0]!, /^timeout is 45 s but the HTTP API waits at most 30 s/);
    assert.match(warnings[1]!, /^reservedConcurrency is 0: the function cannot run at all/);
    await registrationsReach(DEV_RESOURCE_COUNT);
  });

  it("a wrong setting in the stack's config fails before any resource, with a message naming it", () => {
    assert.throws(
      () =>
        runIndex(cliStackConfig("dev", { memorySize: "100000", corsAllowOrigins: '["https://x.example/"]' })),
      (error: unknown) =>
        error instanceof StackConfigError &&
        /memorySize is "100000"; allowed: an integer from 128 to 10240 MB/.test(error.message) &&
        /not an origin: "https:\/\/x.example\/"/.test(error.message),
    );
    assert.equal(recordedResources().length, 0);
  });
});

describe("Pulumi.yaml", () => {
  const project = projectFile();

  it("is the nodejs TypeScript project the stack files and mocks name", () => {
    assert.equal(project.name, MOCK_PROJECT);
    assert.deepEqual(project.runtime, { name: "nodejs", options: { typescript: true } });
    assert.ok((project.description ?? "").length > 0);
  });

  it("declares each key the way the Pulumi CLI accepts (type, items, default of that type)", () => {
    for (const [key, declared] of Object.entries(project.config)) {
      assert.ok(!key.includes(":"), `${key}: only the project's own keys may declare a type`);
      assert.ok(
        ["string", "integer", "boolean", "array"].includes(declared.type as string),
        `type of ${key}`,
      );
      if (declared.type === "array") assert.ok(declared.items !== undefined, `${key} needs items`);
      assert.equal(declared.value, undefined, `${key}: a default, not a value`);
      assert.ok(typeof declared.description === "string" && declared.description.length > 0, `${key}`);
      // A typed key without a default must be set in every stack, or the CLI refuses to run.
      assert.notEqual(declared.default, undefined, `${key} has no default`);
      assert.ok(
        matchesDeclaredType(declared, declared.default),
        `default of ${key} is not a ${JSON.stringify(declared.type)}`,
      );
    }
  });

  it("each integer key's description states the range infra/config.ts accepts", () => {
    // Keys whose bounds depend on another key or on a list of values say so in words instead.
    const worded = new Set([
      "reservedConcurrency",
      "provisionedConcurrency",
      "provisionedConcurrencyMax",
      "logRetentionDays",
    ]);
    for (const [key, declared] of Object.entries(project.config)) {
      if (declared.type !== "integer" || worded.has(key)) continue;
      const range = /\b(\d+) to (\d+)\b/.exec(declared.description as string);
      assert.ok(range, `${key}: the description states no "MIN to MAX" range`);
      const [min, max] = [Number(range[1]), Number(range[2])];
      const accepts = (value: number): boolean => {
        try {
          parseRaw({ [key]: String(value) });
          return true;
        } catch (error) {
          assert.ok(error instanceof StackConfigError && error.message.includes(key), String(error));
          return false;
        }
      };
      assert.deepEqual(
        [min - 1, min, max, max + 1].map(accepts),
        [false, true, true, false],
        `${key}: ${min} to ${max}`,
      );
    }
  });

  it("its defaults, as the CLI passes them, give the program's defaults without warnings", () => {
    const raw = Object.fromEntries(
      Object.entries(project.config).map(([key, declared]) => [key, configString(declared.default)]),
    );
    assert.deepEqual(
      parseStackConfig((key) => raw[key]),
      { config: DEFAULTS, warnings: [] },
    );
  });

  it("stack files set only declared keys, with values of the declared types", () => {
    for (const stack of ["dev", "prod"] as const) {
      for (const key of Object.keys(stackFileConfig(stack)))
        assert.ok(key in project.config, `${stack}: ${key}`);
      assert.equal(typeof stackFile(stack)["aws:region"], "string", `${stack} sets aws:region`);
      assert.doesNotThrow(() => cliStackConfig(stack), `${stack} passes the CLI's checks`);
    }
  });
});
