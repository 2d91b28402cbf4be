/**
 * Loaded by .mocharc.json before any test: the function's settings exported in the user's shell (MODEL_DIR above
 * all) would otherwise change what `npm test` tests, in this process and in every child that inherits its
 * environment. Tests that need a setting pass it explicitly.
 */
export const FUNCTION_SETTINGS = [
  "MODEL_DIR",
  "MAX_LENGTH",
  "MAX_SENTENCES",
  "MAX_SENTENCE_CHARS",
  "MAX_BODY_BYTES",
  "LOG_LEVEL",
  "LOG_INPUTS",
  "POWERTOOLS_SERVICE_NAME",
  "LAMBDA_TASK_ROOT",
] as const;

for (const name of FUNCTION_SETTINGS) delete process.env[name];
