import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { DEPLOYED_TAG_PREFIX } from "../../infra/registry";
import { REPO_ROOT, WORKFLOW_DIR, workflowFiles } from "./lint";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  id?: string;
  if?: string;
  env?: Record<string, string>;
}
interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  permissions?: unknown;
  steps?: Step[];
}
const workflow = (file: string) =>
  parse(readFileSync(path.join(WORKFLOW_DIR, file), "utf8")) as { jobs: Record<string, Job> };

/** Releases whose action.yml says `using: node24` (hosted runners are retiring Node 20). */
const NODE24_RELEASES: Record<string, string> = {
  "actions/checkout": "08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0",
  "actions/setup-node": "a0853c24544627f65ddf259abe73b1d18a591444 # v5.0.0",
  "docker/setup-qemu-action": "ce360397dd3f832beb865e1373c09c0e9f86d70a # v4.0.0",
  "docker/setup-buildx-action": "4d04d5d9486b7bd6fa91e7baf45bbb4f8b9deedd # v4.0.0",
  "aws-actions/configure-aws-credentials": "d979d5b3a71173a29b74b5b88418bfda9437d885 # v6.1.1",
};

describe("actions run on Node 24", () => {
  it("every use of the five node20-era actions is pinned to its Node 24 release", () => {
    const seen = new Set<string>();
    for (const file of workflowFiles()) {
      for (const [, action = "", pin = ""] of readFileSync(file, "utf8").matchAll(
        /uses:\s*([\w.-]+\/[\w.-]+)@(.*)$/gm,
      )) {
        const expected = NODE24_RELEASES[action];
        if (expected === undefined) continue;
        seen.add(action);
        assert.equal(pin.trim(), expected, `${path.basename(file)}: ${action}`);
      }
    }
    assert.deepEqual([...seen].sort(), Object.keys(NODE24_RELEASES).sort());
  });
});

