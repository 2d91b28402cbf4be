/**
 * Trains the BERT-uncased style WordPiece vocabulary on the acceptable training sentences and writes
 * tokenizer.json and tokenizer_config.json.
 *
 * The Node binding's `Tokenizer.train(files)` always uses the model's default trainer: for WordPiece that is a
 * vocabulary of at most 30,000 entries, no special tokens and no `[UNK]`. Neither can be set from Node, so after
 * training this script
 *  - keeps the first `vocabSize - 5` trained entries. The trainer emits the alphabet first and then one entry per
 *    merge, most frequent merge first, so this prefix is exactly what the trainer returns when asked for that size;
 *  - puts `[PAD] [UNK] [CLS] [SEP] [MASK]` at ids 0-4 and registers them as special tokens, then the kept entries
 *    in code-point order. The trainer numbers its alphabet in hash-map order and breaks ties between equally
 *    frequent merges by those numbers, so its ids differ from run to run (and, through the ties, a handful of
 *    the rarest entries too); sorted ids make a run that yields the same entries yield the same tokenizer.json;
 *  - rebuilds the tokenizer around that vocabulary as a BERT fast tokenizer (import/bert-tokenizer.ts, which
 *    also builds the tokenizer of an imported model from its vocab.txt).
 *
 * Usage: tsx training/build-tokenizer.ts <corpus.txt> <output dir> [vocab size]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { loadTokenizers } from "./function-packages";
import { BERT_SPECIAL_TOKENS, bertWordPieceTokenizer } from "./import/bert-tokenizer";

const SPECIAL_TOKENS: readonly string[] = Object.values(BERT_SPECIAL_TOKENS);
/** Whole vocabulary including the special tokens; see models/README.md for why this size. */
const DEFAULT_VOCAB_SIZE = 8192;
const MODEL_MAX_LENGTH = 512;

const tokenizers = loadTokenizers();

function trainedVocabulary(corpusFile: string): string[] {
  const trainer = new tokenizers.Tokenizer(tokenizers.WordPiece.empty());
  trainer.setNormalizer(tokenizers.bertNormalizer({ lowercase: true }));
  trainer.setPreTokenizer(tokenizers.bertPreTokenizer());
  trainer.train([corpusFile]);
  const vocabulary = trainer.getVocab(false);
  return Object.entries(vocabulary)
    .sort(([, a], [, b]) => a - b)
    .map(([token]) => token);
}

function buildTokenizer(trained: readonly string[], vocabSize: number) {
  const kept = trained.filter((token) => !SPECIAL_TOKENS.includes(token));
  const wanted = vocabSize - SPECIAL_TOKENS.length;
  if (kept.length < wanted) {
    throw new Error(`the trainer produced ${kept.length} tokens, fewer than the ${wanted} asked for`);
  }
  const vocabulary: Record<string, number> = {};
  [...SPECIAL_TOKENS, ...kept.slice(0, wanted).sort()].forEach((token, id) => (vocabulary[token] = id));

  return bertWordPieceTokenizer(vocabulary, {
    lowercase: true,
    stripAccents: true,
    handleChineseChars: true,
    specialTokens: BERT_SPECIAL_TOKENS,
  });
}

function tokenizerConfig() {
  return {
    tokenizer_class: "BertTokenizer",
    do_lower_case: true,
    strip_accents: null,
    tokenize_chinese_chars: true,
    clean_up_tokenization_spaces: true,
    model_max_length: MODEL_MAX_LENGTH,
    pad_token: "[PAD]",
    unk_token: "[UNK]",
    cls_token: "[CLS]",
    sep_token: "[SEP]",
    mask_token: "[MASK]",
  };
}

function main(argv: readonly string[]): void {
  const [corpusFile, outputDir, sizeArgument] = argv;
  if (!corpusFile || !outputDir) {
    throw new Error("usage: tsx training/build-tokenizer.ts <corpus.txt> <output dir> [vocab size]");
  }
  const vocabSize = sizeArgument === undefined ? DEFAULT_VOCAB_SIZE : Number(sizeArgument);
  if (!Number.isInteger(vocabSize) || vocabSize <= SPECIAL_TOKENS.length) {
    throw new Error(`vocab size must be an integer above ${SPECIAL_TOKENS.length}, got ${sizeArgument}`);
  }
  const tokenizer = buildTokenizer(trainedVocabulary(corpusFile), vocabSize);
  fs.mkdirSync(outputDir, { recursive: true });
  // Saved through a temporary file so a failed run never leaves a half-written tokenizer in models/.
  const temporary = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tokenizer-")), "tokenizer.json");
  tokenizer.save(temporary, true);
  fs.copyFileSync(temporary, path.join(outputDir, "tokenizer.json"));
  fs.writeFileSync(
    path.join(outputDir, "tokenizer_config.json"),
    JSON.stringify(tokenizerConfig(), null, 2) + "\n",
  );
  console.error(`tokenizer: ${tokenizer.getVocabSize(true)} tokens -> ${outputDir}/tokenizer.json`);
}

main(process.argv.slice(2));
