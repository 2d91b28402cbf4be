import { existsSync, realpathSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ModelLoadError } from "../../function/src/model/errors.js";
import { isInside, readModelFile, resolveModelFolder } from "../../function/src/model/model-files.js";
import { Predictor, type LabelScore, type ModelInfo } from "../../function/src/model/predictor.js";
import type { InferenceSession } from "../../function/node_modules/onnxruntime-node/dist/index.js";
import { loadOnnxRuntime } from "../function-packages";
import { ImportError } from "./errors";
import { chooseLabels, type ChosenLabels } from "./labels";
import { writeJson, type JsonObject } from "./json-files";
import { notOnnx } from "../../function/src/model/session.js";
import { readSourceFolder } from "./source-folder";
import { tokenizerFiles } from "./tokenizer-files";
import { assertNewFolder, writeFolderAtomically } from "./write-folder";

export interface ImportOptions {
  source: string;
  out: string;
  /** `--labels`, in the model's output order. */
  labels?: string[] | undefined;
  /** Progress and notices, one line each. */
  log?: (line: string) => void;
}

export interface ImportResult {
  labels: ChosenLabels;
  /** Each input's and the output's declared shape, e.g. `input_ids [batch_size, 128]`. */
  declared: string[];
  info: ModelInfo;
  sample: { sentence: string; scores: LabelScore[] }[];
}

/** Sentences the imported model is tried on at the end: one acceptable, one not. */
export const SAMPLE_SENTENCES = ["The book was written by a student.", "Book the student a by written was."];

/** Files of a model folder copied as they are when the source has them (tokenizer.json etc. are decided below). */
const PASSED_THROUGH = ["vocab.txt", "special_tokens_map.json"] as const;

/**
 * Writes a model folder the function serves, from the original pipeline's output (model.onnx and vocab.txt, and
 * the base model's config.json / tokenizer_config.json when present) or a Hugging Face / Optimum export
 * (model.onnx, tokenizer.json, config.json). The source is only read, within the function's bounds (model-files.ts):
 * what is copied is the bytes read from regular files inside it. The new folder appears only after the function's
 * own Predictor has loaded it and answered. Every refusal is an ImportError naming the file.
 *
 * @example
 * await importModel({ source: "original-output", out: "my-model" });
 * // my-model/ holds model.onnx, tokenizer.json, config.json, tokenizer_config.json, vocab.txt
 */
export async function importModel(options: ImportOptions): Promise<ImportResult> {
  try {
    return await importFolder(options);
  } catch (error) {
    // The function's own readers and loader refuse with a ModelLoadError; the importer's callers get one kind.
    if (error instanceof ModelLoadError && !(error instanceof ImportError)) {
      throw new ImportError(error.file, error.message.slice(error.file.length + 2), { cause: error });
    }
    throw error;
  }
}

async function importFolder(options: ImportOptions): Promise<ImportResult> {
  const log = options.log ?? (() => undefined);
  const out = path.resolve(options.out);
  // Real paths on both sides: a source given through a symlink must not let the output land inside the real one.
  const sourceDir = resolveModelFolder(options.source, "the source folder");
  if (isInside(sourceDir, realPathToBe(out))) {
    throw new ImportError(
      options.out,
      `is inside the source folder ${options.source}; the source is never written to`,
    );
  }
  assertNewFolder(options.out);
  const source = readSourceFolder(options.source);
  const labels = chooseLabels(source.config, options.labels);
  if (labels.from === "the CoLA default") {
    log(
      `notice: no labels in config.json "id2label" and no --labels: using CoLA's, ${labels.labels.join(",")}`,
    );
  }
  const declared = await readDeclaredShapes(source.modelFile, source.model, labels);
  const files = tokenizerFiles(source, log);
  const config = importedConfig(source.config, labels.labels, files.padId);

  return writeFolderAtomically(out, async (dir) => {
    writeFileSync(path.join(dir, "model.onnx"), source.model);
    files.write(dir);
    writeJson(path.join(dir, "config.json"), config);
    for (const name of PASSED_THROUGH) {
      const bytes = existsSync(path.join(dir, name)) ? undefined : readModelFile(source.dir, name);
      if (bytes !== undefined) writeFileSync(path.join(dir, name), bytes);
    }
    const predictor = await loadImported(dir, out);
    const scores = await predictor.predict(SAMPLE_SENTENCES);
    return {
      labels,
      declared,
      info: predictor.info,
      sample: SAMPLE_SENTENCES.map((sentence, i) => ({ sentence, scores: scores[i] ?? [] })),
    };
  });
}

/** The declared input and output shapes; an output width that cannot match the labels fails before writing. */
async function readDeclaredShapes(modelFile: string, model: Buffer, labels: ChosenLabels): Promise<string[]> {
  let session: InferenceSession;
  try {
    session = await loadOnnxRuntime().InferenceSession.create(model);
  } catch (error) {
    throw new ImportError(modelFile, notOnnx(error), { cause: error });
  }
  const describe = (value: InferenceSession.ValueMetadata) =>
    `${value.name} ${value.isTensor ? `[${value.shape.join(", ")}]` : "(not a tensor)"}`;
  const declared = [...session.inputMetadata.map(describe), ...session.outputMetadata.map(describe)];
  const output = session.outputMetadata[0];
  const width = output?.isTensor ? output.shape[1] : undefined;
  if (output !== undefined && typeof width === "number" && width !== labels.labels.length) {
    const fix =
      labels.from === "config.json id2label"
        ? 'fix config.json "id2label"'
        : `give --labels with ${width} names`;
    throw new ImportError(
      modelFile,
      `output "${output.name}" gives ${width} scores per sentence but there are ${labels.labels.length} labels (${labels.labels.join(",")}, from ${labels.from}): ${fix}`,
    );
  }
  await session.release();
  return declared;
}

/** `file`'s real path once it exists: its nearest existing ancestor's real path, and the rest as given. */
function realPathToBe(file: string): string {
  const missing: string[] = [];
  let existing = file;
  while (!existsSync(existing) && path.dirname(existing) !== existing) {
    missing.unshift(path.basename(existing));
    existing = path.dirname(existing);
  }
  return path.join(realpathSync(existing), ...missing);
}

/** The source's config.json (or a minimal BERT one) with the chosen labels and the padding id. */
function importedConfig(
  config: JsonObject | undefined,
  labels: string[],
  padId: number | undefined,
): JsonObject {
  const base: JsonObject = config ?? { architectures: ["BertForSequenceClassification"], model_type: "bert" };
  return {
    ...base,
    ...(base.pad_token_id === undefined && padId !== undefined ? { pad_token_id: padId } : {}),
    id2label: Object.fromEntries(labels.map((label, id) => [String(id), label])),
    label2id: Object.fromEntries(labels.map((label, id) => [label, id])),
  };
}

/** The function's own loader on the new folder; its messages name the folder the user asked for. */
async function loadImported(dir: string, out: string): Promise<Predictor> {
  try {
    return await Predictor.load(dir);
  } catch (error) {
    if (!(error instanceof ModelLoadError)) throw error;
    throw new ImportError(
      path.join(out, path.relative(dir, error.file)),
      `${error.message.slice(error.file.length + 2)} (the function would refuse this folder; nothing was written)`,
      { cause: error },
    );
  }
}
