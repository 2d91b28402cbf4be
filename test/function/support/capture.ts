import assert from "node:assert/strict";

export interface Captured<T> {
  result: T;
  stdout: string;
  stderr: string;
}

type Write = typeof process.stdout.write;

/**
 * Runs `action` with process.stdout and process.stderr writes captured instead of printed. Powertools Logger
 * writes through a Console built on these two streams, so its lines land here: INFO on stdout, ERROR on stderr.
 */
export async function captureOutput<T>(action: () => Promise<T>): Promise<Captured<T>> {
  const streams = { stdout: process.stdout, stderr: process.stderr };
  const chunks = { stdout: [] as string[], stderr: [] as string[] };
  // Only the own property is replaced (write normally comes from the stream's prototype), and put back after.
  const saved = {
    stdout: Object.getOwnPropertyDescriptor(streams.stdout, "write"),
    stderr: Object.getOwnPropertyDescriptor(streams.stderr, "write"),
  };
  const spy =
    (into: string[]): Write =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      into.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const callback = rest.find((arg): arg is () => void => typeof arg === "function");
      callback?.();
      return true;
    };
  streams.stdout.write = spy(chunks.stdout);
  streams.stderr.write = spy(chunks.stderr);
  try {
    const result = await action();
    return { result, stdout: chunks.stdout.join(""), stderr: chunks.stderr.join("") };
  } finally {
    for (const name of ["stdout", "stderr"] as const) {
      const descriptor = saved[name];
      if (descriptor === undefined) Reflect.deleteProperty(streams[name], "write");
      else Object.defineProperty(streams[name], "write", descriptor);
    }
  }
}

/** Every line of `text` as a JSON object: fails on a line that is not one (the logs must be structured). */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const value: unknown = JSON.parse(line);
      assert.ok(
        typeof value === "object" && value !== null && !Array.isArray(value),
        `not a JSON object: ${line}`,
      );
      return value as Record<string, unknown>;
    });
}
