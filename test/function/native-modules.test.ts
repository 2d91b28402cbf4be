import assert from "node:assert/strict";
import path from "node:path";
import { loadNativeModules } from "../../function/src/dependencies.js";
import { NativeModuleError } from "../../function/src/errors.js";
import { FAILED_INIT_MESSAGES } from "../../infra/metrics.js";
import { BROKEN_BINDING_MESSAGE } from "./support/broken-binding-message.js";
import { runTsx, type ChildResult } from "./support/child.js";
import { outputNamedModelDir } from "./support/paths.js";

/*
 * onnxruntime-node and tokenizers load inside init, after the logger exists: a binding that cannot load must write
 * the `model load failed` line the failed-init metric filter counts (infra/metrics.ts), not die before any log.
 */

type Json = Record<string, unknown>;

describe("native modules load inside init (function/src/dependencies.ts)", function () {
  it("names the package whose loader failed, keeping the loader's error as the cause", function () {
    const cause = new Error("tokenizers.linux-x64-gnu.node: cannot open shared object file");
    const asked: string[] = [];
    const load = (name: string): unknown => {
      asked.push(name);
      if (name === "tokenizers") throw cause;
      return {};
    };
    assert.throws(
      () => loadNativeModules(load),
      (error: unknown) => {
        assert.ok(error instanceof NativeModuleError);
        assert.equal(error.module, "tokenizers");
        assert.equal(error.cause, cause);
        assert.match(error.message, /^tokenizers could not be loaded \(.*cannot open shared object file\); /);
        return true;
      },
    );
    assert.deepEqual(asked, ["onnxruntime-node", "tokenizers"]);
  });

  describe("the entry point with a broken onnxruntime-node binding, in a child process", function () {
    let result: ChildResult;

    before(async function () {
      const hook = path.join("test", "function", "support", "broken-binding.ts");
      const entry = path.join("function", "src", "index.ts");
      result = await runTsx(["--import", `./${hook}`, entry], { MODEL_DIR: outputNamedModelDir });
    });

    const output = (): string => `${result.stdout}${result.stderr}`;

    it("exits non-zero", function () {
      assert.notEqual(result.code, 0, output());
      assert.notEqual(result.code, null, output());
    });

    it("writes one `model load failed` line naming onnxruntime-node, which the failed-init filter counts", function () {
      const lines = output()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Json);
      const failed = lines.filter((line) => line.message === "model load failed");
      assert.equal(failed.length, 1, output());
      assert.equal(failed[0]?.level, "ERROR");
      assert.ok((FAILED_INIT_MESSAGES as readonly unknown[]).includes(failed[0]?.message));
      const error = failed[0]?.error as Json;
      assert.equal(error.name, "NativeModuleError");
      assert.ok(String(error.message).startsWith("onnxruntime-node could not be loaded ("), output());
      assert.ok(String(error.message).includes(BROKEN_BINDING_MESSAGE), output());
      assert.equal(lines.filter((line) => line.message === "model loaded").length, 0, output());
    });
  });
});
