import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Tokenizer } from "../../../function/node_modules/tokenizers/index.js";
import type { TokenRows } from "../../../function/src/model/feeds.js";
import type { ModelConfig } from "../../../function/src/model/model-config.js";
import {
  loadTokenizer,
  parseTokenizerJson,
  type LoadedTokenizer,
} from "../../../function/src/model/tokenizer.js";
import { readJsonLines } from "../../../training/evaluation";
import { BERT_SPECIAL_TOKENS, bertWordPieceTokenizer } from "../../../training/import/bert-tokenizer";
import { readVocabTxt } from "../../../training/import/vocab-txt";
import { HARD_STRINGS } from "../support/hard-strings.js";
import { bundledModelDir, repoRoot } from "../support/paths.js";
import { generatedSentences, prng } from "../support/unicode-strings.js";

/*
 * The fast tokenizer (function/src/model/fast-tokenizer.ts) against `tokenizers`' own `encode`/`encodeBatch`, set
 * up identically by loadTokenizer (truncation, padding): the whole test split, the hard strings, and at least
 * 100,000 generated sentences over every plane, as batches and one by one, on the bundled tokenizer.json, the
 * fixtures' and the ones `model:import` builds from a vocab.txt. TOKENIZER_DIFF_SEED replays a run;
 * TOKENIZER_DIFF_COUNT asks for more sentences.
 */

const SEED = process.env.TOKENIZER_DIFF_SEED
  ? Number(process.env.TOKENIZER_DIFF_SEED)
  : Math.floor(Math.random() * 2 ** 31);
const COUNT = Math.max(100_000, Number(process.env.TOKENIZER_DIFF_COUNT ?? 0));

const CONFIG: ModelConfig = {
  labels: ["unacceptable", "acceptable"],
  maxPositionEmbeddings: undefined,
  vocabSize: undefined,
  padTokenId: undefined,
  name: undefined,
  modelMaxLength: undefined,
};

interface Mismatch {
  sentence: string;
  want: string;
  got: string;
}

