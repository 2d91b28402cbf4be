import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";

const DOCKERFILE = path.resolve(__dirname, "..", "..", "function", "Dockerfile");

/** Each stage's COPY instructions, by stage (the last one is the image Lambda runs). */
function copiesByStage(source: string): string[][] {
  const stages: string[][] = [];
  for (const line of source.replace(/\\\n/g, " ").split("\n")) {
    if (/^FROM\s/i.test(line)) stages.push([]);
    else if (/^COPY\s/i.test(line)) stages.at(-1)?.push(line);
  }
  return stages;
}

describe("function/Dockerfile: files the Lambda user reads are readable whatever the checkout's umask", () => {
  const stages = copiesByStage(readFileSync(DOCKERFILE, "utf8"));
  const final = stages.at(-1) ?? [];

  it("copies the stack's model files from the build context with mode 0644", () => {
    const models = final.filter((line) => line.includes("${MODEL_DIR}/"));
    assert.equal(models.length, 1, final.join("\n"));
    assert.match(
      models[0]!,
      /^COPY --chmod=0644 \$\{MODEL_DIR\}\/model\.onnx \$\{MODEL_DIR\}\/tokenizer\.json \$\{MODEL_DIR\}\/config\.json /,
    );
  });

  it("copies function/package.json (which the bundle carries into the image as it is) with mode 0644", () => {
    const packageJson = stages.flat().filter((line) => line.includes("function/package.json"));
    assert.equal(packageJson.length, 1);
    assert.match(packageJson[0]!, /^COPY --chmod=0644 /);
  });

  it("every file the final stage takes straight from the build context carries a mode", () => {
    for (const line of final.filter((copy) => !copy.includes("--from="))) {
      assert.match(line, /--chmod=0[0-7]{3}\b/, line);
    }
  });
});
