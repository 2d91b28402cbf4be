import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

describe("the program's runtime dependencies", () => {
  it("each one is imported by index.ts or infra/ (no package kept for nothing, such as @pulumi/docker)", () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const sources = [
      path.join(REPO_ROOT, "index.ts"),
      ...readdirSync(path.join(REPO_ROOT, "infra"))
        .filter((name) => name.endsWith(".ts"))
        .map((name) => path.join(REPO_ROOT, "infra", name)),
    ].map((file) => readFileSync(file, "utf8"));
    const unused = Object.keys(manifest.dependencies).filter(
      (name) => !sources.some((source) => source.includes(`from "${name}"`)),
    );
    assert.deepEqual(unused, []);
  });
});
