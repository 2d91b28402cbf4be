import path from "node:path";
import type { Tokenizer } from "tokenizers";
import { nativeModules } from "../dependencies.js";
import type { ModelConfig } from "./model-config.js";
import { ModelLoadError, messageOf } from "./errors.js";
import { readModelFile } from "./model-files.js";
import { checkTokenizerPatterns } from "./tokenizer-patterns.js";
import { fastTokenizerFor, type FastTokenizer, type TokenizerPath } from "./fast-tokenizer.js";

export interface LoadedTokenizer {
  tokenizer: Tokenizer;
  file: string;
  /** Tokens including added and special ones: the highest id the model can be fed is this minus one. */
  vocabSize: number;
  padId: number;
  /** The synchronous encoder when it reproduces this tokenizer exactly (fast-tokenizer.ts), else null. */
  fast: FastTokenizer | null;
  /** Which of the two the request path runs, and why not the fast one. */
  path: TokenizerPath;
}

/** A tokenizer.json parsed twice: as JSON (what the fast path checks) and by `tokenizers`. */
export interface ParsedTokenizer {
  tokenizer: Tokenizer;
  json: unknown;
}

/** How long the encodings are: truncated at `maxLength`, padded to `padTo` when the model fixes the length. */
export interface EncodingLength {
  maxLength: number;
  /** The model's fixed sequence length, or null to pad a batch to its longest member only. */
  padTo: number | null;
}

/**
 * Sets up `tokenizer.json` (`tokenizer`, which model-folder.ts read) the way the service feeds the model: truncated to `maxLength` tokens
 * (special tokens included), then padded to the model's fixed length or, in a batch, to its longest member.
 */
export function loadTokenizer(
  file: string,
  { tokenizer, json }: ParsedTokenizer,
  config: ModelConfig,
  { maxLength, padTo }: EncodingLength,
): LoadedTokenizer {
  const vocabSize = tokenizer.getVocabSize(true);
  if (config.vocabSize !== undefined && vocabSize > config.vocabSize) {
    throw new ModelLoadError(
      file,
      `has ${vocabSize} tokens but config.json "vocab_size" is ${config.vocabSize}: ids beyond the model's embedding table`,
    );
  }
  const padId = config.padTokenId ?? tokenizer.tokenToId("[PAD]") ?? undefined;
  const padToken = padId === undefined ? null : tokenizer.idToToken(padId);
  if (padId === undefined || padToken === null) {
    throw new ModelLoadError(file, 'has no padding token: add "[PAD]" or set "pad_token_id" in config.json');
  }
  tokenizer.setTruncation(maxLength);
  tokenizer.setPadding(padTo === null ? { padId, padToken } : { padId, padToken, maxLength: padTo });
  return {
    tokenizer,
    file,
    vocabSize,
    padId,
    ...fastTokenizerFor(json, tokenizer, { maxLength, padTo, padId }),
  };
}

/**
 * `dir/tokenizer.json`, read within the folder's bounds and parsed by `tokenizers`, once its stages' patterns are
 * known to be safe (tokenizer-patterns.ts). Also used by `model:import` on a source folder.
 */
export function readTokenizerFile(dir: string): ParsedTokenizer {
  const file = path.join(dir, "tokenizer.json");
  const bytes = readModelFile(dir, "tokenizer.json");
  if (bytes === undefined) {
    throw new ModelLoadError(
      file,
      "not found: the model folder needs the tokenizer the model was trained with",
    );
  }
  return parseTokenizerJson(file, bytes);
}

/** A tokenizer.json's bytes parsed by `tokenizers`, once its stages' patterns are known to be safe. */
export function parseTokenizer(file: string, bytes: Buffer): Tokenizer {
  return parseTokenizerJson(file, bytes).tokenizer;
}

/** `parseTokenizer`, keeping the parsed JSON as well. */
export function parseTokenizerJson(file: string, bytes: Buffer): ParsedTokenizer {
  const text = bytes.toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelLoadError(file, `not a Hugging Face tokenizers file (not JSON: ${messageOf(error)})`, {
      cause: error,
    });
  }
  checkTokenizerPatterns(file, json);
  const { tokenizers } = nativeModules();
  try {
    return { tokenizer: tokenizers.Tokenizer.fromString(text), json };
  } catch (error) {
    throw new ModelLoadError(file, `not a Hugging Face tokenizers file (${messageOf(error)})`, {
      cause: error,
    });
  }
}
