import { argmaxRows, encodingsToFeeds } from "./feeds.js";
import type { OrtTensor } from "./function-stack.js";
import { loadRawStack } from "./raw-stack.js";
import type { BenchSystem, SystemLocations } from "./types.js";

export { maxTokens } from "./raw-stack.js";

export interface FloorOptions {
  /**
   * false: the bare floor, one `session.run` on tensors built beforehand (the physical floor of a request);
   * true: "floor + tokenizer", `tokenizers` encode on every call before the same run.
   */
  tokenizer: boolean;
}

/**
 * The least this stack can do. The int64 tensors of each distinct input are built the first time it is seen (in
 * the warm-up, or in cold init for the first answer) and reused, so the timed calls of the bare floor pay only
 * `session.run` (one intra-op thread, floorSessionOptions), and those of floor + tokenizer the encode and the run:
 * no tensor building, no validation, no softmax, no labels, no JSON. Everything the handler does on top of the
 * bare floor is its overhead; floor + tokenizer shows how much of it is the tokenizer.
 */
export async function createFloor(
  locations: SystemLocations,
  options: FloorOptions,
): Promise<BenchSystem<OrtTensor, OrtTensor>> {
  // Pad a batch to its longest member, like the handler.
  const { ort, tokenizer, session, outputName, labels } = await loadRawStack(locations, {});

  // Keyed by the input: a sentence, or the batch array itself (the bench passes the same array every time).
  const prebuilt = new Map<string | readonly string[], Record<string, OrtTensor>>();
  const run = async (feeds: Record<string, OrtTensor>): Promise<OrtTensor> =>
    (await session.run(feeds))[outputName] as OrtTensor;
  const feedsOf = async (
    key: string | readonly string[],
    encode: () => Promise<Parameters<typeof encodingsToFeeds>[2]>,
  ): Promise<Record<string, OrtTensor>> => {
    const built = prebuilt.get(key);
    if (built !== undefined && !options.tokenizer) return built;
    const encodings = await encode();
    if (built !== undefined) return built;
    const feeds = encodingsToFeeds(ort, session.inputNames, encodings);
    prebuilt.set(key, feeds);
    return feeds;
  };
  return {
    classify: async (sentence) =>
      run(await feedsOf(sentence, async () => [await tokenizer.encode(sentence)])),
    classifyBatch: async (sentences) =>
      run(await feedsOf(sentences, () => tokenizer.encodeBatch([...sentences]))),
    topLabel: (logits) => labels[argmaxRows(logits)[0] ?? -1] ?? "?",
  };
}
