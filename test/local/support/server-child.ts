import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { connect } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freeLoopbackPort } from "../../../bench/load/free-port.js";
import { FUNCTION_SETTINGS } from "../../setup/isolate-environment.js";
import { bundledModelDir, repoRoot } from "../../function/support/paths.js";

/** The local server in its own process, started as `npm start` or as the command package.json's start runs. */
export interface StartedServer {
  child: ChildProcess;
  port: number;
  /** Everything written to stdout and stderr so far. */
  output: () => string;
}

/**
 * Starts `npm start` (`how: "npm"`) or the node command it runs (`how: "node"`) on a free port and waits until
 * GET /health answers. The bundled model; the function's settings only as `env` gives them.
 */
export async function startServer(
  how: "npm" | "node",
  env: Record<string, string> = {},
): Promise<StartedServer> {
  const port = await freeLoopbackPort();
  const baseEnv: Record<string, string | undefined> = { ...process.env };
  for (const name of FUNCTION_SETTINGS) delete baseEnv[name];
  const childEnv = {
    ...baseEnv,
    // npm runs the start script with the node first on PATH: this one.
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
    PORT: String(port),
    MODEL_DIR: bundledModelDir,
    ...env,
  };
  const [command, args] =
    how === "npm"
      ? ["npm", ["start", "--silent"]]
      : [process.execPath, ["--import", "tsx", path.join("local", "server.ts")]];
  const child = spawn(command, args, { cwd: repoRoot, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      await response.arrayBuffer();
      if (response.status === 200) return { child, port, output: () => output };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill("SIGKILL");
  throw new Error(`the server was not ready within 60 s:\n${output}`);
}

/** The pids of `pid`'s children. */
export function childPids(pid: number): number[] {
  try {
    return execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" })
      .split("\n")
      .map((line) => Number(line.trim()))
      .filter((child) => child > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

/** Whether a process with this pid still exists (a zombie counts until its parent reaps it). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits for `pid` to be gone, up to `timeoutMs`; true when it is. */
export async function waitGone(pid: number, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await sleep(50);
  }
  return !isRunning(pid);
}

/** Whether anything accepts a TCP connection on 127.0.0.1:`port`. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** The exit code and signal of `child`, once it has exited. */
export async function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode === null && child.signalCode === null) await once(child, "exit");
  return { code: child.exitCode, signal: child.signalCode };
}
