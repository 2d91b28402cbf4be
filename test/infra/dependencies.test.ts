import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

describe("the program's runtime dependencies", () => {
  it("each one is imported by index.ts, infra/ or scripts/ (no package kept for nothing, such as @pulumi/docker)", () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    // The rollout's provider requires the AWS SDK inside its serialized code; the rollback command is a script.
    const sourcesIn = (folder: string) =>
      readdirSync(path.join(REPO_ROOT, folder), { recursive: true, encoding: "utf8" })
        .filter((name) => name.endsWith(".ts"))
        .map((name) => path.join(REPO_ROOT, folder, name));
    const sources = [path.join(REPO_ROOT, "index.ts"), ...sourcesIn("infra"), ...sourcesIn("scripts")].map(
      (file) => readFileSync(file, "utf8"),
    );
    const unused = Object.keys(manifest.dependencies).filter(
      (name) =>
        !sources.some((source) => source.includes(`from "${name}"`) || source.includes(`require("${name}")`)),
    );
    assert.deepEqual(unused, []);
  });
});
