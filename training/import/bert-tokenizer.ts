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
  vocab: Readonly<Record<string, number>>,
  settings: BertTokenizerSettings,
): Tokenizer {
  const tokenizers = loadTokenizers();
  const { pad, unk, cls, sep, mask } = settings.specialTokens;
  const missing = [pad, unk, cls, sep].filter((token) => vocab[token] === undefined);
  if (missing.length > 0) throw new Error(`the vocabulary has no ${missing.join(", ")}`);
  const tokenizer = new tokenizers.Tokenizer(
    tokenizers.WordPiece.init(
      { ...vocab },
      { unkToken: unk, continuingSubwordPrefix: "##", maxInputCharsPerWord: MAX_INPUT_CHARS_PER_WORD },
    ),
  );
  tokenizer.setNormalizer(
    tokenizers.bertNormalizer({
      cleanText: true,
      handleChineseChars: settings.handleChineseChars,
      stripAccents: settings.stripAccents ?? settings.lowercase,
      lowercase: settings.lowercase,
    }),
  );
  tokenizer.setPreTokenizer(tokenizers.bertPreTokenizer());
  tokenizer.setPostProcessor(
    tokenizers.templateProcessing(`${cls} $A ${sep}`, `${cls} $A ${sep} $B:1 ${sep}:1`, [
      [cls, vocab[cls] as number],
      [sep, vocab[sep] as number],
    ]),
  );
  tokenizer.setDecoder(tokenizers.wordPieceDecoder("##", true));
  tokenizer.addSpecialTokens([pad, unk, cls, sep, mask].filter((token) => vocab[token] !== undefined));
  return tokenizer;
}
