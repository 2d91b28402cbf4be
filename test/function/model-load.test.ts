import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ModelLoadError } from "../../function/src/model/errors.js";
import { Predictor, type PredictorOptions } from "../../function/src/model/predictor.js";
import { runTsx, type ChildResult } from "./support/child.js";
import { copyModelFolder, editJson, readJson, removeModelCopies } from "./support/model-folders.js";
import { outputNamedModelDir } from "./support/paths.js";

type Json = Record<string, unknown>;

interface TokenizerJson {
  model: { vocab: Record<string, number> };
}

/** Asserts loading `dir` fails with a ModelLoadError about `file` (its path first in the message) and `problem`. */
async function assertLoadFails(
  dir: string,
  file: "model.onnx" | "tokenizer.json" | "config.json" | "tokenizer_config.json",
  problem: RegExp,
  options: PredictorOptions = {},
): Promise<ModelLoadError> {
  let caught: unknown;
  try {
    await Predictor.load(dir, options);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ModelLoadError, `expected a ModelLoadError, got ${String(caught)}`);
  const target = path.join(dir, file);
  assert.equal(caught.name, "ModelLoadError");
  assert.equal(caught.file, target);
  assert.ok(caught.message.startsWith(`${target}: `), caught.message);
  assert.match(caught.message.slice(target.length + 2), problem);
  return caught;
}

/** A copy of the fixture with `change` applied to it. */
function brokenFolder(change: (dir: string) => void): string {
  const dir = copyModelFolder(outputNamedModelDir);
  change(dir);
  return dir;
}

const remove = (file: string) => (dir: string) => rmSync(path.join(dir, file));
const overwrite = (file: string, content: string) => (dir: string) =>
  writeFileSync(path.join(dir, file), content);
const editConfig = (edit: (config: Json) => void) => (dir: string) => editJson(dir, "config.json", edit);

