import * as assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { REPO_ROOT, workflowFiles } from "./lint";
import { ENGINES_NPM, NEWEST_NODE_MAJOR, NODE_MAJORS, npmInstalledBy, satisfies } from "./toolchain";

/** The parts of a workflow these tests look at. */
interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

interface Job {
  name?: string;
  "runs-on"?: string;
  uses?: string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string> | string;
  environment?: string | { name: string; url?: string };
  concurrency?: string | { group: string; "cancel-in-progress"?: boolean | string };
  strategy?: { matrix?: Record<string, unknown> };
  steps?: Step[];
}

interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: unknown;
  concurrency?: unknown;
  jobs: Record<string, Job>;
}

const SOURCES = new Map(workflowFiles().map((file) => [path.basename(file), readFileSync(file, "utf8")]));
const WORKFLOWS = new Map([...SOURCES].map(([name, source]) => [name, parse(source) as Workflow]));

function workflow(name: string): Workflow {
  const parsed = WORKFLOWS.get(name);
  assert.ok(parsed, `.github/workflows/${name} exists`);
  return parsed;
}

function allJobs(): Array<{ file: string; id: string; job: Job }> {
  return [...WORKFLOWS].flatMap(([file, parsed]) =>
    Object.entries(parsed.jobs).map(([id, job]) => ({ file, id, job })),
  );
}

const ACTIONS = {
  checkout: "actions/checkout",
  setupNode: "actions/setup-node",
  awsCredentials: "aws-actions/configure-aws-credentials",
  qemu: "docker/setup-qemu-action",
  buildx: "docker/setup-buildx-action",
  pulumi: "pulumi/actions",
} as const;

/**
 * Asserts `job` sets up Node `nodeVersion` (a major, or the matrix expression naming one), then installs an npm that
 * meets package.json's engines (npm applies package.json's allowScripts from 11.16 on), before its first `npm ci`.
 */
function assertToolchain(job: Job, where: string, nodeVersion: number | string): void {
  const steps = job.steps ?? [];
  const setupNode = steps.findIndex((step) => step.uses?.startsWith(`${ACTIONS.setupNode}@`));
  assert.equal(steps[setupNode]?.with?.["node-version"], nodeVersion, `${where}: node-version`);
  const npm = steps.findIndex((step) => npmInstalledBy(step.run) !== undefined);
  const install = steps.findIndex((step) => /^npm ci$/m.test(step.run ?? ""));
  assert.ok(setupNode < npm && npm < install, `${where}: setup-node, then npm, then npm ci`);
  const version = npmInstalledBy(steps[npm]?.run) ?? "";
  assert.ok(satisfies(version, ENGINES_NPM), `${where}: npm ${version} meets engines ${ENGINES_NPM}`);
}

const actionOf = (step: Step) => step.uses?.split("@")[0];
const stepsUsing = (job: Job, action: string) =>
  (job.steps ?? []).filter((step) => actionOf(step) === action);
const indexOfAction = (job: Job, action: string) =>
  (job.steps ?? []).findIndex((s) => actionOf(s) === action);
const pulumiStep = (job: Job) => stepsUsing(job, ACTIONS.pulumi)[0];
const pulumiJobs = () => allJobs().filter(({ job }) => pulumiStep(job) !== undefined);
const permissionsOf = (job: Job) => (typeof job.permissions === "object" ? job.permissions : {});

/** The documented repository/environment variables and secrets (docs/delivery.md). */
const DOCUMENTED_VARIABLES = ["AWS_PREVIEW_ROLE_ARN", "AWS_REGION", "AWS_ROLE_ARN", "PULUMI_BACKEND_URL"];
const DOCUMENTED_SECRETS = ["PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE"];

