/**
 * The native packages live in function/node_modules only (they are the function's dependencies, the root package
 * does not install them). The training scripts need two things the function's loader does not offer: the
 * vocabulary trainer and raw logits for the parity check, so they resolve the packages from function/.
 */
import { createRequire } from "node:module";
import path from "node:path";

import type * as OnnxRuntime from "../function/node_modules/onnxruntime-node/dist/index.js";
import type * as Tokenizers from "../function/node_modules/tokenizers/index.js";

const requireFromFunction = createRequire(path.resolve(__dirname, "..", "function", "package.json"));

export function loadTokenizers(): typeof Tokenizers {
  return requireFromFunction("tokenizers") as typeof Tokenizers;
}

export function loadOnnxRuntime(): typeof OnnxRuntime {
  return requireFromFunction("onnxruntime-node") as typeof OnnxRuntime;
}
