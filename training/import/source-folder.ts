import path from "node:path";
import { readJsonObject } from "../../function/src/model/model-config.js";
import { hasEntry, readModelFile, resolveModelFolder } from "../../function/src/model/model-files.js";
import { ImportError } from "./errors";
import type { JsonObject } from "./json-files";

/** What a source folder holds: the original pipeline's output, or a Hugging Face / Optimum export. */
export interface SourceFolder {
  dir: string;
  /** The folder's real path: the output must not be inside it, whatever path leads there. */
  realDir: string;
  modelFile: string;
  /** model.onnx's bytes, read once within bounds: the copy is written from them, never from the path. */
  model: Buffer;
  /** tokenizer.json wins when both are there: it is the tokenizer the export was made with. */
  tokenizer: { kind: "tokenizer.json"; file: string } | { kind: "vocab.txt"; file: string };
  config: JsonObject | undefined;
  tokenizerConfig: JsonObject | undefined;
}

/**
 * Reads a source folder within the same bounds as the function reads a model folder (model-files.ts): regular
 * files inside it, each under its size limit; a symlink leading out of it is refused, never followed.
 */
export function readSourceFolder(dir: string): SourceFolder {
  const realDir = resolveModelFolder(dir, "the source folder");
  const modelFile = path.join(dir, "model.onnx");
  const model = readModelFile(dir, "model.onnx");
  if (model === undefined) {
    throw new ImportError(modelFile, "not found: the source folder must hold the exported model.onnx");
  }
  return {
    dir,
    realDir,
    modelFile,
    model,
    tokenizer: findTokenizer(dir),
    config: readJsonObject(dir, "config.json"),
    tokenizerConfig: readJsonObject(dir, "tokenizer_config.json"),
  };
}

function findTokenizer(dir: string): SourceFolder["tokenizer"] {
  if (hasEntry(dir, "tokenizer.json"))
    return { kind: "tokenizer.json", file: path.join(dir, "tokenizer.json") };
  if (hasEntry(dir, "vocab.txt")) return { kind: "vocab.txt", file: path.join(dir, "vocab.txt") };
  throw new ImportError(
    dir,
    "holds neither vocab.txt nor tokenizer.json: copy the tokenizer the model was trained with next to model.onnx " +
      "(tokenizer.save_pretrained(<folder>) writes both)",
  );
}