describe("model load failures", function () {
  after(removeModelCopies);

  describe("model.onnx", function () {
    it("missing", async function () {
      await assertLoadFails(
        brokenFolder(remove("model.onnx")),
        "model.onnx",
        /^not found: the model folder needs the exported model$/,
      );
    });

    it("not ONNX (garbage bytes)", async function () {
      await assertLoadFails(
        brokenFolder(overwrite("model.onnx", "this is not a model\n".repeat(100))),
        "model.onnx",
        /^not a valid ONNX model, onnxruntime cannot load it \(.+\); the file may be cut short or not an ONNX export: copy it again, or export it again/,
      );
    });

    it("empty", async function () {
      await assertLoadFails(
        brokenFolder(overwrite("model.onnx", "")),
        "model.onnx",
        /^not a valid ONNX model, onnxruntime cannot load it \(.+\); the file may be cut short/,
      );
    });

    it("a directory instead of a file", async function () {
      const dir = brokenFolder((folder) => {
        rmSync(path.join(folder, "model.onnx"));
        mkdirSync(path.join(folder, "model.onnx"));
      });
      await assertLoadFails(
        dir,
        "model.onnx",
        /^is a folder, not a regular file; a model folder holds plain files$/,
      );
    });
  });

  describe("tokenizer.json", function () {
    it("missing", async function () {
      await assertLoadFails(
        brokenFolder(remove("tokenizer.json")),
        "tokenizer.json",
        /^not found: the model folder needs the tokenizer the model was trained with$/,
      );
    });

    it("not JSON (garbage)", async function () {
      await assertLoadFails(
        brokenFolder(overwrite("tokenizer.json", "garbage{{{")),
        "tokenizer.json",
        /^not a Hugging Face tokenizers file \(.+\)$/,
      );
    });

    it("JSON but not a tokenizer", async function () {
      await assertLoadFails(
        brokenFolder(overwrite("tokenizer.json", '{"hello": "world"}')),
        "tokenizer.json",
        /^not a Hugging Face tokenizers file/,
      );
    });

    it("more tokens than config.json's vocab_size", async function () {
      const dir = brokenFolder(editConfig((config) => (config.vocab_size = 8000)));
      await assertLoadFails(
        dir,
        "tokenizer.json",
        /^has \d+ tokens but config\.json "vocab_size" is 8000: ids beyond the model's embedding table$/,
      );
    });

    it("more tokens than the model's embedding table, with no vocab_size to tell (caught by the probe run)", async function () {
      const dir = brokenFolder((folder) => {
        editJson<TokenizerJson>(folder, "tokenizer.json", (tokenizer) => {
          const size = Object.keys(tokenizer.model.vocab).length;
          for (let extra = 0; extra < 200; extra++)
            tokenizer.model.vocab[`extratoken${extra}`] = size + extra;
        });
        editJson(folder, "config.json", (config) => delete config.vocab_size);
      });
      await assertLoadFails(
        dir,
        "model.onnx",
        /^rejects token id (\d+): tokenizer\.json has \d+ tokens, more than the model's embedding table \(.+\)$/,
      );
    });

    it("no padding token: pad_token_id names no token", async function () {
      await assertLoadFails(
        brokenFolder(editConfig((config) => (config.pad_token_id = 999_999))),
        "tokenizer.json",
        /^has no padding token: add "\[PAD\]" or set "pad_token_id" in config\.json$/,
      );
    });
  });

  describe("config.json", function () {
    it("missing: says what a model folder holds", async function () {
      await assertLoadFails(
        brokenFolder(remove("config.json")),
        "config.json",
        /^not found: a model folder holds model\.onnx, tokenizer\.json and config\.json with "id2label" \(docs\/your-own-model\.md\)$/,
      );
    });

    it("invalid JSON", async function () {
      await assertLoadFails(
        brokenFolder(overwrite("config.json", '{"id2label": {"0": "a", "1": "b"}')),
        "config.json",
        /^not readable JSON \(.+\)$/,
      );
    });

    it("JSON that is not an object", async function () {
      await assertLoadFails(
        brokenFolder(overwrite("config.json", "[1, 2]")),
        "config.json",
        /^must hold a JSON object$/,
      );
    });

    it("without id2label", async function () {
      await assertLoadFails(
        brokenFolder(editConfig((config) => delete config.id2label)),
        "config.json",
        /^needs "id2label", an object such as \{"0": "unacceptable", "1": "acceptable"\}$/,
      );
    });

    it("id2label an array", async function () {
      await assertLoadFails(
        brokenFolder(editConfig((config) => (config.id2label = ["unacceptable", "acceptable"]))),
        "config.json",
        /^needs "id2label"/,
      );
    });

    it("id2label with a hole (ids 0 and 2)", async function () {
      await assertLoadFails(
        brokenFolder(editConfig((config) => (config.id2label = { 0: "unacceptable", 2: "acceptable" }))),
        "config.json",
        /^"id2label" key "2" is not an id from 0 to 1$/,
      );
    });

    it("id2label with a key that is not an id", async function () {
      await assertLoadFails(
        brokenFolder(editConfig((config) => (config.id2label = { 0: "unacceptable", one: "acceptable" }))),
        "config.json",
        /^"id2label" key "one" is not an id from 0 to 1$/,
      );
    });

    it('id2label naming one id twice ("1" and "01"), leaving id 0 without a label', async function () {
      await assertLoadFails(
        brokenFolder(editConfig((config) => (config.id2label = { 1: "unacceptable", "01": "acceptable" }))),
        "config.json",
        /^"id2label" has no label for id 0$/,
      );
    });

    it("id2label with one label, an empty label or a label that is not a string, saying which", async function () {
      await assertLoadFails(
        brokenFolder(editConfig((config) => (config.id2label = { 0: "only" }))),
        "config.json",
        /^"id2label": must name at least two labels$/,
      );
      await assertLoadFails(
        brokenFolder(editConfig((config) => (config.id2label = { 0: "unacceptable", 1: " " }))),
        "config.json",
        /^"id2label": label 1 is empty$/,
      );
      await assertLoadFails(
        brokenFolder(editConfig((config) => (config.id2label = { 0: "unacceptable", 1: 1 }))),
        "config.json",
        /^"id2label" entry 1 must be a string$/,
      );
    });

    it("numbers that are not integers, or not positive", async function () {
      await assertLoadFails(
        brokenFolder(editConfig((config) => (config.max_position_embeddings = "512"))),
        "config.json",
        /^"max_position_embeddings" must be an integer, got "512"$/,
      );
      await assertLoadFails(
        brokenFolder(editConfig((config) => (config.vocab_size = 0))),
        "config.json",
        /^"vocab_size" must be a positive integer$/,
      );
      await assertLoadFails(
        brokenFolder(editConfig((config) => (config.pad_token_id = 0.5))),
        "config.json",
        /^"pad_token_id" must be an integer, got 0\.5$/,
      );
    });
  });

  describe("tokenizer_config.json (optional)", function () {
    const editTokenizerConfig = (content: Json) => (dir: string) =>
      writeFileSync(path.join(dir, "tokenizer_config.json"), JSON.stringify(content));

    it("a max length (MAX_LENGTH) beyond model_max_length names the file and both numbers", async function () {
      const dir = brokenFolder(editTokenizerConfig({ model_max_length: 64 }));
      await assertLoadFails(
        dir,
        "tokenizer_config.json",
        /^"model_max_length" is 64 but the max length \(MAX_LENGTH\) is 100; allowed: at most 64$/,
        { maxLength: 100 },
      );
    });

    it("model_max_length caps the default max length; transformers' 'no limit' (1e30) does not", async function () {
      const capped = await Predictor.load(brokenFolder(editTokenizerConfig({ model_max_length: 64 })));
      assert.equal(capped.info.maxLength, 64);
      const unlimited = brokenFolder(editTokenizerConfig({ model_max_length: 1e30 }));
      assert.equal((await Predictor.load(unlimited)).info.maxLength, 128);
      assert.equal((await Predictor.load(unlimited, { maxLength: 512 })).info.maxLength, 512);
    });

    it("not JSON, or a model_max_length that is not a positive integer", async function () {
      await assertLoadFails(
        brokenFolder(overwrite("tokenizer_config.json", "{")),
        "tokenizer_config.json",
        /^not readable JSON \(.+\)$/,
      );
      await assertLoadFails(
        brokenFolder(editTokenizerConfig({ model_max_length: "64" })),
        "tokenizer_config.json",
        /^"model_max_length" must be an integer, got "64"$/,
      );
    });
  });

  describe("config and model that do not match", function () {
    it("three labels for a model with two outputs", async function () {
      await assertLoadFails(
        brokenFolder(editConfig((config) => (config.id2label = { 0: "bad", 1: "unsure", 2: "good" }))),
        "model.onnx",
        /^output "output" has shape \[batch, 2\] but config\.json "id2label" names 3 labels: expected \[batch, 3\]$/,
      );
    });

    it("a max length (MAX_LENGTH) beyond max_position_embeddings", async function () {
      const limit = readJson<{ max_position_embeddings: number }>(
        path.join(outputNamedModelDir, "config.json"),
      ).max_position_embeddings;
      const error = await assertLoadFails(
        outputNamedModelDir,
        "config.json",
        /^"max_position_embeddings" is \d+ but the max length \(MAX_LENGTH\) is \d+; allowed: at most \d+$/,
        {
          maxLength: limit + 1,
        },
      );
      assert.ok(error.message.includes(`is ${limit} but the max length (MAX_LENGTH) is ${limit + 1}`));
    });

    it("position embeddings shorter than the max length, though config.json claims more", async function () {
      const dir = brokenFolder(editConfig((config) => (config.max_position_embeddings = 1024)));
      await assertLoadFails(
        dir,
        "model.onnx",
        /^cannot take 600 tokens \(the max length\); lower MAX_LENGTH \(.+\)$/s,
        {
          maxLength: 600,
        },
      );
    });
  });
});

