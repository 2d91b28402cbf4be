import path from "node:path";
import type { ClassifierHandler } from "../function/src/handler.js";

export const repoRoot = path.resolve(__dirname, "..");

/**
 * Imports the function's own entry point (function/src/index.ts), as the image's CMD does with the compiled one:
 * settings from the environment, model from MODEL_DIR (here the bundled models/ unless set), loaded at import.
 */
export async function loadHandler(): Promise<ClassifierHandler> {
  process.env.MODEL_DIR ??= path.join(repoRoot, "models");
  const entry = (await import("../function/src/index.js")) as { handler: ClassifierHandler };
  return entry.handler;
}
