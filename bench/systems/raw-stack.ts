import path from "node:path";
import { floorSessionOptions } from "./session-options.js";
import { loadFunctionStack, type OrtModule, type OrtSession, type Tokenizer } from "./function-stack.js";
import { readLabels } from "./model-config.js";
import type { SystemLocations } from "./types.js";

/** Longest input the service accepts (the original predictor's max_length, BERT-tiny's trained length). */
export const maxTokens = 128;

export interface RawStack {
  ort: OrtModule;
  tokenizer: Tokenizer;
  session: OrtSession;
  outputName: string;
  labels: string[];
}

/**
 * The function's own onnxruntime-node and tokenizers, used directly (no handler code): the tokenizer truncating at
 * maxTokens and padding as `padding` says, the session with the floor's options, and the labels of config.json.
 */
export async function loadRawStack(
  locations: SystemLocations,
  padding: { maxLength?: number },
): Promise<RawStack> {
  const { ort, tokenizers } = loadFunctionStack(locations.functionPackageJson);
  const tokenizer = tokenizers.Tokenizer.fromFile(path.join(locations.modelDir, "tokenizer.json"));
  tokenizer.setTruncation(maxTokens);
  tokenizer.setPadding(padding);
  const session = await ort.InferenceSession.create(
    path.join(locations.modelDir, "model.onnx"),
    floorSessionOptions,
  );
  const outputName = session.outputNames[0];
  if (outputName === undefined) throw new Error("model.onnx declares no output");
  return { ort, tokenizer, session, outputName, labels: readLabels(locations.modelDir) };
}
