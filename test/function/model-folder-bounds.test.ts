import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { MAX_MESSAGE_LENGTH, ModelLoadError, UNPRINTABLE } from "../../function/src/model/errors.js";
import { FILE_SIZE_LIMITS, readModelFile } from "../../function/src/model/model-files.js";
import { Predictor } from "../../function/src/model/predictor.js";
import { copyModelFolder, editJson, removeModelCopies } from "./support/model-folders.js";
import { outputNamedModelDir, repoRoot } from "./support/paths.js";

/** Each refusal must come this fast: nothing is read past a check, nothing waits on a pipe. */
const WITHIN_MS = 5_000;

/** Loading `dir` fails within WITHIN_MS with a ModelLoadError whose message is `file` and then `problem`. */
async function refused(dir: string, file: string, problem: RegExp): Promise<ModelLoadError> {
  const started = performance.now();
  let caught: unknown;
  try {
    await Predictor.load(dir);
  } catch (error) {
    caught = error;
  }
  const elapsed = performance.now() - started;
  assert.ok(caught instanceof ModelLoadError, `expected a ModelLoadError, got ${String(caught)}`);
  const target = path.join(dir, file);
  assert.equal(caught.file, target);
  assert.ok(caught.message.startsWith(`${target}: `), caught.message);
  assert.match(caught.message.slice(target.length + 2), problem);
  assert.ok(elapsed < WITHIN_MS, `took ${elapsed.toFixed(0)} ms`);
  return caught;
}

function folderWith(change: (dir: string) => void): string {
  const dir = copyModelFolder(outputNamedModelDir);
  change(dir);
  return dir;
}

const replaceWith = (file: string, make: (target: string) => void) => (dir: string) => {
  rmSync(path.join(dir, file));
  make(path.join(dir, file));
};
const mkfifo = (target: string) => execFileSync("mkfifo", [target]);

describe("a model folder is read within bounds (the issue's reproductions)", function () {
  after(removeModelCopies);

  it("config.json a symlink to /dev/zero: refused by the path rule, before anything is read", async function () {
    const dir = folderWith(replaceWith("config.json", (target) => symlinkSync("/dev/zero", target)));
    await refused(
      dir,
      "config.json",
      /^is a symlink to \/dev\/zero, outside the model folder; copy the file itself into the folder$/,
    );
  });

  it("a symlink to a regular file outside the folder (model.onnx), though the target is a good model", async function () {
    const dir = folderWith(
      replaceWith("model.onnx", (target) =>
        symlinkSync(path.join(outputNamedModelDir, "model.onnx"), target),
      ),
    );
    await refused(
      dir,
      "model.onnx",
      /^is a symlink to .*model-output-named\/model\.onnx, outside the model folder/,
    );
  });

  it("a named pipe inside the folder (config.json, tokenizer.json): refused, never opened", async function () {
    for (const file of ["config.json", "tokenizer.json"]) {
      const dir = folderWith(replaceWith(file, mkfifo));
      await refused(
        dir,
        file,
        /^is a named pipe \(FIFO\), not a regular file; a model folder holds plain files$/,
      );
    }
  });

  it("a symlink inside the folder to a pipe inside it: followed, and refused for what it leads to", async function () {
    const dir = folderWith((folder) => {
      mkfifo(path.join(folder, "pipe"));
      rmSync(path.join(folder, "tokenizer.json"));
      symlinkSync("pipe", path.join(folder, "tokenizer.json"));
    });
    await refused(dir, "tokenizer.json", /^is a named pipe \(FIFO\)/);
  });

  it("a symlink inside the folder to a regular file inside it: read (the path rule is about where it leads)", async function () {
    const dir = folderWith((folder) => {
      mkdirSync(path.join(folder, "files"));
      const real = path.join(folder, "files", "config.json");
      writeFileSync(real, readFileSync(path.join(folder, "config.json")));
      rmSync(path.join(folder, "config.json"));
      symlinkSync(path.join("files", "config.json"), path.join(folder, "config.json"));
    });
    const predictor = await Predictor.load(dir);
    assert.deepEqual(predictor.info.labels.length, 2);
  });

  it("a dangling symlink, and a folder in a file's place", async function () {
    await refused(
      folderWith(replaceWith("tokenizer.json", (target) => symlinkSync("nowhere.json", target))),
      "tokenizer.json",
      /^is a symlink to nothing \(its target does not exist\)$/,
    );
    await refused(
      folderWith(replaceWith("config.json", (target) => mkdirSync(target))),
      "config.json",
      /^is a folder, not a regular file/,
    );
  });

  for (const file of ["config.json", "tokenizer.json", "model.onnx"] as const) {
    it(`an oversized ${file} (sparse, one byte over its limit): refused by its size, unread`, async function () {
      const dir = folderWith((folder) => truncateSync(path.join(folder, file), FILE_SIZE_LIMITS[file] + 1));
      await refused(
        dir,
        file,
        new RegExp(
          `^is [\\d.]+ MiB, over the [\\d.]+ MiB limit for ${file.replace(".", "\\.")} \\(docs/your-own-model\\.md\\)$`,
        ),
      );
    });
  }

  it("a tokenizer_config.json that is a pipe: the optional file is refused too, not skipped", async function () {
    const dir = folderWith((folder) => mkfifo(path.join(folder, "tokenizer_config.json")));
    await refused(dir, "tokenizer_config.json", /^is a named pipe \(FIFO\)/);
  });

  it("the reader itself: undefined for a missing file, the bytes of a regular one", function () {
    assert.equal(readModelFile(outputNamedModelDir, "vocab.txt"), undefined);
    assert.deepEqual(
      readModelFile(outputNamedModelDir, "config.json"),
      readFileSync(path.join(outputNamedModelDir, "config.json")),
    );
  });
});

