import { encodingsToFeeds } from "./feeds.js";
import { loadRawStack, maxTokens } from "./raw-stack.js";
import { softmaxLabelRows, topScoringLabel, type LabelScore } from "./softmax-labels.js";
import type { BenchSystem, SystemLocations } from "./types.js";

/**
 * The original Python predictor's method on our stack: `truncation=True, padding="max_length", max_length=128`,
 * so every sentence costs 128 positions of attention and feed-forward, then softmax into `{label, score}` pairs.
 * Same runtime and model as ours, and the same softmax and labels (re-implemented in softmax-labels.ts: this
 * CommonJS child cannot import the function's ES modules): the difference to ours is what dynamic padding saves.
 */
export async function createOriginal(
  locations: SystemLocations,
): Promise<BenchSystem<LabelScore[][], LabelScore[][]>> {
  const { ort, tokenizer, session, outputName, labels } = await loadRawStack(locations, {
    maxLength: maxTokens,
  });

  const run = async (encodings: Parameters<typeof encodingsToFeeds>[2]): Promise<LabelScore[][]> => {
    const outputs = await session.run(encodingsToFeeds(ort, session.inputNames, encodings));
    const logits = outputs[outputName];
    if (logits === undefined) throw new Error(`session returned no ${outputName}`);
    return softmaxLabelRows(logits, labels);
  };
  return {
    classify: async (sentence) => run([await tokenizer.encode(sentence)]),
    classifyBatch: async (sentences) => run(await tokenizer.encodeBatch([...sentences])),
    topLabel: (rows) => topScoringLabel(rows[0] ?? []),
  };
}
