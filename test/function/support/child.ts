import { spawn } from "node:child_process";
import { repoRoot } from "./paths.js";

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The function's settings: a child starts without the parent's, so only what a test sets applies. */
const FUNCTION_SETTINGS = [
  "MODEL_DIR",
  "MAX_LENGTH",
  "MAX_SENTENCES",
  "MAX_SENTENCE_CHARS",
  "MAX_BODY_BYTES",
  "LOG_LEVEL",
  "LOG_INPUTS",
  "POWERTOOLS_SERVICE_NAME",
  "LAMBDA_TASK_ROOT",
];

/** Runs `node --import tsx <args>` from the repository root and collects its exit code and output. */
export function runTsx(
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<ChildResult> {
  const baseEnv = { ...process.env };
  for (const name of FUNCTION_SETTINGS) delete baseEnv[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], {
      cwd: repoRoot,
      env: { ...baseEnv, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: timeoutMs,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.once("error", reject);
    child.once("close", (code) =>
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      }),
    );
  });
}
