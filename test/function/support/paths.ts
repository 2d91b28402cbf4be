import path from "node:path";

/** Repository locations the function's tests read, resolved from this file's place in test/function/support/. */
export const repoRoot = path.resolve(__dirname, "..", "..", "..");
/** The bundled model (`npm start` and `npm run invoke` serve it); another engineer may retrain it at any time. */
export const bundledModelDir = path.join(repoRoot, "models");
/** A small classifier whose ONNX output is named `output` (as the original PyTorch export named it). */
export const outputNamedModelDir = path.join(repoRoot, "test", "fixtures", "model-output-named");
/** A small classifier that also takes `token_type_ids`. */
export const tokenTypeIdsModelDir = path.join(repoRoot, "test", "fixtures", "model-token-type-ids");
export const eventsDir = path.join(repoRoot, "test", "function", "events");
