import "../setup/pulumi-mocks";
import * as assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { StackConfigError } from "../../infra/config";
import { functionDescription } from "../../infra/function";
import { checkModelFolder, modelFolderInfo, runLoader } from "../../infra/model-folder";
import { writeWithInputShape } from "../function/support/onnx-shape";
import { recordedResources } from "../setup/pulumi-mocks";
import { buildStack, cliStackConfig, onlyResourceOfType, parseRaw, resourcesOfType } from "./stack-fixtures";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const FIXTURE = "test/fixtures/model-output-named";

/** A fresh folder inside the repository (modelDir must be), hidden and removed by the test that makes it. */
export function inRepository(): string {
  return mkdtempSync(path.join(REPO_ROOT, ".cola-model-dir-"));
}

/** The error a preview of the dev stack with `modelDir` (and `maxLength`) stops with, or a failed assertion. */
async function previewError(overrides: Record<string, string>): Promise<Error> {
  try {
    await buildStack(cliStackConfig("dev", overrides));
  } catch (error) {
    assert.ok(error instanceof Error);
    return error;
  }
  assert.fail(`expected the preview with ${JSON.stringify(overrides)} to fail`);
}

describe("modelDir: the model folder the image bundles, checked at preview", () => {
  it("is models by default and a folder inside the repository, written with / and no trailing slash", () => {
    assert.equal(parseRaw({}).config.modelDir, "models");
    assert.equal(parseRaw({ modelDir: "./my-model/" }).config.modelDir, "my-model");
    assert.equal(parseRaw({ modelDir: "models\\v2" }).config.modelDir, "models/v2");
  });

  it("refuses a folder outside the repository (the Docker build context)", () => {
    for (const outside of ["/srv/models", "../models", "models/../../x", ".", "node_modules/some-model"]) {
      assert.throws(
        () => parseRaw({ modelDir: outside }),
        (error: unknown) =>
          error instanceof StackConfigError &&
          error.problems[0] ===
            `modelDir is ${JSON.stringify(outside)}; allowed: a folder inside the repository, relative to its root, such as models or my-model (not in node_modules)`,
      );
    }
  });

  it("passes a folder the function can serve to the image build as MODEL_DIR", async () => {
    const { resources } = await buildStack(cliStackConfig("dev"));
    assert.deepEqual(onlyResourceOfType(resources, "awsx:ecr:Image").inputs.args, { MODEL_DIR: "models" });
    const fixture = await buildStack(cliStackConfig("dev", { modelDir: FIXTURE }));
    assert.deepEqual(onlyResourceOfType(fixture.resources, "awsx:ecr:Image").inputs.args, {
      MODEL_DIR: FIXTURE,
    });
  });

  it("the function's description names the folder's model and labels, not a fixed model", async () => {
    for (const modelDir of ["models", FIXTURE]) {
      const { resources } = await buildStack(cliStackConfig("dev", { modelDir }));
      const info = modelFolderInfo(modelDir, 128);
      const fn = onlyResourceOfType(resources, "aws:lambda/function:Function").inputs;
      assert.equal(
        fn.description,
        `Classifies sentences with ${info.name} (ONNX), labels: ${info.labels.join(", ")}`,
      );
    }
    assert.notEqual(modelFolderInfo("models", 128).name, modelFolderInfo(FIXTURE, 128).name);
    const long = functionDescription({
      name: "m",
      labels: Array.from({ length: 100 }, (_, i) => `label${i}`),
    });
    assert.equal(long.length, 256);
    assert.ok(long.endsWith("…"));
  });

  it("fails the preview before the image, naming the key, the file and the problem", async () => {
    const error = await previewError({ modelDir: "docs" });
    assert.ok(pulumi.RunError.isInstance(error), "a RunError: Pulumi prints its message without a stack");
    assert.equal(
      error.message,
      `modelDir "docs" (with maxLength 128): ${path.join(REPO_ROOT, "docs", "config.json")}: not found: a model folder holds model.onnx, tokenizer.json and config.json with "id2label" (docs/your-own-model.md)`,
    );
    assert.deepEqual(resourcesOfType(recordedResources(), "awsx:ecr:Image"), []);

    const missing = await previewError({ modelDir: "no-such-model" });
    assert.equal(
      missing.message,
      `modelDir "no-such-model" (with maxLength 128): ${path.join(REPO_ROOT, "no-such-model")} is not a folder`,
    );
  });

  describe("a folder the function would refuse at init", () => {
    let dir: string;

    before(() => {
      dir = inRepository();
      cpSync(path.join(REPO_ROOT, FIXTURE), dir, { recursive: true });
      writeFileSync(
        path.join(dir, "config.json"),
        JSON.stringify({ id2label: { 0: "bad", 1: "unsure", 2: "good" }, max_position_embeddings: 512 }),
      );
    });

    after(() => rmSync(dir, { recursive: true, force: true }));

    it("checks with the stack's maxLength, as the function will run: here, beyond a fixed sequence length", () => {
      const fixed = inRepository();
      try {
        cpSync(path.join(REPO_ROOT, FIXTURE), fixed, { recursive: true });
        writeWithInputShape(
          path.join(REPO_ROOT, FIXTURE, "model.onnx"),
          path.join(fixed, "model.onnx"),
          null,
          64,
        );
        const relative = path.relative(REPO_ROOT, fixed);
        assert.equal(checkModelFolder(relative, 64), relative);
        assert.throws(
          () => checkModelFolder(relative, 128),
          (error: unknown) =>
            pulumi.RunError.isInstance(error) &&
            error.message ===
              `modelDir "${relative}" (with maxLength 128): ${path.join(fixed, "model.onnx")}: its inputs have a fixed sequence length of 64 but the max length (MAX_LENGTH) is 128; allowed: at most 64`,
        );
      } finally {
        rmSync(fixed, { recursive: true, force: true });
      }
    });

    it("reports the function's own message: here, an output width other than the label count", () => {
      const relative = path.relative(REPO_ROOT, dir);
      assert.throws(
        () => checkModelFolder(relative, 128),
        (error: unknown) =>
          pulumi.RunError.isInstance(error) &&
          error.message ===
            `modelDir "${relative}" (with maxLength 128): ${path.join(dir, "model.onnx")}: output "output" has shape [batch, 2] but config.json "id2label" names 3 labels: expected [batch, 3]`,
      );
    });
  });

  it("refuses a modelDir that is a symlink inside the repository to a folder outside it", () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), "cola-model-outside-"));
    const link = path.join(REPO_ROOT, `.cola-model-link-${path.basename(outside)}`);
    try {
      cpSync(path.join(REPO_ROOT, FIXTURE), outside, { recursive: true });
      symlinkSync(outside, link);
      const relative = path.relative(REPO_ROOT, link);
      assert.throws(
        () => checkModelFolder(relative, 128),
        (error: unknown) =>
          pulumi.RunError.isInstance(error) &&
          error.message ===
            `modelDir "${relative}" (with maxLength 128): its real path ${outside} is outside the repository (a symlink leads out of it); modelDir must be a folder of the repository`,
      );
    } finally {
      rmSync(link, { force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("stops a loader that does not finish, and says so naming the folder", () => {
    const folder = path.join(REPO_ROOT, FIXTURE);
    const started = Date.now();
    assert.throws(
      () =>
        runLoader(folder, 128, {
          loader: path.join(__dirname, "support", "hanging-loader.ts"),
          timeoutMs: 3000,
        }),
      (error: unknown) =>
        error instanceof Error &&
        error.message ===
          `loading ${folder} took longer than 3 s and was stopped; check that its files are plain files and that \`MODEL_DIR=${folder} npm start\` loads it`,
    );
    assert.ok(Date.now() - started < 20_000);
  });
});
