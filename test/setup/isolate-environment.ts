import { SETTINGS } from "../../function/src/setting-definitions.js";

/**
 * Loaded by .mocharc.json before any test: the function's settings exported in the user's shell (MODEL_DIR above
 * all) would otherwise change what `npm test` tests, in this process and in every child that inherits its
 * environment. Tests that need a setting pass it explicitly.
 */
export const FUNCTION_SETTINGS: readonly string[] = [
  ...Object.values(SETTINGS).map((setting) => setting.env),
  // Where the function resolves MODEL_DIR from, as Lambda sets it.
  "LAMBDA_TASK_ROOT",
];

for (const name of FUNCTION_SETTINGS) delete process.env[name];
