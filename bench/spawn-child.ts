import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, fstatSync, mkdtempSync, openSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import {
  childRequestEnv,
  type BlockCommand,
  type BlockMessage,
  type ChildMessage,
  type ChildRequest,
  type FirstAnswerMessage,
  type ResultMessage,
} from "./child-protocol.js";

export interface SpawnOptions {
  childScript: string;
  request: ChildRequest;
  /** A cgroup `cgroup.procs` file the child joins before exec, so even its start-up runs under the CPU quota. */
  cgroupProcsFile?: string | undefined;
  /** Extra environment (Lambda's AWS_LAMBDA_FUNCTION_MEMORY_SIZE for the quota being modelled). */
  env?: Record<string, string> | undefined;
  timeoutMs: number;
}

/** A child that has answered its first sentence. */
export interface RunningChild {
  /** Wall clock from spawn() in the parent to the child's first-answer message: process start to first answer. */
  coldInitMs: number;
  firstAnswer: FirstAnswerMessage;
  block(command: Omit<BlockCommand, "type">): Promise<BlockMessage>;
  /** Asks for the labels and peak RSS, waits for the child to exit; also reports the bytes it logged. */
  finish(): Promise<ResultMessage & { stdoutBytes: number }>;
  /** Waits for a cold child (which exits after its first answer) to be gone. */
  exited(): Promise<void>;
  /** Ends the child if it still runs (after a failure elsewhere), and waits for it to be gone. */
  kill(): Promise<void>;
}

/** Starts one fresh `node` child and resolves once it has answered its first sentence. */
export function startChild(options: SpawnOptions): Promise<RunningChild> {
  const env = { ...process.env, ...options.env, [childRequestEnv]: JSON.stringify(options.request) };
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
   * log pipe's reader runs outside the function's CPU allocation.
   */
  const logDir = mkdtempSync(path.join(os.tmpdir(), "cola-bench-"));
  const stdoutFd = openSync(path.join(logDir, "stdout"), "w");
  let stdoutBytes = 0;
  const cleanUp = (): void => {
    stdoutBytes = fstatSync(stdoutFd).size;
    closeSync(stdoutFd);
    rmSync(logDir, { recursive: true, force: true });
  };

  const started = performance.now();
  const child: ChildProcess = spawn(command, args, { env, stdio: ["ignore", stdoutFd, "pipe", "ipc"] });
  const label = `${options.request.system} child`;
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    if (stderr.length < 20_000) stderr += chunk.toString("utf8");
  });

  // Messages wait in `inbox` until someone asks; a failure or exit rejects every later ask.
  const inbox: ChildMessage[] = [];
  let waiting: { resolve: (m: ChildMessage) => void; reject: (e: Error) => void } | undefined;
  let failure: Error | undefined;
  const fail = (error: Error): void => {
    failure ??= error;
    waiting?.reject(failure);
    waiting = undefined;
  };
  const timer = setTimeout(() => {
    fail(new Error(`${label} timed out after ${options.timeoutMs} ms`));
    child.kill("SIGKILL");
  }, options.timeoutMs);
  const exit = new Promise<void>((resolve) =>
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      cleanUp();
      if (code !== 0) fail(new Error(`${label} exited (code ${code}, signal ${signal})\n${stderr}`));
      else fail(new Error(`${label} exited`));
      resolve();
    }),
  );
  child.on("error", (error) => fail(error));
  child.on("message", (message: ChildMessage) => {
    if (message.type === "error") {
      fail(new Error(`${label} failed: ${message.message}\n${stderr}`));
      return;
    }
    if (waiting !== undefined) {
      const { resolve } = waiting;
      waiting = undefined;
      resolve(message);
    } else inbox.push(message);
  });
  const next = (): Promise<ChildMessage> => {
    const queued = inbox.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (failure !== undefined) return Promise.reject(failure);
    return new Promise((resolve, reject) => (waiting = { resolve, reject }));
  };
  const expect = async <T extends ChildMessage["type"]>(
    type: T,
  ): Promise<Extract<ChildMessage, { type: T }>> => {
    const message = await next();
    if (message.type !== type) throw new Error(`${label}: expected a ${type} message, got ${message.type}`);
    return message as Extract<ChildMessage, { type: T }>;
  };

  return expect("first-answer").then((firstAnswer) => ({
    coldInitMs: performance.now() - started,
    firstAnswer,
    block: async (blockCommand) => {
      child.send({ type: "block", ...blockCommand });
      return expect("block");
    },
    finish: async () => {
      child.send({ type: "finish" });
      const result = await expect("result");
      await exit;
      return { ...result, stdoutBytes };
    },
    exited: () => exit,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exit;
    },
  }));
}
