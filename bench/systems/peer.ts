import type { TextClassificationOutput } from "@huggingface/transformers";
import { topScoringLabel } from "./softmax-labels.js";
import type { BenchSystem, SystemLocations } from "./types.js";

/**
 * The peer users would otherwise pick: transformers.js's text-classification pipeline on the same model folder.
 * Fully offline: remote models and every cache are switched off, and the absolute folder path is used, so the
 * library reads exactly models/{config,tokenizer,tokenizer_config}.json and models/model.onnx (`subfolder: ""`
 * instead of its default `onnx/`, `dtype: "fp32"` so it picks model.onnx rather than a quantized variant).
 * `top_k: null` returns every label with its score, the same information ours returns.
 */
export async function createPeer(
  locations: SystemLocations,
): Promise<BenchSystem<TextClassificationOutput, TextClassificationOutput[]>> {
  const { env, pipeline } = await import("@huggingface/transformers");
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.useFSCache = false;
  env.useBrowserCache = false;
  const classifier = await pipeline("text-classification", locations.modelDir, {
    subfolder: "",
    dtype: "fp32",
    device: "cpu",
    local_files_only: true,
  });
  return {
    classify: (sentence) => classifier(sentence, { top_k: null }),
    classifyBatch: (sentences) => classifier([...sentences], { top_k: null }),
    topLabel: (answer) => topScoringLabel(answer),
  };
}
