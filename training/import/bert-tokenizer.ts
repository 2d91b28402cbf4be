import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Tokenizer } from "../../function/node_modules/tokenizers/index.js";
import { loadTokenizers } from "../function-packages";

/** The special tokens a BERT tokenizer names (transformers' `BertTokenizer` defaults). */
export interface BertSpecialTokens {
  pad: string;
  unk: string;
  cls: string;
  sep: string;
  mask: string;
}

export const BERT_SPECIAL_TOKENS: BertSpecialTokens = {
  pad: "[PAD]",
  unk: "[UNK]",
  cls: "[CLS]",
  sep: "[SEP]",
  mask: "[MASK]",
};

/** What `tokenizer_config.json` decides for a BERT tokenizer; the defaults are transformers' `BertTokenizer`'s. */
export interface BertTokenizerSettings {
  lowercase: boolean;
  /** `strip_accents`; when unset transformers strips accents exactly when it lower-cases. */
  stripAccents?: boolean | undefined;
  /** `tokenize_chinese_chars`: a space around every CJK ideograph. */
  handleChineseChars: boolean;
  specialTokens: BertSpecialTokens;
}

/** WordPiece's word limit in transformers and in `tokenizers`: a longer word becomes one unknown token. */
const MAX_INPUT_CHARS_PER_WORD = 100;

/**
 * The tokenizer a BERT *fast* tokenizer is, built the way transformers converts a `vocab.txt`
 * (`convert_slow_tokenizer.BertConverter`): BERT normaliser (clean text, CJK handling, accents and case as the
 * settings say), BERT pre-tokeniser, WordPiece with `##` continuations and `[UNK]`, the `[CLS] $A [SEP]` template,
 * and the special tokens registered as added tokens so that a literal `[MASK]` in a sentence stays one token.
 *
 * @example
 * bertWordPieceTokenizer({ "[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "[MASK]": 4, "the": 5 }, settings)
 *   .encode("The") // ids [2, 5, 3]
 */
export function bertWordPieceTokenizer(
  vocabulary: ReadonlyMap<string, number> | Readonly<Record<string, number>>,
  settings: BertTokenizerSettings,
): Tokenizer {
  const tokenizers = loadTokenizers();
  const vocab: ReadonlyMap<string, number> =
    vocabulary instanceof Map ? vocabulary : new Map(Object.entries(vocabulary));
  const { pad, unk, cls, sep, mask } = settings.specialTokens;
  const missing = [pad, unk, cls, sep].filter((token) => !vocab.has(token));
  if (missing.length > 0) throw new Error(`the vocabulary has no ${missing.join(", ")}`);
  const special = [pad, unk, cls, sep, mask].filter((token) => vocab.has(token));
  // Every stage is set on a tokenizer of the special tokens alone; the whole vocabulary goes in as JSON text below.
  const skeleton = new tokenizers.Tokenizer(
    tokenizers.WordPiece.init(
      Object.fromEntries(special.map((token) => [token, vocab.get(token) as number])),
      {
        unkToken: unk,
        continuingSubwordPrefix: "##",
        maxInputCharsPerWord: MAX_INPUT_CHARS_PER_WORD,
      },
    ),
  );
  skeleton.setNormalizer(
    tokenizers.bertNormalizer({
      cleanText: true,
      handleChineseChars: settings.handleChineseChars,
      stripAccents: settings.stripAccents ?? settings.lowercase,
      lowercase: settings.lowercase,
    }),
  );
  skeleton.setPreTokenizer(tokenizers.bertPreTokenizer());
  skeleton.setPostProcessor(
    tokenizers.templateProcessing(`${cls} $A ${sep}`, `${cls} $A ${sep} $B:1 ${sep}:1`, [
      [cls, vocab.get(cls) as number],
      [sep, vocab.get(sep) as number],
    ]),
  );
  skeleton.setDecoder(tokenizers.wordPieceDecoder("##", true));
  skeleton.addSpecialTokens(special);
  return tokenizers.Tokenizer.fromString(withVocabulary(savedJson(skeleton), vocab));
}

/** The JSON `tokenizer.save` writes (the node binding has no other way to serialise a tokenizer). */
function savedJson(tokenizer: Tokenizer): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cola-tokenizer-"));
  try {
    tokenizer.save(path.join(dir, "tokenizer.json"));
    return readFileSync(path.join(dir, "tokenizer.json"), "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `json` with its WordPiece vocabulary replaced by `vocab`, written as JSON text. `WordPiece.init` takes a plain
 * object, and a plain object of millions of keys is slow to build and to hand over (measured: 5M tokens took 79 s
 * that way); text goes to `tokenizers`' own parser in one piece.
 */
function withVocabulary(json: string, vocab: ReadonlyMap<string, number>): string {
  const tokenizer = JSON.parse(json) as { model: { vocab: unknown } };
  const placeholder = "\u0000vocabulary\u0000";
  tokenizer.model.vocab = placeholder;
  // Joined in chunks: millions of small strings alive at once would cost more than the text they make.
  const chunks: string[] = [];
  let chunk: string[] = [];
  for (const [token, id] of vocab) {
    chunk.push(`${JSON.stringify(token)}:${id}`);
    if (chunk.length === 100_000) {
      chunks.push(chunk.join(","));
      chunk = [];
    }
  }
  chunks.push(chunk.join(","));
  const entries = chunks.filter((part) => part !== "").join(",");
  return JSON.stringify(tokenizer).replace(JSON.stringify(placeholder), () => `{${entries}}`);
}
