import { createRequire } from "node:module";
import { topScoringLabel, type LabelScore } from "./softmax-labels.js";
import type { BenchSystem, SystemLocations } from "./types.js";

/**
 * The part of @huggingface/transformers used here. It is a bench dependency (bench/package.json), resolved from
 * there at run time and typed here, so the root typechecks and tests without it installed.
 */
interface Transformers {
  env: {
    allowRemoteModels: boolean;
    allowLocalModels: boolean;
    useFSCache: boolean;
    useBrowserCache: boolean;
  };
  pipeline: (
    task: "text-classification",
    model: string,
    options: {
      subfolder: string;
      dtype: string;
      device: string;
      local_files_only: boolean;
      session_options?: { intraOpNumThreads: number };
    },
  ) => Promise<TextClassifier>;
}
type TextClassifier = {
  (text: string, options: { top_k: null }): Promise<LabelScore[]>;
  (texts: string[], options: { top_k: null }): Promise<LabelScore[][]>;
};

/**
 * The peer users would otherwise pick: transformers.js's text-classification pipeline on the same model folder.
 * Fully offline: remote models and every cache are switched off, and the absolute folder path is used, so the
 * library reads exactly models/{config,tokenizer,tokenizer_config}.json and models/model.onnx (`subfolder: ""`
 * instead of its default `onnx/`, `dtype: "fp32"` so it picks model.onnx rather than a quantized variant).
 * `top_k: null` returns every label with its score, the same information ours returns. Measured twice: with the
 * library's own session options (what a user of it gets: onnxruntime's default threads, which on a host showing
 * two cores means a second, spinning intra-op thread), and with one intra-op thread (what a user who tunes it for
 * Lambda's one vCPU would set), so no claim against the peer rests on its thread default alone.
 */
export async function createPeer(
  locations: SystemLocations,
  options: { threads: "default" | 1 },
): Promise<BenchSystem<LabelScore[], LabelScore[][]>> {
  const { env, pipeline } = createRequire(locations.benchPackageJson)(
    "@huggingface/transformers",
  ) as Transformers;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.useFSCache = false;
  env.useBrowserCache = false;
  const classifier = await pipeline("text-classification", locations.modelDir, {
    subfolder: "",
    dtype: "fp32",
    device: "cpu",
    local_files_only: true,
    ...(options.threads === 1 ? { session_options: { intraOpNumThreads: 1 } } : {}),
  });
  return {
    classify: (sentence) => classifier(sentence, { top_k: null }),
    classifyBatch: (sentences) => classifier([...sentences], { top_k: null }),
    topLabel: (answer) => topScoringLabel(answer),
  };
}
