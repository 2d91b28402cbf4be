import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { DEPLOYED_TAG_PREFIX } from "../../infra/registry";
import {
  curlCalls,
  curlStdin,
  FakeAws,
  installFakeCurl,
  installFakePulumi,
  runStep,
  sha256Digest,
} from "./fake-tools";
import { WORKFLOW_DIR } from "./lint";

const TAG_SCRIPT = ".github/scripts/check-and-tag-image.sh";
const SMOKE_SCRIPT = ".github/scripts/smoke-test.sh";
const AFTER_DEPLOY = ".github/scripts/after-deploy.sh";

const ACCOUNT = "123456789012";
/** prod's region; the workflow's default region (one variable for both stacks) is dev's. */
const IMAGE_REGION = "eu-west-1";
const JOB_REGION = "us-east-1";
const REPOSITORY = "cola-prod-repo-1a2b3c4";
const OCI = "application/vnd.oci.image.manifest.v1+json";
const DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json";
const SINGLE = JSON.stringify({ schemaVersion: 2, mediaType: OCI, config: {}, layers: [] });

const imageUri = (manifest: string, host = `${ACCOUNT}.dkr.ecr.${IMAGE_REGION}.amazonaws.com`) =>
  `${host}/${REPOSITORY}@${sha256Digest(manifest)}`;
const deployedTag = (manifest: string) => `${DEPLOYED_TAG_PREFIX}${sha256Digest(manifest).slice(7)}`;

