import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { ImportError } from "./errors";
import { readOptionalJson, type JsonObject } from "./json-files";

/** What a source folder holds: the original pipeline's output, or a Hugging Face / Optimum export. */
export interface SourceFolder {
  dir: string;
  modelFile: string;
  /** tokenizer.json wins when both are there: it is the tokenizer the export was made with. */
  tokenizer: { kind: "tokenizer.json"; file: string } | { kind: "vocab.txt"; file: string };
  config: JsonObject | undefined;
  tokenizerConfig: JsonObject | undefined;
}

export function readSourceFolder(dir: string): SourceFolder {
  if (!existsSync(dir)) throw new ImportError(dir, "not found (the source folder)");
  if (!statSync(dir).isDirectory()) throw new ImportError(dir, "is not a folder (the source folder)");
  const modelFile = path.join(dir, "model.onnx");
  if (!existsSync(modelFile)) {
    throw new ImportError(modelFile, "not found: the source folder must hold the exported model.onnx");
  }
  return {
    dir,
    modelFile,
    tokenizer: findTokenizer(dir),
    config: readOptionalJson(path.join(dir, "config.json")),
    tokenizerConfig: readOptionalJson(path.join(dir, "tokenizer_config.json")),
  };
}

function findTokenizer(dir: string): SourceFolder["tokenizer"] {
  const tokenizerJson = path.join(dir, "tokenizer.json");
  if (existsSync(tokenizerJson)) return { kind: "tokenizer.json", file: tokenizerJson };
  const vocabTxt = path.join(dir, "vocab.txt");
  if (existsSync(vocabTxt)) return { kind: "vocab.txt", file: vocabTxt };
  throw new ImportError(
    dir,
    "holds neither vocab.txt nor tokenizer.json: copy the tokenizer the model was trained with next to model.onnx " +
      "(tokenizer.save_pretrained(<folder>) writes both)",
  );
}
