import { existsSync } from "node:fs";
import path from "node:path";
import type { Tokenizer } from "tokenizers";
import { tokenizers } from "../dependencies.js";
import type { ModelConfig } from "./model-config.js";
import { messageOf } from "./model-config.js";
import { ModelLoadError } from "./model-load-error.js";

export interface LoadedTokenizer {
  tokenizer: Tokenizer;
  file: string;
  /** Tokens including added and special ones: the highest id the model can be fed is this minus one. */
  vocabSize: number;
  padId: number;
}

/**
 * Loads `tokenizer.json` and sets it up the way the service feeds the model: truncated to `maxLength` tokens
 * (special tokens included) and, in a batch, padded to its longest member only.
 */
export function loadTokenizer(modelDir: string, config: ModelConfig, maxLength: number): LoadedTokenizer {
  const file = path.join(modelDir, "tokenizer.json");
  if (!existsSync(file)) throw new ModelLoadError(file, "not found");
  let tokenizer: Tokenizer;
  try {
    tokenizer = tokenizers.Tokenizer.fromFile(file);
  } catch (error) {
    throw new ModelLoadError(file, `not a Hugging Face tokenizers file (${messageOf(error)})`, {
      cause: error,
    });
  }

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
  tokenizer.setPadding({ padId, padToken });
  return { tokenizer, file, vocabSize, padId };
}
