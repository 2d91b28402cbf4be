import { createRequire } from "node:module";
import type * as PowertoolsLogger from "@aws-lambda-powertools/logger";
import type * as PowertoolsMetrics from "@aws-lambda-powertools/metrics";
import type * as OnnxRuntime from "onnxruntime-node";
import type * as Tokenizers from "tokenizers";
import { NativeModuleError } from "./errors.js";

/*
 * The function's runtime dependencies, loaded with `require` (their CommonJS builds) instead of `import`.
 * onnxruntime-node and tokenizers are CommonJS only, and Node's ES module loader imports CommonJS through
 * cjs-module-lexer, parsing each module and every module it re-exports (onnxruntime-node re-exports all of
 * onnxruntime-common) before running it; Powertools' ES build is many small modules linked one by one. For the same
 * code, `require` skips all of that, which shortens every cold start (docs/benchmarks.md has the measurement): init
 * duration Lambda bills and which, with less than a full vCPU, stretches by the CPU share.
 * Types still come from the packages themselves (`import type`), so nothing else changes.
 */
const require = createRequire(import.meta.url);

/** Plain JavaScript, needed before anything can be logged: loaded with this module. */
export const powertoolsLogger = require("@aws-lambda-powertools/logger") as typeof PowertoolsLogger;
export const powertoolsMetrics = require("@aws-lambda-powertools/metrics") as typeof PowertoolsMetrics;

/** The two packages with native bindings (a `.node` file each, built for one OS, CPU and libc). */
export interface NativeModules {
  onnxruntime: typeof OnnxRuntime;
  tokenizers: typeof Tokenizers;
}

/** How a package is loaded: `require`, or a test's stand-in that fails the way a broken binding does. */
export type ModuleLoader = (name: string) => unknown;

let loaded: NativeModules | undefined;

/**
 * onnxruntime-node and tokenizers, loaded on first call rather than at import: a binding that cannot load (a wrong
 * architecture or libc in the image, a missing `.node` file) then throws inside init, after the logger exists, so
 * init logs `model load failed` and the failed-init alarm sees it. Later calls return the same modules.
 *
 * @example
 * nativeModules().onnxruntime.Tensor; // [class Tensor]
 * // a broken binding: NativeModuleError: onnxruntime-node could not be loaded (<the loader's message>); ...
 */
export function nativeModules(): NativeModules {
  loaded ??= loadNativeModules(require);
  return loaded;
}

/** Loads both packages with `load`, each failure a NativeModuleError naming the package. */
export function loadNativeModules(load: ModuleLoader): NativeModules {
  return {
    onnxruntime: loadNative(load, "onnxruntime-node") as typeof OnnxRuntime,
    tokenizers: loadNative(load, "tokenizers") as typeof Tokenizers,
  };
}

function loadNative(load: ModuleLoader, name: string): unknown {
  try {
    return load(name);
  } catch (error) {
    throw new NativeModuleError(name, error);
  }
}