describe("workflow safety", () => {
  it("no AWS access keys anywhere: credentials come from GitHub's OIDC token only", () => {
    for (const [file, source] of SOURCES) {
      assert.doesNotMatch(
        source,
        /aws-access-key-id|aws-secret-access-key|aws-session-token|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN/i,
        file,
      );
      assert.doesNotMatch(source, /secrets\.AWS_/i, `${file} reads no AWS secret`);
    }
    for (const { file, id, job } of allJobs()) {
      for (const step of stepsUsing(job, ACTIONS.awsCredentials)) {
        assert.match(
          String(step.with?.["role-to-assume"]),
          /^\$\{\{ vars\.AWS_[A-Z_]*ROLE_ARN \}\}$/,
          `${file} ${id}`,
        );
        assert.ok(step.with?.["aws-region"], `${file} ${id} sets the region`);
      }
    }
  });

  it("every action is pinned to a full commit SHA, with the release in a comment", () => {
    const pins = new Map<string, string>();
    for (const [file, source] of SOURCES) {
      const uses = [...source.matchAll(/^\s*(?:- )?uses:\s*(\S+)(.*)$/gm)];
      assert.ok(uses.length > 0, file);
      for (const [, reference = "", rest = ""] of uses) {
        if (reference.startsWith("./")) continue; // this repository's own reusable workflow
        const match = /^([\w.-]+\/[\w.-]+(?:\/[\w./-]+)?)@([0-9a-f]{40})$/.exec(reference);
        assert.ok(
          match,
          `${file}: ${reference} is not pinned to a commit SHA (never a branch or a moving tag)`,
        );
        assert.match(rest, /^\s+# v\d+\.\d+\.\d+$/, `${file}: ${reference} names its release in a comment`);
        const [, action = "", sha = ""] = match;
        assert.equal(pins.get(action) ?? sha, sha, `${action} is pinned to one SHA in every workflow`);
        pins.set(action, sha);
      }
    }
  });

  it("the docs' workflow examples pin each action to the SHA the workflows use", () => {
    const pins = new Map<string, string>();
    for (const source of SOURCES.values()) {
      for (const [, action = "", sha = ""] of source.matchAll(/uses:\s*([\w./-]+)@([0-9a-f]{40})/g)) {
        pins.set(action, sha);
      }
    }
    const docs = [
      path.join(REPO_ROOT, "README.md"),
      ...readdirSync(path.join(REPO_ROOT, "docs"))
        .filter((name) => name.endsWith(".md"))
        .map((name) => path.join(REPO_ROOT, "docs", name)),
    ];
    for (const file of docs) {
      for (const [, action = "", reference = ""] of readFileSync(file, "utf8").matchAll(
        /uses:\s*([\w.-]+\/[\w./-]+)@(\S+)/g,
      )) {
        const expected = pins.get(action);
        assert.ok(/^[0-9a-f]{40}$/.test(reference), `${file}: ${action}@${reference} is not pinned to a SHA`);
        if (expected !== undefined)
          assert.equal(reference, expected, `${file}: ${action} as the workflows pin it`);
      }
    }
  });

  it("workflows grant nothing by default; every job declares what it needs", () => {
    for (const [file, parsed] of WORKFLOWS) assert.deepEqual(parsed.permissions, {}, `${file} top level`);
    for (const { file, id, job } of allJobs()) {
      assert.equal(typeof job.permissions, "object", `${file} ${id} declares its permissions`);
      for (const [scope, level] of Object.entries(permissionsOf(job))) {
        assert.ok(["read", "write", "none"].includes(level), `${file} ${id} ${scope}: ${level}`);
        if (level === "write") {
          assert.ok(["id-token", "pull-requests"].includes(scope), `${file} ${id} may not write ${scope}`);
        }
      }
    }
  });

  it("id-token: write only in the jobs that assume an AWS role, and all of them have it", () => {
    for (const { file, id, job } of allJobs()) {
      const assumesRole = stepsUsing(job, ACTIONS.awsCredentials).length > 0;
      assert.equal(permissionsOf(job)["id-token"] === "write", assumesRole, `${file} ${id}`);
    }
  });

  it("pull-requests: write only in the job that comments its preview on the pull request", () => {
    for (const { file, id, job } of allJobs()) {
      const comments = String(pulumiStep(job)?.with?.["comment-on-pr"]) === "true";
      assert.equal(permissionsOf(job)["pull-requests"] === "write", comments, `${file} ${id}`);
    }
  });

  it("no workflow runs on pull_request_target (which would hand secrets to a fork's code)", () => {
    for (const [file, parsed] of WORKFLOWS) assert.ok(!("pull_request_target" in parsed.on), file);
  });

  it("references only the variables and secrets docs/delivery.md documents", () => {
    const section = readFileSync(path.join(REPO_ROOT, "docs", "delivery.md"), "utf8");
    const source = [...SOURCES.values()].join("\n");
    const used = (context: string) =>
      [...new Set([...source.matchAll(new RegExp(`${context}\\.([A-Za-z_]+)`, "g"))].map((m) => m[1] ?? ""))]
        .filter((name) => name !== "GITHUB_TOKEN")
        .sort();
    assert.deepEqual(used("vars"), DOCUMENTED_VARIABLES);
    assert.deepEqual(used("secrets"), DOCUMENTED_SECRETS);
    for (const name of [...DOCUMENTED_VARIABLES, ...DOCUMENTED_SECRETS]) {
      assert.ok(section.includes(`\`${name}\``), `docs/delivery.md explains ${name}`);
    }
  });
});

describe("the test workflow", () => {
  const tests = () => workflow("test.yml");

  it("runs on every push and pull request, and when the deploy workflow calls it", () => {
    assert.deepEqual(Object.keys(tests().on).sort(), ["pull_request", "push", "workflow_call"]);
    // main is tested by the deploy workflow, once, before it deploys.
    assert.deepEqual(tests().on.push, { "branches-ignore": ["main"] });
    const deploy = workflow("deploy.yml").jobs;
    assert.equal(deploy.test?.uses, "./.github/workflows/test.yml");
    assert.equal(deploy["deploy-dev"]?.needs, "test");
  });

  it("runs exactly the commands of .ci/run, in order, on every Node major of package.json's engines", () => {
    const ciRun = readFileSync(path.join(REPO_ROOT, ".ci", "run"), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.startsWith("npm "));
    assert.ok(ciRun.length >= 3, ".ci/run runs npm commands");
    const job = tests().jobs.test;
    assert.ok(job);
    const runs = (job.steps ?? [])
      .filter((step) => step.run !== undefined && npmInstalledBy(step.run) === undefined)
      .map((step) => step.run?.trim());
    assert.deepEqual(runs, ciRun);
    assert.deepEqual(job.strategy?.matrix, { node: NODE_MAJORS }, "test.yml: one run per engines major");
    assertToolchain(job, "test.yml test", "${{ matrix.node }}");
  });
});

describe("the preview workflow", () => {
  const preview = () => workflow("preview.yml");

  it("runs on pull requests only, and a newer push replaces the preview in progress", () => {
    assert.deepEqual(Object.keys(preview().on), ["pull_request"]);
    assert.deepEqual(preview().concurrency, {
      group: "preview-${{ github.event.pull_request.number }}",
      "cancel-in-progress": true,
    });
  });

  it("previews, never updates, each stack the change can touch, and comments the result", () => {
    const job = preview().jobs.preview;
    assert.ok(job);
    assert.deepEqual(job.strategy?.matrix, { stack: "${{ fromJSON(needs.stacks.outputs.stacks) }}" });
    assert.equal(job.needs, "stacks");
    const step = pulumiStep(job);
    assert.equal(step?.with?.command, "preview");
    assert.equal(step?.with?.["stack-name"], "${{ matrix.stack }}");
    assert.equal(step?.with?.["comment-on-pr"], true);
    assert.equal(step?.with?.policyPacks, "policy");
    const role = stepsUsing(job, ACTIONS.awsCredentials)[0]?.with?.["role-to-assume"];
    assert.equal(role, "${{ vars.AWS_PREVIEW_ROLE_ARN }}", "the read-only preview role");
    for (const { file, job: other } of allJobs()) {
      if (file !== "deploy.yml") assert.notEqual(pulumiStep(other)?.with?.command, "up", file);
    }
  });

  it("skips pull requests from forks and Dependabot (no role, no secrets) and selects stacks from the changed files", () => {
    const select = preview().jobs.stacks?.steps?.find((step) => step.id === "select");
    const script = select?.run ?? "";
    assert.match(script, /"\$HEAD_REPOSITORY" != "\$GITHUB_REPOSITORY"/);
    assert.match(script, /"\$AUTHOR" = "dependabot\[bot\]"/);
    assert.match(script, /Pulumi\.dev\.yaml\) dev=true ;;/);
    assert.match(script, /Pulumi\.prod\.yaml\) prod=true ;;/);
    assert.match(script, /\*\) dev=true prod=true ;;/, "anything not listed may change both stacks");
  });
});

