import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { modelDir as bundledModelDir, repoRoot } from "../paths.js";
import { freeLoopbackPort } from "./free-port.js";

export interface ServerProcess {
  pid: number;
  baseUrl: string;
  /** The model folder it serves: always named, so a MODEL_DIR in the user's shell never changes what is tested. */
  modelDir: string;
  /** Requests the handler has answered so far: its `"message":"request"` log lines (one per invocation). */
  handledRequests: () => number;
  stop(): Promise<void>;
}

/** Counts the handler's per-request log lines in the server's stdout, a chunk at a time. */
function requestLineCounter(): { push: (chunk: Buffer) => void; count: () => number } {
  let partial = "";
  let count = 0;
  return {
    push: (chunk) => {
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.startsWith("{")) continue;
        try {
          if ((JSON.parse(line) as { message?: unknown }).message === "request") count++;
        } catch {
          // not a log line
        }
      }
    },
    count: () => count,
  };
}

/**
 * Starts the local API (`local/server.ts`, what `npm start` runs) in its own process on a free loopback port, so
 * its RSS is measured apart from the load generator, and waits until GET /health answers 200.
 * Its stdout (one JSON log line per request) is drained and only counted, so the load test can tell that every
 * request it sent reached the handler and was answered; stderr is kept for error messages.
 */
export async function startServerProcess(
  readyTimeoutMs = 60_000,
  modelDir = bundledModelDir,
): Promise<ServerProcess> {
  const port = await freeLoopbackPort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join("local", "server.ts")], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), MODEL_DIR: modelDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  const handled = requestLineCounter();
  child.stdout?.on("data", (chunk: Buffer) => handled.push(chunk));
  child.stderr?.on("data", (chunk: Buffer) => {
    if (stderr.length < 10_000) stderr += chunk.toString("utf8");
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    await once(child, "exit");
  };

  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`local server exited with code ${child.exitCode}:\n${stderr}`);
    try {
      const response = await fetch(`${baseUrl}/health`);
      await response.arrayBuffer();
      if (response.status === 200 && child.pid !== undefined)
        return { pid: child.pid, baseUrl, modelDir, handledRequests: handled.count, stop };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`local server not ready within ${readyTimeoutMs} ms:\n${stderr}`);
}
