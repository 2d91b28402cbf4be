import { copyFileSync, existsSync } from "node:fs";
import path from "node:path";
import { messageOf, ModelLoadError } from "../../function/src/model/errors.js";
import { Predictor, type LabelScore, type ModelInfo } from "../../function/src/model/predictor.js";
import type { InferenceSession } from "../../function/node_modules/onnxruntime-node/dist/index.js";
import { loadOnnxRuntime } from "../function-packages";
import { ImportError } from "./errors";
import { chooseLabels, type ChosenLabels } from "./labels";
import { writeJson, type JsonObject } from "./json-files";
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
const PASSED_THROUGH = ["vocab.txt", "special_tokens_map.json"];

/**
 * Writes a model folder the function serves, from the original pipeline's output (model.onnx and vocab.txt, and
 * the base model's config.json / tokenizer_config.json when present) or a Hugging Face / Optimum export
 * (model.onnx, tokenizer.json, config.json). The source is only read. The new folder appears only after the
 * function's own Predictor has loaded it and answered.
 *
 * @example
 * await importModel({ source: "original-output", out: "my-model" });
 * // my-model/ holds model.onnx, tokenizer.json, config.json, tokenizer_config.json, vocab.txt
 */
export async function importModel(options: ImportOptions): Promise<ImportResult> {
  const log = options.log ?? (() => undefined);
  const out = path.resolve(options.out);
  const sourceDir = path.resolve(options.source);
  const relative = path.relative(sourceDir, out);
  const outside = relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  if (!outside) {
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
  const declared = await readDeclaredShapes(source.modelFile, labels);
  const files = tokenizerFiles(source, log);
  const config = importedConfig(source.config, labels.labels, files.padId);

  return writeFolderAtomically(out, async (dir) => {
    copyFileSync(source.modelFile, path.join(dir, "model.onnx"));
    files.write(dir);
    writeJson(path.join(dir, "config.json"), config);
    for (const name of PASSED_THROUGH) {
      const file = path.join(source.dir, name);
      if (existsSync(file) && !existsSync(path.join(dir, name))) copyFileSync(file, path.join(dir, name));
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
async function readDeclaredShapes(modelFile: string, labels: ChosenLabels): Promise<string[]> {
  let session: InferenceSession;
  try {
    session = await loadOnnxRuntime().InferenceSession.create(modelFile);
  } catch (error) {
    throw new ImportError(modelFile, `not a loadable ONNX model (${messageOf(error)})`, { cause: error });
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