/** A sentence as code points, so that invisible and look-alike characters show. */
function codePoints(text: string): string {
  const chars = [...text];
  const shown = chars
    .slice(0, 60)
    .map((char) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`);
  return chars.length > 60 ? `${shown.join(" ")} … (${chars.length} code points)` : shown.join(" ");
}

const shown = (rows: TokenRows, row: number): string =>
  `ids ${rows.ids[row]?.join(",")} mask ${rows.attentionMask[row]?.join(",")}`;

/** A tokenizer.json's text set up as the service sets it up, at the given lengths. */
function loaded(text: string, maxLength: number, padTo: number | null): LoadedTokenizer {
  const file = "tokenizer.json";
  const tokenizer = loadTokenizer(file, parseTokenizerJson(file, Buffer.from(text)), CONFIG, {
    maxLength,
    padTo,
  });
  assert.equal(tokenizer.path.path, "fast", JSON.stringify(tokenizer.path));
  return tokenizer;
}

/**
 * Every sentence through both tokenizers: in batches of 1 to 64 (`encodeBatch`), or one `encode` each; the
 * mismatches, with both answers.
 */
async function differences(
  tokenizer: LoadedTokenizer,
  sentences: readonly string[],
  mode: "batch" | "single",
  seed: number,
): Promise<Mismatch[]> {
  const { fast, tokenizer: reference } = tokenizer;
  assert.ok(fast !== null);
  const random = prng(seed);
  const mismatches: Mismatch[] = [];
  const compare = (chunk: readonly string[], want: TokenRows): void => {
    const got = fast.encode(chunk);
    chunk.forEach((sentence, row) => {
      const [wanted, gotten] = [shown(want, row), shown(got, row)];
      if (wanted !== gotten) mismatches.push({ sentence, want: wanted, got: gotten });
    });
  };
  const rowsOf = (encodings: Awaited<ReturnType<Tokenizer["encodeBatch"]>>): TokenRows => ({
    ids: encodings.map((encoding) => encoding.getIds()),
    attentionMask: encodings.map((encoding) => encoding.getAttentionMask()),
  });
  if (mode === "batch") {
    for (let start = 0; start < sentences.length;) {
      const chunk = sentences.slice(start, start + 1 + Math.floor(random() * 64));
      compare(chunk, rowsOf(await reference.encodeBatch([...chunk])));
      start += chunk.length;
    }
  } else {
    for (let start = 0; start < sentences.length; start += 256) {
      const chunk = sentences.slice(start, start + 256);
      const encodings = await Promise.all(chunk.map((sentence) => reference.encode(sentence)));
      encodings.forEach((encoding, row) => compare([chunk[row] as string], rowsOf([encoding])));
    }
  }
  return mismatches;
}

function assertNone(mismatches: readonly Mismatch[], what: string): void {
  const first = mismatches
    .slice(0, 5)
    .map(({ sentence, want, got }) => `  ${codePoints(sentence)}\n    want ${want}\n    got  ${got}`)
    .join("\n");
  assert.equal(
    mismatches.length,
    0,
    `${mismatches.length} mismatches on ${what} (TOKENIZER_DIFF_SEED=${SEED}); the first:\n${first}`,
  );
}

const testSplit = (): string[] =>
  readJsonLines<{ sentence: string }>(
    path.join(repoRoot, "training", "data", "test.jsonl"),
    (row) => typeof row.sentence === "string",
    'a "sentence" string',
  ).map((row) => row.sentence);

const wordsOf = (text: string): string[] =>
  Object.keys((JSON.parse(text) as { model: { vocab: Record<string, number> } }).model.vocab).filter(
    (token) => !token.startsWith("##") && !token.startsWith("["),
  );

/** The tokenizer.json `model:import` writes for a vocab.txt with these tokenizer_config.json settings. */
function importedJson(
  vocabDir: string,
  settings: { lowercase: boolean; stripAccents?: boolean; chinese: boolean },
): string {
  const tokenizer = bertWordPieceTokenizer(readVocabTxt(vocabDir), {
    lowercase: settings.lowercase,
    stripAccents: settings.stripAccents,
    handleChineseChars: settings.chinese,
    specialTokens: BERT_SPECIAL_TOKENS,
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), "cola-fast-tokenizer-"));
  try {
    tokenizer.save(path.join(dir, "tokenizer.json"));
    return readFileSync(path.join(dir, "tokenizer.json"), "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the fast tokenizer gives tokenizers' ids (differential test)", function () {
  this.timeout(300_000);
  const bundledText = readFileSync(path.join(bundledModelDir, "tokenizer.json"), "utf8");
  const split = testSplit();
  const vocabWords = wordsOf(bundledText);
  let generated: string[];
  /** Sentences of 60 to 150 fragments: all of them cut at MAX_LENGTH 128 or less. */
  let long: string[];

  before(function () {
    generated = generatedSentences(SEED, COUNT, vocabWords);
    long = generatedSentences(SEED + 2, 300, vocabWords, 1);
    console.log(
      `      ${generated.length} generated sentences, seed ${SEED} (replay: TOKENIZER_DIFF_SEED=${SEED})`,
    );
  });

  describe("the bundled models/tokenizer.json at MAX_LENGTH 128", function () {
    let tokenizer: LoadedTokenizer;
    before(() => (tokenizer = loaded(bundledText, 128, null)));

    it(`matches on the whole test split (${split.length} rows), in batches and one by one`, async function () {
      assert.ok(split.length >= 2000, `${split.length} rows`);
      assertNone(await differences(tokenizer, split, "batch", SEED), "the test split in batches");
      assertNone(await differences(tokenizer, split, "single", SEED), "the test split one by one");
    });

    it("matches on the hard strings, in batches and one by one", async function () {
      assertNone(await differences(tokenizer, HARD_STRINGS, "batch", SEED), "the hard strings in batches");
      assertNone(await differences(tokenizer, HARD_STRINGS, "single", SEED), "the hard strings one by one");
    });

    it(`matches on ${COUNT} generated sentences in batches of 1 to 64, and 2,000 of them one by one`, async function () {
      assertNone(
        await differences(tokenizer, generated, "batch", SEED),
        "the generated sentences in batches",
      );
      assertNone(
        await differences(tokenizer, generated.slice(0, 2000), "single", SEED),
        "the generated sentences one by one",
      );
      console.log(`      ${generated.length} generated sentences, 0 mismatches (seed ${SEED})`);
    });
  });

  for (const [maxLength, padTo] of [
    [8, null],
    [16, null],
    [128, 128],
    [16, 32],
  ] as const) {
    it(`matches at MAX_LENGTH ${maxLength}, ${padTo === null ? "padded to the longest" : `padded to ${padTo}`} (truncation)`, async function () {
      const tokenizer = loaded(bundledText, maxLength, padTo);
      const sentences = [...HARD_STRINGS, ...generated.slice(0, 3000), ...long];
      assertNone(
        await differences(tokenizer, sentences, "batch", SEED + maxLength),
        `MAX_LENGTH ${maxLength}`,
      );
      assertNone(
        await differences(tokenizer, [...HARD_STRINGS, ...long], "single", SEED + maxLength),
        `MAX_LENGTH ${maxLength} one by one`,
      );
    });
  }

  it("matches on every fixture's tokenizer.json (those identical to models/ are covered above)", async function () {
    const fixtures = [
      "model-output-named",
      "model-static-1x128",
      "model-token-type-ids",
      "model-dynamic-twin",
    ];
    for (const fixture of fixtures) {
      const text = readFileSync(path.join(repoRoot, "test", "fixtures", fixture, "tokenizer.json"), "utf8");
      if (JSON.stringify(JSON.parse(text)) === JSON.stringify(JSON.parse(bundledText))) continue;
      const sentences = [...split.slice(0, 500), ...HARD_STRINGS, ...generated.slice(0, 5000), ...long];
      assertNone(await differences(loaded(text, 128, null), sentences, "batch", SEED), fixture);
    }
  });

  /** The bundled tokenizer.json with its BertNormalizer's flags replaced by `flags`. */
  const withNormalizer = (flags: Record<string, boolean | null>): string => {
    const json = JSON.parse(bundledText) as { normalizer: Record<string, unknown> };
    return JSON.stringify({ ...json, normalizer: { ...json.normalizer, ...flags } });
  };
  const flagSets: Record<string, boolean | null>[] = [
    { clean_text: false },
    { clean_text: false, lowercase: false, strip_accents: null },
    { handle_chinese_chars: false, strip_accents: true },
  ];
  for (const flags of flagSets) {
    it(`matches with the BertNormalizer's flags set to ${JSON.stringify(flags)}`, async function () {
      const tokenizer = loaded(withNormalizer(flags), 128, null);
      const sentences = [...split.slice(0, 500), ...HARD_STRINGS, ...generated.slice(0, 5000), ...long];
      assertNone(await differences(tokenizer, sentences, "batch", SEED), JSON.stringify(flags));
      assertNone(
        await differences(tokenizer, HARD_STRINGS, "single", SEED),
        `${JSON.stringify(flags)} one by one`,
      );
    });
  }

  const vocabDir = path.join(repoRoot, "test", "fixtures", "original-export");
  for (const settings of [
    { lowercase: true, chinese: true },
    { lowercase: false, chinese: true },
    { lowercase: false, stripAccents: true, chinese: false },
    { lowercase: true, stripAccents: false, chinese: true },
  ]) {
    it(`matches on what model:import builds from the fixture's vocab.txt (${JSON.stringify(settings)})`, async function () {
      const text = importedJson(vocabDir, settings);
      const tokenizer = loaded(text, 128, null);
      const sentences = [...split, ...HARD_STRINGS, ...generatedSentences(SEED + 1, 5000, wordsOf(text))];
      assertNone(
        await differences(tokenizer, sentences, "batch", SEED),
        `vocab.txt ${JSON.stringify(settings)}`,
      );
    });
  }
});
