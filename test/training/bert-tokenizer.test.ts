import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Tokenizer } from "../../function/node_modules/tokenizers/index.js";
import { readJsonLines } from "../../training/evaluation";
import { loadTokenizers } from "../../training/function-packages";
import { BERT_SPECIAL_TOKENS, bertWordPieceTokenizer } from "../../training/import/bert-tokenizer";
import { readVocabTxt, vocabTxt } from "../../training/import/vocab-txt";
import { HARD_STRINGS } from "../function/support/hard-strings";
import { bundledModelDir, repoRoot } from "../function/support/paths";

function vocabOf(tokenizerFile: string): Record<string, number> {
  const parsed = JSON.parse(readFileSync(tokenizerFile, "utf8")) as {
    model: { vocab: Record<string, number> };
  };
  return parsed.model.vocab;
}

async function assertSameIds(
  actual: Tokenizer,
  expected: Tokenizer,
  sentences: readonly string[],
): Promise<void> {
  const [got, want] = await Promise.all([
    actual.encodeBatch([...sentences]),
    expected.encodeBatch([...sentences]),
  ]);
  sentences.forEach((sentence, i) => {
    assert.deepEqual(got[i]?.getIds(), want[i]?.getIds(), JSON.stringify(sentence));
    assert.deepEqual(got[i]?.getTokens(), want[i]?.getTokens(), JSON.stringify(sentence));
  });
}

describe("the tokenizer built from vocab.txt", function () {
  const bundledFile = path.join(bundledModelDir, "tokenizer.json");
  let dir: string;
  let fromVocab: Tokenizer;
  let bundled: Tokenizer;

  before(function () {
    dir = mkdtempSync(path.join(os.tmpdir(), "cola-vocab-"));
    const vocabFile = path.join(dir, "vocab.txt");
    writeFileSync(vocabFile, vocabTxt(vocabOf(bundledFile)));
    fromVocab = bertWordPieceTokenizer(readVocabTxt(dir), {
      lowercase: true,
      handleChineseChars: true,
      specialTokens: BERT_SPECIAL_TOKENS,
    });
    bundled = loadTokenizers().Tokenizer.fromFile(bundledFile);
  });

  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives the bundled tokenizer.json's ids on the whole committed test split", async function () {
    const rows = readJsonLines<{ sentence: string }>(
      path.join(repoRoot, "training", "data", "test.jsonl"),
      (row) => typeof row.sentence === "string",
      'a "sentence" string',
    );
    assert.ok(rows.length >= 2000, `${rows.length} rows`);
    await assertSameIds(
      fromVocab,
      bundled,
      rows.map((row) => row.sentence),
    );
    console.log(
      `      tokenizer from vocab.txt: same ids as models/tokenizer.json on the ${rows.length} rows of the test split`,
    );
  });

  it("gives the bundled tokenizer.json's ids on accents, CJK, emoji, control characters and long words", async function () {
    await assertSameIds(fromVocab, bundled, HARD_STRINGS);
  });

  it("saves the same tokenizer.json as the bundled one (normaliser, pre-tokeniser, template, added tokens)", function () {
    const saved = path.join(dir, "tokenizer.json");
    fromVocab.save(saved);
    assert.deepEqual(JSON.parse(readFileSync(saved, "utf8")), JSON.parse(readFileSync(bundledFile, "utf8")));
  });

  it("keeps a word of 100 characters and makes a longer one [UNK], as WordPiece's word limit says", async function () {
    const vocab = { ...BERT_SPECIAL_TOKENS_VOCAB, a: 5, "##a": 6 };
    const tokenizer = bertWordPieceTokenizer(vocab, {
      lowercase: true,
      handleChineseChars: true,
      specialTokens: BERT_SPECIAL_TOKENS,
    });
    assert.equal((await tokenizer.encode("a".repeat(100))).getIds().length, 102);
    assert.deepEqual((await tokenizer.encode("a".repeat(101))).getIds(), [2, 1, 3]);
  });

  it("keeps case and accents when do_lower_case is false, and strips accents alone when asked", async function () {
    const vocab = { ...BERT_SPECIAL_TOKENS_VOCAB, Cafe: 5, Café: 6, cafe: 7 };
    const build = (lowercase: boolean, stripAccents?: boolean) =>
      bertWordPieceTokenizer(vocab, {
        lowercase,
        stripAccents,
        handleChineseChars: true,
        specialTokens: BERT_SPECIAL_TOKENS,
      });
    assert.deepEqual((await build(false).encode("Café")).getIds(), [2, 6, 3]);
    assert.deepEqual((await build(false, true).encode("Café")).getIds(), [2, 5, 3]);
    assert.deepEqual((await build(true).encode("Café")).getIds(), [2, 7, 3]);
  });

  it("refuses a vocabulary without the special tokens the template needs", function () {
    assert.throws(
      () =>
        bertWordPieceTokenizer(
          { "[PAD]": 0, "[UNK]": 1, the: 2 },
          { lowercase: true, handleChineseChars: true, specialTokens: BERT_SPECIAL_TOKENS },
        ),
      /the vocabulary has no \[CLS\], \[SEP\]/,
    );
  });
});

const BERT_SPECIAL_TOKENS_VOCAB = { "[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "[MASK]": 4 };