describe("model folder messages name the folder and the remedy (issue 19)", function () {
  after(removeModelCopies);

  it("a MODEL_DIR that does not exist names the folder, not a file in it", async function () {
    const nowhere = path.join(os.tmpdir(), "cola-no-such-model-folder");
    await assert.rejects(Predictor.load(nowhere), (error: unknown) => {
      assert.ok(error instanceof ModelLoadError);
      assert.equal(error.file, nowhere);
      assert.equal(
        error.message,
        `${nowhere}: no such folder (the model folder: check MODEL_DIR, or the folder given)`,
      );
      return true;
    });
  });

  it("an original export never imported (model.onnx and vocab.txt) points to npm run model:import", async function () {
    const dir = copyModelFolder(path.join(repoRoot, "test", "fixtures", "original-export"));
    await refused(
      dir,
      "config.json",
      new RegExp(
        `^not found: this folder holds an export that was never imported \\(model\\.onnx and vocab\\.txt\\); import it first with npm run model:import -- ${dir} <new-folder>, and serve the new folder$`,
      ),
    );
  });

  it("a truncated model.onnx says it is not a valid ONNX model and what to do", async function () {
    const dir = folderWith((folder) => {
      const model = path.join(folder, "model.onnx");
      truncateSync(model, Math.floor(readFileSync(model).length / 2));
    });
    await refused(
      dir,
      "model.onnx",
      /^not a valid ONNX model, onnxruntime cannot load it \(.+\); the file may be cut short or not an ONNX export: copy it again, or export it again \(torch\.onnx\.export, optimum-cli export onnx\)$/,
    );
  });
});

describe("labels are checked, saying which rule failed", function () {
  after(removeModelCopies);
  const withLabels = (id2label: unknown) =>
    folderWith((dir) => editJson(dir, "config.json", (config) => (config.id2label = id2label)));

  const cases: [string, Record<string, string>, RegExp][] = [
    [
      "the same label twice",
      { 0: "same", 1: "same" },
      /^"id2label": labels are not unique: "same" is both label 0 and label 1$/,
    ],
    [
      "a NUL",
      { 0: "a\u0000b", 1: "ok" },
      /^"id2label": label 0 is not printable: "a\\u\{0\}b" holds a control/,
    ],
    [
      "an ESC sequence",
      { 0: "ok", 1: "\u001b[31mred" },
      /^"id2label": label 1 is not printable: "\\u\{1b\}\[31mred"/,
    ],
    ["a newline", { 0: "two\nlines", 1: "ok" }, /^"id2label": label 0 is not printable: "two\\u\{a\}lines"/],
    [
      "U+202E (right-to-left override)",
      { 0: "ok", 1: "evil\u202etxt" },
      /^"id2label": label 1 is not printable: "evil\\u\{202e\}txt"/,
    ],
    ["an empty label", { 0: "", 1: "ok" }, /^"id2label": label 0 is empty$/],
    [
      "a label over 100 characters",
      { 0: "x".repeat(101), 1: "ok" },
      /^"id2label": label 0 is longer than 100 characters: "x+ … \(\d+ more characters\)"$/,
    ],
  ];
  for (const [what, id2label, problem] of cases) {
    it(`refuses ${what}`, async function () {
      const error = await refused(withLabels(id2label), "config.json", problem);
      assert.doesNotMatch(error.message, UNPRINTABLE, "the message holds the raw character");
    });
  }

  it("accepts printable labels such as <script> (they are answered as JSON strings, never as markup)", async function () {
    const predictor = await Predictor.load(withLabels({ 0: "<script>", 1: "naïve ✓" }));
    assert.deepEqual(predictor.info.labels, ["<script>", "naïve ✓"]);
  });

  it("caps every message: 100,000 labels with one repeated at the end give a short message", async function () {
    const many = Object.fromEntries(Array.from({ length: 100_000 }, (_, id) => [String(id), `l${id}`]));
    many["99999"] = "l0";
    const error = await refused(
      withLabels(many),
      "config.json",
      /^"id2label": labels are not unique: "l0" is both label 0 and label 99999$/,
    );
    assert.ok(error.message.length <= MAX_MESSAGE_LENGTH);
  });

  it("a 1M-entry id2label (config.json over its 4 MiB limit) is refused by size, with a short message", async function () {
    const dir = folderWith((folder) => {
      const entries = Array.from({ length: 1_000_000 }, (_, id) => `"${id}":"label${id}"`);
      writeFileSync(path.join(folder, "config.json"), `{"id2label":{${entries.join(",")}}}`);
    });
    const error = await refused(dir, "config.json", /^is [\d.]+ MiB, over the 4 MiB limit for config\.json/);
    assert.ok(error.message.length <= MAX_MESSAGE_LENGTH);
  });
});