describe("the deploy workflow", () => {
  const deploy = () => workflow("deploy.yml");
  const deployJobs = () =>
    Object.entries(deploy().jobs).filter(([, job]) => pulumiStep(job)?.with?.command === "up");

  it("runs on pushes to main (and by hand), never on pull requests", () => {
    assert.deepEqual(deploy().on.push, { branches: ["main"] });
    assert.deepEqual(Object.keys(deploy().on).sort(), ["push", "workflow_dispatch"]);
    assert.equal(deploy().concurrency, undefined, "no workflow-wide group that could cancel a deploy");
  });

  it("updates dev, then prod", () => {
    const stacks = deployJobs().map(([, job]) => pulumiStep(job)?.with?.["stack-name"]);
    assert.deepEqual(stacks, ["dev", "prod"]);
    assert.equal(deploy().jobs["deploy-prod"]?.needs, "deploy-dev");
  });

  it("one concurrency group per stack that never cancels a deploy in progress", () => {
    for (const [id, job] of deployJobs()) {
      const stack = String(pulumiStep(job)?.with?.["stack-name"]);
      assert.deepEqual(job.concurrency, { group: `pulumi-${stack}`, "cancel-in-progress": false }, id);
      assert.equal(job.if, "github.ref == 'refs/heads/main'", `${id} deploys main only`);
    }
  });

  it("each stack deploys in the GitHub environment of its name (prod: required reviewers) with that role", () => {
    for (const [id, job] of deployJobs()) {
      const stack = String(pulumiStep(job)?.with?.["stack-name"]);
      assert.deepEqual(job.environment, { name: stack, url: "${{ steps.up.outputs.healthUrl }}" }, id);
      const role = stepsUsing(job, ACTIONS.awsCredentials)[0]?.with?.["role-to-assume"];
      assert.equal(role, "${{ vars.AWS_ROLE_ARN }}", `${id}: the environment's deploy role`);
    }
    assert.equal((deploy().jobs["deploy-prod"]?.environment as { name: string }).name, "prod");
  });

  it("smoke-tests the deployed URL after each update", () => {
    for (const [id, job] of deployJobs()) {
      const steps = job.steps ?? [];
      const last = steps[steps.length - 1];
      // The script runs .github/scripts/smoke-test.sh (test/workflows/after-deploy.test.ts runs both).
      assert.equal(last?.run, ".github/scripts/after-deploy.sh", id);
      assert.equal(last?.env?.HEALTH_URL, "${{ steps.up.outputs.healthUrl }}", id);
      assert.equal(pulumiStep(job)?.id, "up", id);
    }
  });
});

