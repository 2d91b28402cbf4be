import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { REPO_ROOT } from "./lint";

interface Update {
  "package-ecosystem": string;
  directory?: string;
  directories?: string[];
  groups?: Record<string, { patterns: string[] }>;
  ignore?: Array<{ "dependency-name": string; versions?: string[] }>;
}

const config = parse(readFileSync(path.join(REPO_ROOT, ".github", "dependabot.yml"), "utf8")) as {
  updates: Update[];
};
const npm = config.updates.find((update) => update["package-ecosystem"] === "npm");

describe("Dependabot (.github/dependabot.yml)", () => {
  it("updates every package.json in the repository, and the workflows' actions", () => {
    const tracked = execFileSync("git", ["ls-files", "package.json", "*/package.json"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    })
      .split("\n")
      .filter((file) => file !== "")
      .map((file) => `/${path.dirname(file)}`.replace(/^\/\.$/, "/"));
    assert.deepEqual([...(npm?.directories ?? [])].sort(), tracked.sort());
    const actions = config.updates.find((update) => update["package-ecosystem"] === "github-actions");
    assert.equal(actions?.directory, "/");
  });

  it("groups the Pulumi packages and the AWS SDK packages", () => {
    const patterns = Object.values(npm?.groups ?? {}).map((group) => group.patterns);
    assert.deepEqual(patterns, [["@pulumi/*"], ["@aws-sdk/*"]]);
  });

  it("holds back only what docs/development.md explains", () => {
    const development = readFileSync(path.join(REPO_ROOT, "docs", "development.md"), "utf8");
    for (const held of npm?.ignore ?? []) {
      assert.ok(development.includes(`\`${held["dependency-name"]}\``), held["dependency-name"]);
    }
  });
});
