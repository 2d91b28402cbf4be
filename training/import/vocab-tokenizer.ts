import path from "node:path";
import type { Tokenizer } from "../../function/node_modules/tokenizers/index.js";
import { messageOf, shownJson } from "../../function/src/model/errors.js";
import { BERT_SPECIAL_TOKENS, bertWordPieceTokenizer, type BertSpecialTokens } from "./bert-tokenizer";
import { ImportError } from "./errors";
import type { JsonObject } from "./json-files";
import { PROGRESS_EVERY, readVocabTxt } from "./vocab-txt";

/** Tokenizer classes whose vocab.txt means BERT's WordPiece scheme. */
const BERT_STYLE_CLASSES = /^(Bert|DistilBert|Electra|MobileBert)Tokenizer(Fast)?$/;

export interface VocabTokenizer {
  tokenizer: Tokenizer;
  /** tokenizer_config.json for the imported folder: the source's, with what was decided filled in. */
  tokenizerConfig: JsonObject;
  /** Decisions the user should know about (a setting no file gave). */
  notices: string[];
}

/**
 * The BERT fast tokenizer for a vocab.txt, set up as the source's tokenizer_config.json says. Without one,
 * `do_lower_case` is read off the vocabulary: an uncased BERT vocabulary holds no capital letters outside its
 * bracketed special tokens, a cased one holds thousands. `log` hears about the progress of a large vocabulary.
 */
export function vocabTokenizer(
  dir: string,
  tokenizerConfig: JsonObject | undefined,
  log: (line: string) => void = () => undefined,
): VocabTokenizer {
  const vocabFile = path.join(dir, "vocab.txt");
  const configFile = "tokenizer_config.json";
  const given = tokenizerConfig ?? {};
  const tokenizerClass = given.tokenizer_class;
  if (typeof tokenizerClass === "string" && !BERT_STYLE_CLASSES.test(tokenizerClass)) {
    throw new ImportError(
      configFile,
      `"tokenizer_class" is ${tokenizerClass}; from a vocab.txt only BERT-style WordPiece tokenizers can be built: add that tokenizer's tokenizer.json instead`,
    );
  }
  const vocab = readVocabTxt(dir, log);
  const notices: string[] = [];
  let lowercase = optionalBoolean(configFile, given, "do_lower_case");
  if (lowercase === undefined) {
    lowercase = !hasCasedTokens(vocab);
    notices.push(
      `no tokenizer_config.json "do_lower_case": ${lowercase ? "lower-casing (the vocabulary has no capital letters)" : "keeping case (the vocabulary has capital letters)"}`,
    );
  }
  const stripAccents =
    given.strip_accents === null ? undefined : optionalBoolean(configFile, given, "strip_accents");
  const handleChineseChars = optionalBoolean(configFile, given, "tokenize_chinese_chars") ?? true;
  const specialTokens = readSpecialTokens(configFile, given);
  let tokenizer: Tokenizer;
  if (vocab.size >= PROGRESS_EVERY)
    log(`vocab.txt: building the WordPiece tokenizer of ${vocab.size} tokens`);
  try {
    tokenizer = bertWordPieceTokenizer(vocab, { lowercase, stripAccents, handleChineseChars, specialTokens });
  } catch (error) {
    throw new ImportError(vocabFile, messageOf(error), { cause: error });
  }
  return {
    tokenizer,
    notices,
    tokenizerConfig: {
      ...given,
      tokenizer_class: typeof tokenizerClass === "string" ? tokenizerClass : "BertTokenizer",
      do_lower_case: lowercase,
      strip_accents: stripAccents ?? null,
      tokenize_chinese_chars: handleChineseChars,
      pad_token: specialTokens.pad,
      unk_token: specialTokens.unk,
      cls_token: specialTokens.cls,
      sep_token: specialTokens.sep,
      mask_token: specialTokens.mask,
    },
  };
}

function hasCasedTokens(vocab: ReadonlyMap<string, number>): boolean {
  for (const token of vocab.keys()) if (!/^\[.*\]$/.test(token) && token !== token.toLowerCase()) return true;
  return false;
}

function optionalBoolean(file: string, config: JsonObject, key: string): boolean | undefined {
  const value = config[key];
  if (value === undefined || typeof value === "boolean") return value;
  throw new ImportError(file, `"${key}" must be true or false, got ${shownJson(value)}`);
}

/** `pad_token` and the others: a string, or an AddedToken object (`{"content": "[PAD]", …}`) as newer files hold. */
export function readSpecialTokens(file: string, config: JsonObject): BertSpecialTokens {
  const read = (key: keyof BertSpecialTokens): string => {
    const value = config[`${key}_token`];
    if (value === undefined || value === null) return BERT_SPECIAL_TOKENS[key];
    if (typeof value === "string") return value;
    const content = typeof value === "object" ? (value as JsonObject).content : undefined;
    if (typeof content === "string") return content;
    throw new ImportError(file, `"${key}_token" must be a token string, got ${shownJson(value)}`);
  };
  return { pad: read("pad"), unk: read("unk"), cls: read("cls"), sep: read("sep"), mask: read("mask") };
}
