import path from "node:path";
import { ModelLoadError } from "./errors.js";
import { readModelConfig, type ModelConfig } from "./model-config.js";
import { readModelFile, resolveModelFolder } from "./model-files.js";
import type { Tokenizer } from "tokenizers";
import { readTokenizerFile } from "./tokenizer.js";

/** Everything a model folder holds, read and checked, before onnxruntime sees any of it. */
export interface ModelFolder {
  config: ModelConfig;
  modelFile: string;
  model: Buffer;
  tokenizerFile: string;
  tokenizer: Tokenizer;
  /** tokenizer.json as JSON: what decides whether the fast tokenizer applies. */
  tokenizerJson: unknown;
}

/**
 * Reads a model folder's files within bounds (model-files.ts) and checks each on its own: the folder exists,
 * config.json and tokenizer_config.json hold what the service needs, model.onnx is a bounded regular file, and
 * tokenizer.json parses with known-safe patterns only. The first step of `Predictor.load`; what it leaves to the
 * load is what only running the model can tell (shapes, the probe).
 */
export function readModelFolder(modelDir: string): ModelFolder {
  resolveModelFolder(modelDir, "the model folder: check MODEL_DIR, or the folder given");
  const config = readModelConfig(modelDir);
  const modelFile = path.join(modelDir, "model.onnx");
  const model = readModelFile(modelDir, "model.onnx");
  if (model === undefined) {
    throw new ModelLoadError(modelFile, "not found: the model folder needs the exported model");
  }
  const { tokenizer, json: tokenizerJson } = readTokenizerFile(modelDir);
  return {
    config,
    modelFile,
    model,
    tokenizerFile: path.join(modelDir, "tokenizer.json"),
    tokenizer,
    tokenizerJson,
  };
}
