import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { runStep } from "./fake-tools";
import { WORKFLOW_DIR, workflowFiles } from "./lint";

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