describe("every job that runs Pulumi", () => {
  it("checks out the whole repository (models/ included) and sets up Node, npm, QEMU, buildx and AWS first", () => {
    const jobs = pulumiJobs();
    assert.equal(jobs.length, 3, "preview, deploy dev, deploy prod");
    for (const { file, id, job } of jobs) {
      const at = (action: string) => indexOfAction(job, action);
      const pulumi = at(ACTIONS.pulumi);
      for (const action of [
        ACTIONS.checkout,
        ACTIONS.setupNode,
        ACTIONS.qemu,
        ACTIONS.buildx,
        ACTIONS.awsCredentials,
      ]) {
        assert.ok(at(action) >= 0 && at(action) < pulumi, `${file} ${id}: ${action} before pulumi`);
      }
      assert.ok(at(ACTIONS.qemu) < at(ACTIONS.buildx), `${file} ${id}: QEMU before buildx`);
      const checkout = stepsUsing(job, ACTIONS.checkout)[0]?.with ?? {};
      for (const option of ["sparse-checkout", "path", "repository", "ref"]) {
        assert.ok(!(option in checkout), `${file} ${id}: a plain checkout of the commit being built`);
      }
      assertToolchain(job, `${file} ${id}`, NEWEST_NODE_MAJOR);
      const install = (job.steps ?? []).findIndex((step) => /^npm ci$/m.test(step.run ?? ""));
      assert.ok(install >= 0 && install < pulumi, `${file} ${id}: npm ci before pulumi`);
    }
  });

  it("builds from model files that are ordinary committed files (no Git LFS pointers to fetch)", () => {
    const models = path.join(REPO_ROOT, "models");
    const files = readdirSync(models);
    assert.ok(files.includes("model.onnx"), "models/model.onnx is in the repository");
    for (const name of files) {
      const head = readFileSync(path.join(models, name)).subarray(0, 64).toString("latin1");
      assert.ok(!head.startsWith("version https://git-lfs"), `${name} is not an LFS pointer`);
    }
    const attributes = path.join(REPO_ROOT, ".gitattributes");
    if (existsSync(attributes)) assert.doesNotMatch(readFileSync(attributes, "utf8"), /filter=lfs/);
  });

  it("logs in to the state backend the variables name, with the secrets as environment only", () => {
    for (const { file, id, job } of pulumiJobs()) {
      const step = pulumiStep(job);
      assert.equal(step?.with?.["cloud-url"], "${{ vars.PULUMI_BACKEND_URL }}", `${file} ${id}`);
      assert.deepEqual(
        step?.env,
        {
          PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
          PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}",
        },
        `${file} ${id}`,
      );
    }
  });
});