describe("the entry point (function/src/index.ts) in a child process", function () {
  const entry = path.join("function", "src", "index.ts");
  let results: Record<string, ChildResult>;
  let brokenConfigDir: string;
  let otherTokenizerDir: string;

  before(async function () {
    brokenConfigDir = copyModelFolder(outputNamedModelDir);
    writeFileSync(path.join(brokenConfigDir, "config.json"), "{not json");
    otherTokenizerDir = copyModelFolder(outputNamedModelDir);
    editJson<{ added_tokens: { special: boolean }[] }>(otherTokenizerDir, "tokenizer.json", (json) => {
      (json.added_tokens[4] as { special: boolean }).special = false;
    });
    const runs: Record<string, Record<string, string>> = {
      good: { MODEL_DIR: outputNamedModelDir },
      otherTokenizer: { MODEL_DIR: otherTokenizerDir },
      brokenConfig: { MODEL_DIR: brokenConfigDir },
      badSettings: { MODEL_DIR: outputNamedModelDir, MAX_SENTENCES: "abc", LOG_INPUTS: "maybe" },
      maxLengthTooLong: { MODEL_DIR: outputNamedModelDir, MAX_LENGTH: "600" },
    };
    // Each child starts tsx and loads a model: run them side by side.
    const entries = await Promise.all(
      Object.entries(runs).map(async ([name, env]) => [name, await runTsx([entry], env)] as const),
    );
    results = Object.fromEntries(entries);
  });

  after(removeModelCopies);

  const output = (result: ChildResult | undefined): string =>
    `${result?.stdout ?? ""}${result?.stderr ?? ""}`;

  it("loads a good model folder, logs 'model loaded' with the model and limits, and exits 0", function () {
    const result = results.good;
    assert.equal(result?.code, 0, output(result));
    const loaded = (result?.stdout ?? "")
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Json)
      .find((line) => line.message === "model loaded");
    assert.ok(loaded !== undefined, output(result));
    assert.equal((loaded.model as Json).name, "model-output-named");
    assert.deepEqual(loaded.limits, { maxSentences: 64, maxSentenceChars: 2000, maxBodyBytes: 65536 });
    assert.equal(typeof loaded.init_ms, "number");
    assert.equal(loaded.tokenizer_path, "fast");
    assert.equal(loaded.tokenizer_fallback, undefined);
  });

  it("says in 'model loaded' when the tokenizer falls back to tokenizers' encode, and why", function () {
    const result = results.otherTokenizer;
    assert.equal(result?.code, 0, output(result));
    const loaded = (result?.stdout ?? "")
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Json)
      .find((line) => line.message === "model loaded");
    assert.ok(loaded !== undefined, output(result));
    assert.equal(loaded.tokenizer_path, "tokenizers");
    assert.equal(loaded.tokenizer_fallback, 'the added token "[MASK]" is not special');
  });

  it("exits non-zero naming config.json when it is broken", function () {
    const result = results.brokenConfig;
    assert.notEqual(result?.code, 0);
    assert.ok(
      output(result).includes(`${path.join(brokenConfigDir, "config.json")}: not readable JSON`),
      output(result),
    );
    assert.match(result?.stderr ?? "", /ModelLoadError/);
  });

  it("exits non-zero naming each bad setting (MAX_SENTENCES=abc, LOG_INPUTS=maybe)", function () {
    const result = results.badSettings;
    assert.notEqual(result?.code, 0);
    assert.match(output(result), /SettingsError/);
    assert.ok(
      output(result).includes('MAX_SENTENCES is "abc"; allowed: an integer from 1 to 1024'),
      output(result),
    );
    assert.ok(output(result).includes('LOG_INPUTS is "maybe"; allowed: true or false'), output(result));
  });

  it("logs refused settings as one structured ERROR line naming each variable, before init stops", function () {
    const result = results.badSettings;
    // Powertools writes ERROR lines to stderr; Lambda sends both streams to the same log.
    const lines = output(result)
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Json);
    const refused = lines.filter((line) => line.message === "settings invalid");
    assert.equal(refused.length, 1, output(result));
    assert.equal(refused[0]?.level, "ERROR");
    assert.equal(refused[0]?.service, "cola-classifier");
    assert.deepEqual(refused[0]?.problems, [
      'MAX_SENTENCES is "abc"; allowed: an integer from 1 to 1024',
      'LOG_INPUTS is "maybe"; allowed: true or false',
    ]);
    assert.equal((refused[0]?.error as Json | undefined)?.name, "SettingsError");
  });

  it("exits non-zero naming config.json when MAX_LENGTH exceeds the model's position embeddings", function () {
    const result = results.maxLengthTooLong;
    assert.notEqual(result?.code, 0);
    assert.ok(
      output(result).includes(
        `${path.join(outputNamedModelDir, "config.json")}: "max_position_embeddings" is 512`,
      ),
      output(result),
    );
  });
});
