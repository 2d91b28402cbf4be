import "../setup/pulumi-mocks";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ModelLoadError } from "../../function/src/model/errors.js";
import { Predictor } from "../../function/src/model/predictor.js";
import { KNOWN_SAFE_PATTERNS } from "../../function/src/model/tokenizer-patterns.js";
import { checkModelFolder } from "../../infra/model-folder";
import { ImportError } from "../../training/import/errors";
import { importModel } from "../../training/import/import-model";
import { runTsx } from "./support/child.js";
import { copyModelFolder, editJson, removeModelCopies } from "./support/model-folders.js";
import { outputNamedModelDir, repoRoot } from "./support/paths.js";

/** The reproduction: a Split pre-tokenizer whose pattern backtracks without end on a run of "a"s. */
const RUNAWAY = "(a+)+$";
const SENTENCE = `${"a".repeat(24)}!`;
const REFUSAL = new RegExp(
  `^pre_tokenizer is a Split stage with the pattern "\\(a\\+\\)\\+\\$", which is not one of the known-safe patterns`,
);

interface TokenizerJson {
  pre_tokenizer: unknown;
  normalizer: unknown;
}

const split = (pattern: string) => ({
  type: "Split",
  pattern: { Regex: pattern },
  behavior: "Isolated",
  invert: false,
});

/** `dir`'s tokenizer.json with `pre_tokenizer` (and optionally `normalizer`) replaced. */
function withStages(dir: string, stages: Partial<TokenizerJson>): string {
  editJson<TokenizerJson>(dir, "tokenizer.json", (tokenizer) => Object.assign(tokenizer, stages));
  return dir;
}

describe("tokenizer.json patterns: only known-safe regular expressions", function () {
  after(removeModelCopies);

  it("the reproduction is real: tokenizers itself aborts the process (SIGABRT, the shell's exit 134) on the issue's sentence", async function () {
    const dir = withStages(copyModelFolder(outputNamedModelDir), { pre_tokenizer: split(RUNAWAY) });
    const script = path.join(dir, "encode.cjs");
    writeFileSync(
      script,
      `const { Tokenizer } = require(${JSON.stringify(path.join(repoRoot, "function", "node_modules", "tokenizers"))});\n` +
        `Tokenizer.fromFile(${JSON.stringify(path.join(dir, "tokenizer.json"))}).encode(${JSON.stringify(SENTENCE)})` +
        `.then(() => console.log("answered"));\n`,
    );
    const child = await runTsx([script]);
    assert.notEqual(child.code, 0, "the sentence was encoded: the reproduction no longer reproduces");
    assert.match(child.stderr, /panic|abort/i);
  });

  it("init refuses it, naming the stage and the pattern, before the tokenizer is built", async function () {
    const dir = withStages(copyModelFolder(outputNamedModelDir), { pre_tokenizer: split(RUNAWAY) });
    await assert.rejects(Predictor.load(dir), (error: unknown) => {
      assert.ok(error instanceof ModelLoadError);
      assert.equal(error.file, path.join(dir, "tokenizer.json"));
      assert.match(error.message.slice(error.file.length + 2), REFUSAL);
      return true;
    });
  });

  it("a pattern nested in a Sequence, or in a Replace normaliser, is found too", async function () {
    const nested = withStages(copyModelFolder(outputNamedModelDir), {
      pre_tokenizer: { type: "Sequence", pretokenizers: [{ type: "BertPreTokenizer" }, split(RUNAWAY)] },
    });
    await assert.rejects(
      Predictor.load(nested),
      /pre_tokenizer\.pretokenizers\[1\] is a Split stage with the pattern "\(a\+\)\+\$"/,
    );
    const replace = withStages(copyModelFolder(outputNamedModelDir), {
      normalizer: { type: "Replace", pattern: { Regex: "(x|xx)+y" }, content: "" },
    });
    await assert.rejects(
      Predictor.load(replace),
      /normalizer is a Replace stage with the pattern "\(x\|xx\)\+y"/,
    );
  });

  it("model:import refuses it and writes nothing", async function () {
    const source = withStages(
      copyModelFolder(path.join(repoRoot, "test", "fixtures", "model-static-1x128")),
      {
        pre_tokenizer: split(RUNAWAY),
      },
    );
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), "cola-import-out-")), "imported");
    try {
      await assert.rejects(importModel({ source, out }), (error: unknown) => {
        assert.ok(error instanceof ImportError, String(error));
        assert.match(
          error.message,
          /tokenizer\.json: pre_tokenizer is a Split stage with the pattern "\(a\+\)\+\$"/,
        );
        return true;
      });
      assert.deepEqual(readdirSync(path.dirname(out)), []);
    } finally {
      rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });

  it("pulumi preview refuses it, naming modelDir and the pattern", function () {
    const dir = mkdtempSync(path.join(repoRoot, ".cola-model-dir-"));
    try {
      cpSync(outputNamedModelDir, dir, { recursive: true });
      withStages(dir, { pre_tokenizer: split(RUNAWAY) });
      const relative = path.relative(repoRoot, dir);
      assert.throws(
        () => checkModelFolder(relative, 128),
        (error: unknown) =>
          pulumi.RunError.isInstance(error) &&
          error.message.startsWith(
            `modelDir "${relative}" (with maxLength 128): ${path.join(dir, "tokenizer.json")}: pre_tokenizer is a Split stage with the pattern "(a+)+$"`,
          ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("accepts each known-safe pattern, and a literal String pattern, and serves with them", async function () {
    for (const pattern of KNOWN_SAFE_PATTERNS.keys()) {
      const dir = withStages(copyModelFolder(outputNamedModelDir), {
        pre_tokenizer: { type: "Sequence", pretokenizers: [split(pattern), { type: "BertPreTokenizer" }] },
        normalizer: { type: "Replace", pattern: { String: "(a+)+$" }, content: " " },
      });
      const predictor = await Predictor.load(dir);
      const [scores] = await predictor.predict([SENTENCE]);
      assert.equal(scores?.length, 2, pattern);
    }
  });
});
