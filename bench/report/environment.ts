import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface BenchEnvironment {
  date: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  loadBefore: number[];
  loadAfter?: number[];
  versions: Record<string, string>;
  model: { path: string; bytes: number; sha256: string };
}

function packageVersion(packageJson: string): string {
  try {
    return (JSON.parse(readFileSync(packageJson, "utf8")) as { version?: string }).version ?? "?";
  } catch {
    return "not installed";
  }
}

export function describeEnvironment(repoRoot: string, modelDir: string): BenchEnvironment {
  const modelFile = path.join(modelDir, "model.onnx");
  const nm = (base: string, name: string): string =>
    path.join(repoRoot, base, "node_modules", name, "package.json");
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadBefore: os.loadavg(),
    versions: {
      "onnxruntime-node (function/, ours, floor, original)": packageVersion(
        nm("function", "onnxruntime-node"),
      ),
      "tokenizers (function/)": packageVersion(nm("function", "tokenizers")),
      "@aws-lambda-powertools/logger (function/)": packageVersion(
        nm("function", path.join("@aws-lambda-powertools", "logger")),
      ),
      "@huggingface/transformers (bench/, peer)": packageVersion(nm("bench", "@huggingface/transformers")),
      "onnxruntime-node (bench/, used by the peer)": packageVersion(nm("bench", "onnxruntime-node")),
    },
    model: {
      path: path.relative(repoRoot, modelFile),
      bytes: statSync(modelFile).size,
      sha256: createHash("sha256").update(readFileSync(modelFile)).digest("hex"),
    },
  };
}
