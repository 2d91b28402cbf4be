import { spawn } from "node:child_process";
import { closeSync, fstatSync, mkdtempSync, openSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import {
  childRequestEnv,
  type ChildMessage,
  type ChildRequest,
  type FirstAnswerMessage,
  type ResultMessage,
} from "./child-protocol.js";

export interface ChildOutcome {
  /** Wall clock from spawn() in the parent to the child's first-answer message: process start to first answer. */
  coldInitMs: number;
  firstAnswer: FirstAnswerMessage;
  result: ResultMessage;
  /** Bytes the child wrote to stdout (the handler's JSON log lines). */
  stdoutBytes: number;
}

export interface SpawnOptions {
  childScript: string;
  request: ChildRequest;
  /** A cgroup `cgroup.procs` file the child joins before exec, so even its start-up runs under the CPU quota. */
  cgroupProcsFile?: string;
  timeoutMs: number;
}

/** Starts one fresh `node` child for one measurement and collects its messages. */
export function runChild(options: SpawnOptions): Promise<ChildOutcome> {
  const env = { ...process.env, [childRequestEnv]: JSON.stringify(options.request) };
  // The shell writes its own pid into the cgroup, then exec replaces it with node: same pid, already confined.
  const [command, args] =
    options.cgroupProcsFile === undefined
      ? [process.execPath, [options.childScript]]
      : [
          "/bin/sh",
          [
            "-c",
            'echo $$ > "$1" && exec "$2" "$3"',
            "sh",
            options.cgroupProcsFile,
            process.execPath,
            options.childScript,
          ],
        ];

  /*
   * The child's stdout (the handler's log lines) goes to a temporary file, not a pipe: each line still costs the
   * child its write, but no reader in this process wakes up per line to compete for the same cores. On Lambda the
   * log pipe's reader runs outside the function's CPU allocation; a pipe read here would add the bench's own
   * scheduling noise to ours alone, the only system that logs.
   */
  const logDir = mkdtempSync(path.join(os.tmpdir(), "cola-bench-"));
  const stdoutFd = openSync(path.join(logDir, "stdout"), "w");
  const cleanUp = (): number => {
    const bytes = fstatSync(stdoutFd).size;
    closeSync(stdoutFd);
    rmSync(logDir, { recursive: true, force: true });
    return bytes;
  };

  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ["ignore", stdoutFd, "pipe", "ipc"] });
    let firstAnswer: FirstAnswerMessage | undefined;
    let coldInitMs = 0;
    let result: ResultMessage | undefined;
    let failure: string | undefined;
    let stderr = "";
    const timer = setTimeout(() => {
      failure = `timed out after ${options.timeoutMs} ms`;
      child.kill("SIGKILL");
    }, options.timeoutMs);

    child.stderr?.on("data", (chunk: Buffer) => {
      if (stderr.length < 20_000) stderr += chunk.toString("utf8");
    });
    child.on("message", (message: ChildMessage) => {
      if (message.type === "first-answer") {
        coldInitMs = performance.now() - started;
        firstAnswer = message;
      } else if (message.type === "result") result = message;
      else failure = message.message;
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      cleanUp();
      reject(error);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const stdoutBytes = cleanUp();
      const label = `${options.request.system} child`;
      if (failure !== undefined) reject(new Error(`${label} failed: ${failure}\n${stderr}`));
      else if (firstAnswer === undefined || result === undefined)
        reject(new Error(`${label} exited (code ${code}, signal ${signal}) before reporting\n${stderr}`));
      else resolve({ coldInitMs, firstAnswer, result, stdoutBytes });
    });
  });
}
