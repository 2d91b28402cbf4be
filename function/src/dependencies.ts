import { createRequire } from "node:module";
import type * as PowertoolsLogger from "@aws-lambda-powertools/logger";
import type * as PowertoolsMetrics from "@aws-lambda-powertools/metrics";
import type * as OnnxRuntime from "onnxruntime-node";
import type * as Tokenizers from "tokenizers";

/*
 * The function's three runtime dependencies, loaded with `require` (their CommonJS builds) instead of `import`.
 * onnxruntime-node and tokenizers are CommonJS only, and Node's ES module loader imports CommonJS through
 * cjs-module-lexer, parsing each module and every module it re-exports (onnxruntime-node re-exports all of
 * onnxruntime-common) before running it; Powertools' ES build is many small modules linked one by one. For the same
 * code, `require` skips all of that, which shortens every cold start (docs/benchmarks.md has the measurement): init
 * duration Lambda bills and which, with less than a full vCPU, stretches by the CPU share.
 * Types still come from the packages themselves (`import type`), so nothing else changes.
 */
const require = createRequire(import.meta.url);

export const onnxruntime = require("onnxruntime-node") as typeof OnnxRuntime;
export const tokenizers = require("tokenizers") as typeof Tokenizers;
export const powertoolsLogger = require("@aws-lambda-powertools/logger") as typeof PowertoolsLogger;
export const powertoolsMetrics = require("@aws-lambda-powertools/metrics") as typeof PowertoolsMetrics;
