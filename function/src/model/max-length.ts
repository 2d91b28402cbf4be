import path from "node:path";
import { ModelLoadError } from "./errors.js";
import type { ModelConfig } from "./model-config.js";
import { SETTINGS } from "../setting-definitions.js";
import type { ModelShape } from "./shape.js";

/** MAX_LENGTH's default (the original predictor's `max_length`, and the length the bundled model was trained at). */
const DEFAULT_MAX_LENGTH = SETTINGS.maxLength.default;

/** A limit the model folder sets on the tokens per sentence, with the file and words that set it. */
interface LengthLimit {
  limit: number;
  file: string;
  says: string;
}

/**
 * Tokens per sentence (special tokens included): the requested MAX_LENGTH, or 128, never beyond what the model
 * folder allows: the inputs' fixed sequence length, `max_position_embeddings`, `model_max_length`.
 * A requested length beyond the tightest of them fails, naming the file that sets it and both numbers.
 */
export function resolveMaxLength(
  modelDir: string,
  config: ModelConfig,
  shape: ModelShape,
  requested: number | undefined,
): number {
  const limits: LengthLimit[] = [];
  const add = (limit: number | null | undefined, file: string, says: string): void => {
    if (limit !== null && limit !== undefined) limits.push({ limit, file: path.join(modelDir, file), says });
  };
  add(shape.sequence, "model.onnx", `its inputs have a fixed sequence length of ${shape.sequence}`);
  add(
    config.maxPositionEmbeddings,
    "config.json",
    `"max_position_embeddings" is ${config.maxPositionEmbeddings}`,
  );
  add(config.modelMaxLength, "tokenizer_config.json", `"model_max_length" is ${config.modelMaxLength}`);
  const tightest = limits.reduce<LengthLimit | undefined>(
    (best, entry) => (best === undefined || entry.limit < best.limit ? entry : best),
    undefined,
  );
  if (requested === undefined) return Math.min(DEFAULT_MAX_LENGTH, tightest?.limit ?? DEFAULT_MAX_LENGTH);
  if (tightest !== undefined && requested > tightest.limit) {
    throw new ModelLoadError(
      tightest.file,
      `${tightest.says} but the max length (MAX_LENGTH) is ${requested}; allowed: at most ${tightest.limit}`,
    );
  }
  return requested;
}
