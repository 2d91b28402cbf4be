import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { ImportError } from "../../training/import/errors";
import { importModel } from "../../training/import/import-model";
import { vocabTokenizer } from "../../training/import/vocab-tokenizer";
import { editJson } from "../function/support/model-folders.js";
import { repoRoot } from "../function/support/paths.js";
import { ISSUE_15_FIXTURES } from "./support/fixtures";

const roots: string[] = [];

/** A copy of a fixture to break, in `source/` of a fresh folder; `out` beside it must not exist after a refusal. */
function brokenCopy(fixture: string, breakIt: (dir: string) => void): { source: string; out: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), "cola-import-source-"));
  roots.push(root);
  const source = path.join(root, "source");
  cpSync(fixture, source, { recursive: true });
  breakIt(source);
  return { source, out: path.join(root, "out") };
}

function removeCopies(): void {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** The import fails with an ImportError matching `message`, and leaves neither the folder nor a temporary one. */
async function assertRefused(
  options: { source: string; out: string; labels?: string[] },
  message: RegExp,
): Promise<void> {
  await assert.rejects(importModel(options), (error: unknown) => {
    assert.ok(error instanceof ImportError, String(error));
    assert.match(error.message, message);
    return true;
  });
  assert.equal(existsSync(options.out), false, "the output folder was written");
  const parent = path.dirname(options.out);
  assert.deepEqual(
    readdirSync(parent).filter((name) => name.includes(".importing-")),
    [],
    "a temporary folder was left",
  );
}

describe("model:import refuses", function () {
  after(removeCopies);

  it("a source folder without model.onnx", async function () {
    const { source, out } = brokenCopy(ISSUE_15_FIXTURES.originalExport, (dir) =>
      rmSync(path.join(dir, "model.onnx")),
    );
    await assertRefused(
      { source, out },
      /model\.onnx: not found: the source folder must hold the exported model\.onnx/,
    );
  });

  it("a source folder with neither vocab.txt nor tokenizer.json", async function () {
    const { source, out } = brokenCopy(ISSUE_15_FIXTURES.originalExport, (dir) =>
      rmSync(path.join(dir, "vocab.txt")),
    );
    await assertRefused({ source, out }, /holds neither vocab\.txt nor tokenizer\.json/);
  });

  it("a tokenizer.json that the tokenizers package cannot read", async function () {
    const { source, out } = brokenCopy(ISSUE_15_FIXTURES.static1x128, (dir) =>
      writeFileSync(path.join(dir, "tokenizer.json"), "{}"),
    );
    await assertRefused({ source, out }, /tokenizer\.json: not a Hugging Face tokenizers file/);
  });

  it("a model.onnx that is not ONNX", async function () {
    const { source, out } = brokenCopy(ISSUE_15_FIXTURES.originalExport, (dir) =>
      writeFileSync(path.join(dir, "model.onnx"), "not a model"),
    );
    await assertRefused(
      { source, out },
      /model\.onnx: not a valid ONNX model, onnxruntime cannot load it \(.*protobuf parsing failed.*\); the file may be cut short/,
    );
  });

  it("--labels naming more labels than the output has scores", async function () {
    const { source, out } = brokenCopy(ISSUE_15_FIXTURES.originalExport, () => undefined);
    await assertRefused(
      { source, out, labels: ["a", "b", "c"] },
      /output "output" gives 2 scores per sentence but there are 3 labels \(a,b,c, from --labels\): give --labels with 2 names/,
    );
  });

  it("a config.json id2label whose label count differs from the output width", async function () {
    const { source, out } = brokenCopy(ISSUE_15_FIXTURES.static1x128, (dir) =>
      editJson(dir, "config.json", (config) => (config.id2label = { 0: "a", 1: "b", 2: "c" })),
    );
    await assertRefused(
      { source, out },
      /gives 2 scores per sentence but there are 3 labels .*fix config\.json "id2label"/,
    );
  });

  it("--labels that disagree with config.json's id2label, or name fewer than two or the same label twice", async function () {
    const { source, out } = brokenCopy(ISSUE_15_FIXTURES.static1x128, () => undefined);
    await assertRefused(
      { source, out, labels: ["bad", "good"] },
      /--labels: "bad,good" disagrees with config\.json "id2label" \("unacceptable,acceptable"\)/,
    );
    await assertRefused({ source, out, labels: ["only"] }, /--labels: must name at least two labels/);
    await assertRefused(
      { source, out, labels: ["x", "x"] },
      /--labels: labels are not unique: "x" is both label 0 and label 1/,
    );
  });

  it("a vocab.txt with a token twice, or without [CLS]", async function () {
    const twice = brokenCopy(ISSUE_15_FIXTURES.originalExport, (dir) =>
      appendFileSync(path.join(dir, "vocab.txt"), "the\n"),
    );
    await assertRefused(twice, /vocab\.txt: "the" is on line \d+ and again on line 8193/);
    const noCls = brokenCopy(ISSUE_15_FIXTURES.originalExport, (dir) =>
      writeFileSync(path.join(dir, "vocab.txt"), "[PAD]\n[UNK]\n[SEP]\nthe\n"),
    );
    await assertRefused(noCls, /vocab\.txt: the vocabulary has no \[CLS\]/);
  });

  it("a vocab.txt with more tokens than the model's embedding table (found by the function's own probe)", async function () {
    const { source, out } = brokenCopy(ISSUE_15_FIXTURES.originalExport, (dir) =>
      appendFileSync(path.join(dir, "vocab.txt"), "extra1\nextra2\n"),
    );
    await assertRefused({ source, out }, /model\.onnx: rejects token id 8193.*nothing was written/);
  });

  it("a vocab.txt larger than config.json's vocab_size, before loading anything", async function () {
    const { source, out } = brokenCopy(ISSUE_15_FIXTURES.originalExport, (dir) =>
      writeFileSync(path.join(dir, "config.json"), JSON.stringify({ vocab_size: 100 })),
    );
    await assertRefused({ source, out }, /vocab\.txt: has 8192 tokens but config\.json "vocab_size" is 100/);
  });

  it("a tokenizer_config.json naming a tokenizer that is not BERT's WordPiece", async function () {
    const { source, out } = brokenCopy(ISSUE_15_FIXTURES.originalExport, (dir) =>
      writeFileSync(
        path.join(dir, "tokenizer_config.json"),
        JSON.stringify({ tokenizer_class: "RobertaTokenizer" }),
      ),
    );
    await assertRefused({ source, out }, /"tokenizer_class" is RobertaTokenizer/);
  });

  it("an output folder that already exists, and leaves it as it was", async function () {
    const { source, out } = brokenCopy(ISSUE_15_FIXTURES.originalExport, () => undefined);
    mkdirSync(out);
    writeFileSync(path.join(out, "keep.txt"), "mine");
    await assert.rejects(
      importModel({ source, out }),
      /already exists; the importer only writes a new folder/,
    );
    assert.deepEqual(readdirSync(out), ["keep.txt"]);
  });

  it("an output folder inside the source folder", async function () {
    const { source } = brokenCopy(ISSUE_15_FIXTURES.originalExport, () => undefined);
    await assertRefused({ source, out: path.join(source, "imported") }, /is inside the source folder/);
  });
});

describe("model:import uses what the source's configs say", function () {
  after(removeCopies);

  it("--labels when config.json has only transformers' LABEL_0, LABEL_1 placeholders", async function () {
    const { source, out } = brokenCopy(ISSUE_15_FIXTURES.originalExport, (dir) =>
      writeFileSync(
        path.join(dir, "config.json"),
        JSON.stringify({ id2label: { 0: "LABEL_0", 1: "LABEL_1" } }),
      ),
    );
    const result = await importModel({ source, out, labels: ["bad", "good"] });
    assert.deepEqual(result.labels, { labels: ["bad", "good"], from: "--labels" });
  });

  it("do_lower_case false from tokenizer_config.json: the tokenizer keeps case", async function () {
    const { source, out } = brokenCopy(ISSUE_15_FIXTURES.originalExport, (dir) =>
      writeFileSync(path.join(dir, "tokenizer_config.json"), JSON.stringify({ do_lower_case: false })),
    );
    await importModel({ source, out });
    const saved = JSON.parse(readFileSync(path.join(out, "tokenizer.json"), "utf8")) as {
      normalizer: { lowercase: boolean; strip_accents: boolean };
    };
    assert.equal(saved.normalizer.lowercase, false);
    assert.equal(saved.normalizer.strip_accents, false);
  });
});

describe("the tokenizer built from vocab.txt alone", function () {
  after(removeCopies);

  for (const { tokens, lowercase, notice } of [
    {
      tokens: ["the", "cat", "##s"],
      lowercase: true,
      notice: /lower-casing \(the vocabulary has no capital letters\)/,
    },
    {
      tokens: ["the", "The", "Cat"],
      lowercase: false,
      notice: /keeping case \(the vocabulary has capital letters\)/,
    },
  ]) {
    it(`${lowercase ? "lower-cases" : "keeps case"} for a vocabulary of ${tokens.join(" ")}, and says why`, async function () {
      const { source } = brokenCopy(ISSUE_15_FIXTURES.originalExport, (dir) =>
        writeFileSync(
          path.join(dir, "vocab.txt"),
          ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ...tokens].join("\n"),
        ),
      );
      const built = vocabTokenizer(source, undefined);
      assert.equal(built.tokenizerConfig.do_lower_case, lowercase);
      assert.match(built.notices.join("\n"), notice);
      assert.deepEqual(
        (await built.tokenizer.encode("The Cat")).getTokens(),
        lowercase ? ["[CLS]", "the", "cat", "[SEP]"] : ["[CLS]", "The", "Cat", "[SEP]"],
      );
    });
  }
});

