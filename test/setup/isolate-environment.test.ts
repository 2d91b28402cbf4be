import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { runTsx } from "../function/support/child.js";
import { repoRoot } from "../function/support/paths.js";
import { FUNCTION_SETTINGS } from "./isolate-environment.js";

describe("tests never see the function's settings from the user's shell", function () {
  it("mocha loads the isolation before every test file (.mocharc.json)", function () {
    const config = JSON.parse(readFileSync(path.join(repoRoot, ".mocharc.json"), "utf8")) as {
      require?: string[];
    };
    assert.deepEqual(config.require, ["test/setup/isolate-environment.ts"]);
  });

  it("so none of them is set in this process, whatever the shell exported", function () {
    for (const name of FUNCTION_SETTINGS) assert.equal(process.env[name], undefined, name);
  });

  it("an exported MODEL_DIR is gone once the isolation has run", async function () {
    const probe =
      "await import('./test/setup/isolate-environment.ts');" +
      "console.log(JSON.stringify([process.env.MODEL_DIR ?? null, process.env.MAX_SENTENCES ?? null]));";
    // runTsx itself clears the settings it knows; the isolation module must clear what the child sets itself.
    const result = await runTsx(["--input-type=module", "-e", `process.env.MODEL_DIR='/elsewhere';${probe}`]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout) as unknown, [null, null]);
  });

  it("covers every variable the function's settings read, and where MODEL_DIR resolves from", function () {
    for (const name of ["MODEL_DIR", "MAX_SENTENCES", "LOG_INPUTS", "LAMBDA_TASK_ROOT"]) {
      assert.ok(FUNCTION_SETTINGS.includes(name), name);
    }
  });
});
