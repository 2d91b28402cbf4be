/**
 * floor: one bare `session.run` on pre-built tensors; floor-tokenizer: the same plus `tokenizers` encode; peer and
 * peer-1thread: transformers.js with onnxruntime's default threads, and with one intra-op thread.
 */
export const systemNames = ["floor", "floor-tokenizer", "ours", "peer", "peer-1thread", "original"] as const;
export type SystemName = (typeof systemNames)[number];

/** Where a system finds what it loads; passed from the parent so compiled children need no path guessing. */
export interface SystemLocations {
  modelDir: string;
  /** function/package.json: anchor for resolving function's own onnxruntime-node and tokenizers. */
  functionPackageJson: string;
  /** bench/package.json: anchor for resolving the bench's own dependencies (the peer's transformers.js). */
  benchPackageJson: string;
  /** The compiled handler module (tsc output of function/src), loaded like the image's CMD loads it. */
  handlerModule: string;
}

/**
 * One system under test. `classify`/`classifyBatch` are what the clock measures; `topLabels` reads the answer
 * afterwards (outside the timed region) so the parent can check that every system agrees on the labels.
 */
export interface BenchSystem<Answer = unknown, BatchAnswer = unknown> {
  classify(sentence: string): Promise<Answer>;
  classifyBatch(sentences: readonly string[]): Promise<BatchAnswer>;
  topLabel(answer: Answer): string;
}