describe("npm run model:import (the command line)", function () {
  after(removeCopies);
  const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
  const run = (...args: string[]) =>
    spawnSync(tsx, [path.join(repoRoot, "training", "model-import.ts"), ...args], { encoding: "utf8" });

  it("prints the labels' notice, the declared shapes and a sample prediction, and exits 0", function () {
    const { source, out } = brokenCopy(ISSUE_15_FIXTURES.originalExport, () => undefined);
    const result = run(source, out);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /notice: no labels in config\.json "id2label" and no --labels: using CoLA's/);
    assert.match(
      result.stdout,
      /declared shapes: input_ids \[batch_size, 128\]; attention_mask \[batch_size, 128\]; output \[batch_size, 2\]/,
    );
    assert.match(
      result.stdout,
      /sample: "The book was written by a student\." -> \[\{"label":"unacceptable","score":/,
    );
  });

  it("exits 1 with the reason on stderr when the source cannot be served, and 2 on wrong arguments", function () {
    const { source, out } = brokenCopy(ISSUE_15_FIXTURES.originalExport, () => undefined);
    const refused = run(source, out, "--labels", "a,b,c");
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^model:import: .*gives 2 scores per sentence but there are 3 labels/m);
    const usage = run(source);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /usage: npm run model:import -- <source-dir> <out-dir>/);
  });
});