// Hooks scoped to this file's suite: as root-level hooks they made these tests fail whenever another test file ran
// first (the real aws ran instead of the fake); scoped, they pass in any order.
describe("the deploy jobs' scripts, with fake aws, curl and pulumi", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "fake-tools-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe("check-and-tag-image.sh: the deployed image is one single-platform manifest, tagged in its own region", () => {
    let aws: FakeAws;
    before(() => {
      aws = new FakeAws(dir, ACCOUNT, IMAGE_REGION);
    });
    const run = (uri: string) => runStep(TAG_SCRIPT, { IMAGE_URI: uri, AWS_REGION: JOB_REGION }, dir);

    it("the fake aws refuses the job's default region (what the deploy role does for the other stack's region)", () => {
      aws.install({ mediaType: OCI, manifest: SINGLE });
      const { code, output } = runStep(
        `aws ecr batch-get-image --repository-name ${REPOSITORY} --image-ids imageDigest=x`,
        { AWS_REGION: JOB_REGION },
        dir,
      );
      assert.equal(code, 254);
      assert.match(output, /AccessDeniedException/);
    });

    it("reads and tags the image in the region and registry of its URI, whatever the job's default region", () => {
      aws.install({ mediaType: OCI, manifest: SINGLE });
      const { code, output } = run(imageUri(SINGLE));
      assert.equal(code, 0, output);
      const calls = aws.calls().trim().split("\n");
      assert.equal(calls.length, 2, "batch-get-image, put-image: no re-check after put-image");
      for (const call of calls)
        assert.match(call, new RegExp(`--registry-id ${ACCOUNT} --region ${IMAGE_REGION} `));
      assert.match(calls[0]!, /^ecr batch-get-image .*--repository-name cola-prod-repo-1a2b3c4 /);
      assert.match(calls[1]!, new RegExp(`^ecr put-image .*--image-tag ${deployedTag(SINGLE)} `));
      assert.equal(aws.tagged(deployedTag(SINGLE)), sha256Digest(SINGLE));
    });

    it("takes the region from an aws-cn registry host too", () => {
      const cn = new FakeAws(dir, ACCOUNT, "cn-north-1");
      cn.install({ mediaType: OCI, manifest: SINGLE });
      const { code, output } = run(imageUri(SINGLE, `${ACCOUNT}.dkr.ecr.cn-north-1.amazonaws.com.cn`));
      assert.equal(code, 0, output);
      assert.equal(cn.tagged(deployedTag(SINGLE)), sha256Digest(SINGLE));
    });

    it("puts the manifest back byte for byte: a trailing newline stays, so the tag names the image's digest", () => {
      const withNewline = `${SINGLE}\n`;
      aws.install({ mediaType: OCI, manifest: withNewline });
      const { code, output } = run(imageUri(withNewline));
      assert.equal(code, 0, output);
      assert.equal(aws.tagged(deployedTag(withNewline)), sha256Digest(withNewline));
      assert.match(aws.calls(), new RegExp(`--image-digest ${sha256Digest(withNewline)}`));
    });

    it("fails, naming ECR's refusal, when the manifest ECR returns is not the digest's (nothing tagged)", () => {
      const other = JSON.stringify({ schemaVersion: 2, mediaType: OCI, config: { size: 1 }, layers: [] });
      aws.install({ mediaType: OCI, manifest: other });
      const { code, output } = run(imageUri(SINGLE));
      assert.equal(code, 1);
      assert.match(output, /ImageDigestDoesNotMatchException/);
      assert.equal(aws.tagged(deployedTag(SINGLE)), undefined);
    });

    it("passes a Docker v2 manifest, and a re-run that finds the tag already on it", () => {
      const manifest = JSON.stringify({ schemaVersion: 2, mediaType: DOCKER_V2 });
      aws.install({ mediaType: DOCKER_V2, manifest });
      aws.preTag(deployedTag(manifest), sha256Digest(manifest));
      const { code, output } = run(imageUri(manifest));
      assert.equal(code, 0, output);
      assert.match(output, /tagged cola-prod-repo-1a2b3c4:deployed-/);
    });

    for (const [what, mediaType, manifest] of [
      ["an OCI image index", "application/vnd.oci.image.index.v1+json", { schemaVersion: 2, manifests: [] }],
      [
        "a Docker manifest list",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        { manifests: [] },
      ],
      ["a manifest typed as single that lists manifests", OCI, { schemaVersion: 2, manifests: [{}] }],
    ] as const) {
      it(`fails on ${what}, naming it, and tags nothing`, () => {
        const text = JSON.stringify(manifest);
        aws.install({ mediaType, manifest: text });
        const { code, output } = run(imageUri(text));
        assert.equal(code, 1);
        assert.match(output, /::error::.*(not a single-platform image manifest|an image index)/);
        assert.doesNotMatch(aws.calls(), /put-image/);
      });
    }

    it("fails when put-image fails otherwise, showing AWS's error", () => {
      aws.install(
        { mediaType: OCI, manifest: SINGLE },
        { putFails: "An error occurred (AccessDeniedException) when calling the PutImage operation" },
      );
      const { code, output } = run(imageUri(SINGLE));
      assert.equal(code, 1);
      assert.match(output, /AccessDeniedException/);
    });

    it("refuses an image URI that is not pinned to a digest, or not in an ECR private registry", () => {
      aws.install({ mediaType: OCI, manifest: SINGLE });
      const latest = run(`${ACCOUNT}.dkr.ecr.${IMAGE_REGION}.amazonaws.com/${REPOSITORY}:latest`);
      assert.equal(latest.code, 1);
      assert.match(latest.output, /not pinned to a digest/);
      const elsewhere = run(`ghcr.io/owner/${REPOSITORY}@${sha256Digest(SINGLE)}`);
      assert.equal(elsewhere.code, 1);
      assert.match(elsewhere.output, /not in an ECR private registry/);
      assert.equal(aws.calls(), "");
    });

    describe("after a failed pulumi up (no step output)", () => {
      after(() => rmSync(path.join(dir, "pulumi"), { force: true }));

      it("checks and tags the image the stack's imageUri output names", () => {
        aws.install({ mediaType: OCI, manifest: SINGLE });
        installFakePulumi(dir, imageUri(SINGLE));
        const { code, output } = runStep(
          TAG_SCRIPT,
          { IMAGE_URI: "", UP_OUTCOME: "failure", STACK: "prod", AWS_REGION: JOB_REGION },
          dir,
        );
        assert.equal(code, 0, output);
        assert.equal(aws.tagged(deployedTag(SINGLE)), sha256Digest(SINGLE));
      });

      it("passes with a notice, calling no AWS API, when the stack has no imageUri output", () => {
        aws.install({ mediaType: OCI, manifest: SINGLE });
        for (const uri of [undefined, ""]) {
          installFakePulumi(dir, uri);
          const { code, output } = runStep(
            TAG_SCRIPT,
            { IMAGE_URI: "", UP_OUTCOME: "failure", STACK: "dev" },
            dir,
          );
          assert.equal(code, 0, output);
          assert.match(output, /::notice::.*no imageUri output/);
          assert.equal(aws.calls(), "");
        }
      });

      it("still fails when pulumi up succeeded but named no image", () => {
        installFakePulumi(dir, undefined);
        const { code, output } = runStep(
          TAG_SCRIPT,
          { IMAGE_URI: "", UP_OUTCOME: "success", STACK: "dev" },
          dir,
        );
        assert.equal(code, 1);
        assert.match(output, /IMAGE_URI must be/);
      });
    });
  });

  const URLS = {
    HEALTH_URL: "https://abc.execute-api.eu-west-1.amazonaws.com/health",
    PREDICT_URL: "https://abc.execute-api.eu-west-1.amazonaws.com/predict",
  };

  describe("smoke-test.sh: the public URL answers as the stack's auth says it should", () => {
    const run = (auth: string, env: Record<string, string> = {}) =>
      runStep(SMOKE_SCRIPT, { STACK: "prod", AUTH: auth, ...URLS, GITHUB_STEP_SUMMARY: "", ...env }, dir);

    it("auth none: health answers and a prediction succeeds; the job summary names the URL", () => {
      installFakeCurl(dir, { health: 200, predict: 200 });
      const summary = path.join(dir, "summary.md");
      rmSync(summary, { force: true });
      const { code, output } = run("none", { GITHUB_STEP_SUMMARY: summary });
      assert.equal(code, 0, output);
      const calls = curlCalls(dir);
      assert.equal(calls.length, 2);
      assert.match(calls[0]!, new RegExp(`--fail-with-body .*${URLS.HEALTH_URL}$`));
      assert.match(calls[1]!, new RegExp(`--fail-with-body .*-X POST ${URLS.PREDICT_URL} `));
      assert.match(calls[1]!, /-d \{"sentence":"The cat sat on the mat\."\}/);
      assert.equal(
        readFileSync(summary, "utf8"),
        `prod: \`POST ${URLS.PREDICT_URL}\` (health: ${URLS.HEALTH_URL}; auth: none; endpoint: httpApi)\n`,
      );
    });

    it("auth none: fails when the prediction or the health check fails", () => {
      installFakeCurl(dir, { health: 200, predict: 500 });
      assert.equal(run("none").code, 22);
      installFakeCurl(dir, { health: 503, predict: 200 });
      assert.equal(run("none").code, 22);
      assert.equal(curlCalls(dir).length, 1, "no prediction after a failed health check");
    });

    for (const [auth, refused] of [
      ["iam", 403],
      ["jwt", 401],
    ] as const) {
      it(`auth ${auth}: passes when an unsigned POST gets ${refused}, fails when it gets through`, () => {
        installFakeCurl(dir, { health: 200, predict: refused });
        assert.equal(run(auth).code, 0);
        installFakeCurl(dir, { health: 200, predict: 200 });
        const { code, output } = run(auth);
        assert.equal(code, 1);
        assert.match(output, new RegExp(`::error::with auth ${auth} an unsigned POST .* got 200`));
      });
    }

    describe("endpoint functionUrl with auth iam: every request but the unsigned probe is signed for lambda", () => {
      const FUNCTION_URLS = {
        HEALTH_URL: "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/health",
        PREDICT_URL: "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/predict",
      };
      const CREDENTIALS = {
        AWS_ACCESS_KEY_ID: "ASIAEXAMPLEKEY",
        AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        AWS_SESSION_TOKEN: "session-token-example",
      };
      const runUrl = (env: Record<string, string> = {}) =>
        run("iam", { ENDPOINT: "functionUrl", ...FUNCTION_URLS, ...CREDENTIALS, ...env });

      it("signs health and a prediction with SigV4 (aws:amz:<region>:lambda); an unsigned POST must get 403", () => {
        installFakeCurl(dir, { health: 403, predict: 403, signed: 200 });
        const { code, output } = runUrl();
        assert.equal(code, 0, output);
        const calls = curlCalls(dir);
        assert.equal(calls.length, 3);
        assert.match(
          calls[0]!,
          new RegExp(
            `^--aws-sigv4 aws:amz:eu-west-1:lambda --config - --fail-with-body .*${FUNCTION_URLS.HEALTH_URL}$`,
          ),
        );
        assert.doesNotMatch(calls[1]!, /--aws-sigv4/);
        assert.match(calls[1]!, new RegExp(`-X POST ${FUNCTION_URLS.PREDICT_URL} `));
        assert.match(
          calls[2]!,
          /^--aws-sigv4 aws:amz:eu-west-1:lambda --config - --fail-with-body .*-X POST /,
        );
        // The credentials reach curl on stdin, never on its command line.
        for (const secret of Object.values(CREDENTIALS))
          assert.ok(!calls.join("\n").includes(secret), secret);
        const stdin = curlStdin(dir);
        assert.match(stdin, /^user = "ASIAEXAMPLEKEY:wJalrXUtnFEMI\/K7MDENG\+bPxRfiCYEXAMPLEKEY"$/m);
        assert.match(stdin, /^header = "x-amz-security-token: session-token-example"$/m);
      });

      it("fails when the signed prediction fails, or when an unsigned POST gets through", () => {
        installFakeCurl(dir, { health: 403, predict: 403, signed: 500 });
        assert.equal(runUrl().code, 22);
        installFakeCurl(dir, { health: 403, predict: 200, signed: 200 });
        const { code, output } = runUrl();
        assert.equal(code, 1);
        assert.match(output, /::error::with auth iam an unsigned POST .* got 200/);
      });

      it("with an httpApi endpoint nothing is signed (iam there checks the unsigned refusal only)", () => {
        installFakeCurl(dir, { health: 200, predict: 403, signed: 500 });
        const { code, output } = run("iam", CREDENTIALS);
        assert.equal(code, 0, output);
        assert.ok(curlCalls(dir).every((call) => !call.includes("--aws-sigv4")));
      });

      it("refuses to run without credentials, or with a URL that is not a function URL", () => {
        installFakeCurl(dir, { health: 403, predict: 403 });
        const missing = runUrl({ AWS_SECRET_ACCESS_KEY: "" });
        assert.equal(missing.code, 1);
        assert.match(missing.output, /AWS_SECRET_ACCESS_KEY must be set/);
        const api = runUrl(URLS);
        assert.equal(api.code, 1);
        assert.match(api.output, /::error::endpoint functionUrl but .* is not a function URL/);
        assert.deepEqual(curlCalls(dir), []);
      });
    });

    it("refuses to run without the stack's outputs", () => {
      installFakeCurl(dir, { health: 200, predict: 200 });
      const { code, output } = runStep(
        SMOKE_SCRIPT,
        { STACK: "dev", AUTH: "none", HEALTH_URL: "", PREDICT_URL: "" },
        dir,
      );
      assert.equal(code, 1);
      assert.match(output, /HEALTH_URL must be/);
      assert.deepEqual(curlCalls(dir), []);
    });
  });

  describe("after-deploy.sh: one script for both stacks' tag and smoke steps", () => {
    let aws: FakeAws;
    before(() => {
      aws = new FakeAws(dir, ACCOUNT, IMAGE_REGION);
    });
    after(() => rmSync(path.join(dir, "pulumi"), { force: true }));
    const run = (env: Record<string, string>) =>
      runStep(
        AFTER_DEPLOY,
        { STACK: "prod", AUTH: "none", AWS_REGION: JOB_REGION, GITHUB_STEP_SUMMARY: "", ...URLS, ...env },
        dir,
      );

    it("after a successful up: tags the image, then smoke-tests the URL", () => {
      aws.install({ mediaType: OCI, manifest: SINGLE });
      installFakeCurl(dir, { health: 200, predict: 200 });
      const { code, output } = run({ IMAGE_URI: imageUri(SINGLE), UP_OUTCOME: "success" });
      assert.equal(code, 0, output);
      assert.equal(aws.tagged(deployedTag(SINGLE)), sha256Digest(SINGLE));
      assert.equal(curlCalls(dir).length, 2);
    });

    it("after a failed up: tags the image the stack output names, and smoke-tests nothing", () => {
      aws.install({ mediaType: OCI, manifest: SINGLE });
      installFakeCurl(dir, { health: 200, predict: 200 });
      installFakePulumi(dir, imageUri(SINGLE));
      const { code, output } = run({ IMAGE_URI: "", UP_OUTCOME: "failure" });
      assert.equal(code, 0, output);
      assert.equal(aws.tagged(deployedTag(SINGLE)), sha256Digest(SINGLE));
      assert.deepEqual(curlCalls(dir), []);
      assert.match(output, /::notice::pulumi up did not succeed \(failure\): no smoke test/);
    });

    it("fails when the image check fails, after still smoke-testing the live URL", () => {
      const index = JSON.stringify({ schemaVersion: 2, manifests: [] });
      aws.install({ mediaType: "application/vnd.oci.image.index.v1+json", manifest: index });
      installFakeCurl(dir, { health: 200, predict: 200 });
      const { code } = run({ IMAGE_URI: imageUri(index), UP_OUTCOME: "success" });
      assert.equal(code, 1);
      assert.equal(curlCalls(dir).length, 2);
    });

    it("fails when the smoke test fails, with the image still tagged", () => {
      aws.install({ mediaType: OCI, manifest: SINGLE });
      installFakeCurl(dir, { health: 200, predict: 502 });
      const { code } = run({ IMAGE_URI: imageUri(SINGLE), UP_OUTCOME: "success" });
      assert.equal(code, 1);
      assert.equal(aws.tagged(deployedTag(SINGLE)), sha256Digest(SINGLE));
    });

    it("each deploy job runs it right after pulumi up, in one step that differs only in the stack", () => {
      interface Step {
        id?: string;
        run?: string;
        if?: string;
        name?: string;
        env?: Record<string, string>;
      }
      const jobs = (
        parse(readFileSync(path.join(WORKFLOW_DIR, "deploy.yml"), "utf8")) as {
          jobs: Record<string, { steps: Step[] }>;
        }
      ).jobs;
      const steps = ["dev", "prod"].map((stack) => {
        const all = jobs[`deploy-${stack}`]!.steps;
        const up = all.findIndex((step) => step.id === "up");
        assert.equal(all.at(-1), all[up + 1], `deploy-${stack}: the last step, right after pulumi up`);
        const step = all[up + 1]!;
        assert.equal(step.run, AFTER_DEPLOY);
        assert.equal(step.env?.STACK, stack);
        return step;
      });
      const [dev, prod] = steps.map((step) => ({ ...step, env: { ...step.env, STACK: "" } }));
      assert.deepEqual(dev, prod);
      // Also when pulumi up failed after pushing the image; not when the job was cancelled or up never ran.
      assert.equal(steps[0]!.if, "${{ !cancelled() && steps.up.outcome != 'skipped' }}");
      assert.deepEqual(
        Object.fromEntries(Object.entries(steps[0]!.env ?? {}).filter(([key]) => !key.startsWith("PULUMI_"))),
        {
          STACK: "dev",
          UP_OUTCOME: "${{ steps.up.outcome }}",
          IMAGE_URI: "${{ steps.up.outputs.imageUri }}",
          HEALTH_URL: "${{ steps.up.outputs.healthUrl }}",
          PREDICT_URL: "${{ steps.up.outputs.url }}",
          AUTH: "${{ steps.up.outputs.auth }}",
          ENDPOINT: "${{ steps.up.outputs.endpoint }}",
        },
      );
    });
  });
});