/** Runs a step's bash script with `env`, returning its exit code and output. */
function runStep(script: string, env: Record<string, string>, extraPath?: string) {
  const result = spawnSync("bash", ["-c", script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, ...(extraPath ? { PATH: `${extraPath}:${process.env.PATH}` } : {}) },
    encoding: "utf8",
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("the always-running preview summary (the check branch protection requires)", () => {
  const summary = () => workflow("preview.yml").jobs.summary!;

  it("runs after the stack selection and the previews, whatever happened to them, with no permissions", () => {
    assert.equal(summary().name, "Preview summary");
    assert.deepEqual(summary().needs, ["stacks", "preview"]);
    assert.equal(summary().if, "always()");
    assert.deepEqual(summary().permissions, {});
  });

  const cases: Array<[string, string, number]> = [
    ["success", "success", 0],
    ["success", "skipped", 0], // no stack to preview
    ["success", "failure", 1],
    ["success", "cancelled", 1],
    ["failure", "skipped", 1],
  ];
  for (const [stacks, preview, code] of cases) {
    it(`stack selection ${stacks}, previews ${preview}: exits ${code}`, () => {
      const script = summary().steps![0]!.run!;
      assert.equal(runStep(script, { STACKS_RESULT: stacks, PREVIEW_RESULT: preview }).code, code);
    });
  }
});

describe("deploy: the image ECR holds is one single-platform manifest, tagged as deployed", () => {
  const SCRIPT = ".github/scripts/check-and-tag-image.sh";
  const DIGEST = `sha256:${"ab".repeat(32)}`;
  const IMAGE_URI = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/cola-prod-repo-1a2b3c4@${DIGEST}`;
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "fake-aws-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** An `aws` on PATH that answers from canned JSON and records its calls. */
  function fakeAws(
    mediaType: string,
    manifest: object,
    options: { putFails?: string; taggedDigest?: string } = {},
  ) {
    const image = JSON.stringify({
      images: [{ imageManifestMediaType: mediaType, imageManifest: JSON.stringify(manifest) }],
      failures: [],
    });
    const script = [
      "#!/usr/bin/env bash",
      `echo "$*" >> "${dir}/calls"`,
      'case "$2" in',
      `  batch-get-image) echo '${image}' ;;`,
      options.putFails
        ? `  put-image) echo '${options.putFails}' >&2; exit 254 ;;`
        : "  put-image) echo '{}' ;;",
      `  describe-images) echo '${options.taggedDigest ?? DIGEST}' ;;`,
      "esac",
    ].join("\n");
    writeFileSync(path.join(dir, "aws"), script);
    chmodSync(path.join(dir, "aws"), 0o755);
    rmSync(path.join(dir, "calls"), { force: true });
  }
  const calls = () => readFileSync(path.join(dir, "calls"), "utf8");
  const run = () => runStep(SCRIPT, { IMAGE_URI }, dir);

  const oci = "application/vnd.oci.image.manifest.v1+json";
  const single = { schemaVersion: 2, mediaType: oci, config: {}, layers: [] };

  it("each deploy job runs it on the image `pulumi up` deployed, before the smoke test", () => {
    for (const id of ["deploy-dev", "deploy-prod"]) {
      const steps = workflow("deploy.yml").jobs[id]!.steps!;
      const check = steps.findIndex((step) => step.run === SCRIPT);
      const up = steps.findIndex((step) => step.id === "up");
      assert.ok(up >= 0 && check === up + 1, `${id}: right after pulumi up`);
      assert.equal(steps[check]!.env?.IMAGE_URI, "${{ steps.up.outputs.imageUri }}");
      // Also when pulumi up failed after pushing the image; not when the job was cancelled or up never ran.
      assert.equal(steps[check]!.if, "${{ !cancelled() && steps.up.outcome != 'skipped' }}");
      assert.equal(steps[check]!.env?.UP_OUTCOME, "${{ steps.up.outcome }}");
      assert.equal(steps[check]!.env?.STACK, id.replace("deploy-", ""));
      assert.equal(steps.at(-1)!.name, "Smoke test the deployed API");
    }
  });

  it("passes a single-platform OCI manifest and tags it deployed-<digest hex>", () => {
    fakeAws(oci, single);
    const { code, output } = run();
    assert.equal(code, 0, output);
    assert.match(
      calls(),
      /ecr batch-get-image --repository-name cola-prod-repo-1a2b3c4 --image-ids imageDigest=sha256:(ab)+ /,
    );
    assert.match(
      calls(),
      new RegExp(
        `ecr put-image --repository-name cola-prod-repo-1a2b3c4 --image-tag ${DEPLOYED_TAG_PREFIX}${"ab".repeat(32)} `,
      ),
    );
    assert.match(calls(), new RegExp(`--image-manifest-media-type ${oci.replace(/[.+]/g, "\\$&")}`));
  });

  it("passes a Docker v2 manifest, and a re-run that finds the tag already there", () => {
    fakeAws(
      "application/vnd.docker.distribution.manifest.v2+json",
      { schemaVersion: 2 },
      {
        putFails: "An error occurred (ImageAlreadyExistsException) when calling the PutImage operation",
      },
    );
    const { code, output } = run();
    assert.equal(code, 0, output);
  });

  for (const [what, mediaType, manifest] of [
    ["an OCI image index", "application/vnd.oci.image.index.v1+json", { schemaVersion: 2, manifests: [] }],
    [
      "a Docker manifest list",
      "application/vnd.docker.distribution.manifest.list.v2+json",
      { manifests: [] },
    ],
    ["a manifest typed as single that lists manifests", oci, { schemaVersion: 2, manifests: [{}] }],
  ] as const) {
    it(`fails on ${what}, naming it, and tags nothing`, () => {
      fakeAws(mediaType, manifest);
      const { code, output } = run();
      assert.equal(code, 1);
      assert.match(output, /::error::.*(not a single-platform image manifest|an image index)/);
      assert.doesNotMatch(calls(), /put-image/);
    });
  }

  it("fails when the tag ends up on another digest, or put-image fails otherwise", () => {
    fakeAws(oci, single, { taggedDigest: `sha256:${"cd".repeat(32)}` });
    assert.equal(run().code, 1);
    fakeAws(oci, single, { putFails: "An error occurred (AccessDeniedException)" });
    const { code, output } = run();
    assert.equal(code, 1);
    assert.match(output, /AccessDeniedException/);
  });

  /** A `pulumi` on PATH whose `stack output imageUri` prints `uri`, or fails when it is undefined. */
  function fakePulumi(uri: string | undefined) {
    const body =
      uri === undefined
        ? 'echo "error: no stack output" >&2; exit 255'
        : `[ "$1 $2 $3" = "stack output imageUri" ] && echo '${uri}'`;
    writeFileSync(path.join(dir, "pulumi"), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(path.join(dir, "pulumi"), 0o755);
  }

  describe("after a failed pulumi up (no step output)", () => {
    after(() => rmSync(path.join(dir, "pulumi"), { force: true }));

    it("checks and tags the image the stack's imageUri output names", () => {
      fakeAws(oci, single);
      fakePulumi(IMAGE_URI);
      const { code, output } = runStep(SCRIPT, { IMAGE_URI: "", UP_OUTCOME: "failure", STACK: "prod" }, dir);
      assert.equal(code, 0, output);
      assert.match(calls(), /ecr put-image --repository-name cola-prod-repo-1a2b3c4 /);
    });

    it("passes with a notice, calling no AWS API, when the stack has no imageUri output", () => {
      fakeAws(oci, single);
      for (const uri of [undefined, ""]) {
        fakePulumi(uri);
        const { code, output } = runStep(SCRIPT, { IMAGE_URI: "", UP_OUTCOME: "failure", STACK: "dev" }, dir);
        assert.equal(code, 0, output);
        assert.match(output, /::notice::.*no imageUri output/);
        assert.throws(calls, /ENOENT/);
      }
    });

    it("still fails when pulumi up succeeded but named no image", () => {
      fakePulumi(undefined);
      const { code, output } = runStep(SCRIPT, { IMAGE_URI: "", UP_OUTCOME: "success", STACK: "dev" }, dir);
      assert.equal(code, 1);
      assert.match(output, /IMAGE_URI must be/);
    });
  });

  it("refuses an image URI that is not pinned to a digest", () => {
    assert.equal(
      runStep(SCRIPT, { IMAGE_URI: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/repo:latest" }, dir).code,
      1,
    );
  });
});
