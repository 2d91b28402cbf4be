import { spawn } from "node:child_process";
import { FUNCTION_SETTINGS } from "../../setup/isolate-environment.js";
import { repoRoot } from "./paths.js";

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node --import tsx <args>` from the repository root and collects its exit code and output. */
export function runTsx(
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<ChildResult> {
  // A child starts without the function's settings, so only what a test sets applies.
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
