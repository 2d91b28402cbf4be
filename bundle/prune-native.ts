/**
 * Removes from a production node_modules what Lambda never loads: other platforms' native binaries of
 * onnxruntime-node and tokenizers (most of what npm installs), GPU execution providers, and type declarations,
 * source maps and TypeScript sources.
 *
 * bundle/bundle.sh compiles it on its own with the function's tsc and runs it (`node prune-native.js DIR [ARCH]`),
 * so it imports only node: modules. The bundle test imports `measure` from it.
 */
import { readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

export type LambdaArch = "x64" | "arm64";

export interface PruneReport {
  removedFiles: number;
  removedBytes: number;
}

const DROPPED_FILE = /\.(d\.[cm]?ts|map|md|markdown)$/i;
const KEPT_DOCUMENT = /^(licen[cs]e|notice|third[-_]party)/i;
const GPU_PROVIDER = /providers_(cuda|tensorrt|rocm|migraphx|openvino|dml)/i;
/** onnxruntime-node's TypeScript sources and install scripts: runtime code is in dist/ and bin/. */
const DROPPED_DIRECTORIES = [path.join("onnxruntime-node", "lib"), path.join("onnxruntime-node", "script")];

export function pruneNativeBinaries(nodeModules: string, arch: LambdaArch): PruneReport {
  const report: PruneReport = { removedFiles: 0, removedBytes: 0 };
  const remove = (target: string): void => {
    const { files, bytes } = measure(target);
    rmSync(target, { recursive: true, force: true });
    report.removedFiles += files;
    report.removedBytes += bytes;
  };

  // onnxruntime-node/bin/napi-v*/<os>/<arch>/: keep linux/<arch>, without GPU providers.
  const ortBin = path.join(nodeModules, "onnxruntime-node", "bin");
  for (const napi of listDirectory(ortBin)) {
    for (const os of listDirectory(path.join(ortBin, napi))) {
      const osDir = path.join(ortBin, napi, os);
      if (os !== "linux") remove(osDir);
      else {
        for (const cpu of listDirectory(osDir)) {
          const cpuDir = path.join(osDir, cpu);
          if (cpu !== arch) remove(cpuDir);
          else listDirectory(cpuDir).forEach((f) => GPU_PROVIDER.test(f) && remove(path.join(cpuDir, f)));
        }
      }
    }
  }

  // tokenizers ships every platform's addon in its own folder; Lambda runs glibc Linux.
  const tokenizersDir = path.join(nodeModules, "tokenizers");
  const keptAddon = `tokenizers.linux-${arch}-gnu.node`;
  for (const file of listDirectory(tokenizersDir)) {
    if (file.endsWith(".node") && file !== keptAddon) remove(path.join(tokenizersDir, file));
  }

  DROPPED_DIRECTORIES.forEach((directory) => remove(path.join(nodeModules, directory)));
  walkFiles(nodeModules, (file) => {
    const name = path.basename(file);
    if (DROPPED_FILE.test(name) && !KEPT_DOCUMENT.test(name)) remove(file);
  });
  return report;
}

/** Bytes and files under a path (a file or a directory tree). */
export function measure(target: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const stats = statSync(target, { throwIfNoEntry: false });
  if (stats === undefined) return { files, bytes };
  if (!stats.isDirectory()) return { files: 1, bytes: stats.size };
  walkFiles(target, (file) => {
    files += 1;
    bytes += statSync(file).size;
  });
  return { files, bytes };
}

function listDirectory(directory: string): string[] {
  try {
    return readdirSync(directory);
  } catch {
    return [];
  }
}

function walkFiles(directory: string, visit: (file: string) => void): void {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) walkFiles(full, visit);
    else if (entry.isFile()) visit(full);
  }
}

if (require.main === module) {
  const [nodeModules, arch = process.arch] = process.argv.slice(2);
  if (nodeModules === undefined || (arch !== "x64" && arch !== "arm64")) {
    console.error("usage: node prune-native.js NODE_MODULES_DIR [x64|arm64]");
    process.exit(2);
  }
  const { removedFiles, removedBytes } = pruneNativeBinaries(nodeModules, arch);
  console.log(`pruned ${removedFiles} files (${(removedBytes / 2 ** 20).toFixed(1)} MB) from ${nodeModules}`);
}
