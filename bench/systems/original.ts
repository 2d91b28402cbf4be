import path from "node:path";
import { encodingsToFeeds } from "./feeds.js";
import { maxTokens } from "./floor.js";
import { floorSessionOptions } from "./session-options.js";
import { loadFunctionStack } from "./function-stack.js";
import { readLabels } from "./model-config.js";
import { softmaxLabelRows, type LabelScore } from "./softmax-labels.js";
import type { BenchSystem, SystemLocations } from "./types.js";

/**
 * The original Python predictor's method on our stack: `truncation=True, padding="max_length", max_length=128`,
 * so every sentence costs 128 positions of attention and feed-forward, then softmax into `{label, score}` pairs.
 * Same runtime, model and post-processing as ours: the difference to ours is what dynamic padding saves.
 */
export async function createOriginal(
  locations: SystemLocations,
): Promise<BenchSystem<LabelScore[][], LabelScore[][]>> {
  const { ort, tokenizers } = loadFunctionStack(locations.functionPackageJson);
  const tokenizer = tokenizers.Tokenizer.fromFile(path.join(locations.modelDir, "tokenizer.json"));
  tokenizer.setTruncation(maxTokens);
  tokenizer.setPadding({ maxLength: maxTokens });
  const session = await ort.InferenceSession.create(path.join(locations.modelDir, "model.onnx"), {
    ...floorSessionOptions,
  });
  const outputName = session.outputNames[0];
  if (outputName === undefined) throw new Error("model.onnx declares no output");
  const labels = readLabels(locations.modelDir);

  const run = async (encodings: Parameters<typeof encodingsToFeeds>[2]): Promise<LabelScore[][]> => {
    const outputs = await session.run(encodingsToFeeds(ort, session.inputNames, encodings));
    const logits = outputs[outputName];
    if (logits === undefined) throw new Error(`session returned no ${outputName}`);
    return softmaxLabelRows(logits, labels);
  };
  return {
    classify: async (sentence) => run([await tokenizer.encode(sentence)]),
    classifyBatch: async (sentences) => run(await tokenizer.encodeBatch([...sentences])),
    topLabel: (rows) => {
      const scores = rows[0] ?? [];
      return scores.reduce((best, s) => (s.score > best.score ? s : best), { label: "?", score: -1 }).label;
    },
  };
}
