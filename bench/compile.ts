import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { buildDir, functionDir, repoRoot } from "./paths.js";

export interface CompiledBench {
  /** This run's own output folder: two runs in one checkout must not delete each other's children. */
  outDir: string;
  childScript: string;
  /** The compiled entry of function/ (`dist/index.js`, what the image's CMD `dist/index.handler` names). */
  handlerModule: string;
}

function tsc(args: string[]): void {
  execFileSync(process.execPath, [path.join(repoRoot, "node_modules", "typescript", "bin", "tsc"), ...args], {
    cwd: repoRoot,
    stdio: "inherit",
  });
}

/**
 * Compiles the bench child (with the local/ helpers it shares) and function/src with tsc into build/bench-js, so
 * children run plain JavaScript like Lambda runs the image's compiled handler (a TypeScript loader would add its
 * own start-up and per-module cost to every cold-init figure). The compiled function keeps function/package.json
 * beside it, so it is an ES module graph (with top-level await) exactly as in the image, and sees
 * function/node_modules through a symlink: the same onnxruntime-node, tokenizers and Powertools the image installs.
 */
export function compileBench(withFunction: boolean): CompiledBench {
  const outDir = path.join(buildDir, `run-${process.pid}`);
  rmSync(outDir, { recursive: true, force: true });
  tsc(["-p", path.join(repoRoot, "bench", "tsconfig.child.json"), "--outDir", outDir]);
  const functionOut = path.join(outDir, "function");
  const compiled = {
    outDir,
    childScript: path.join(outDir, "bench", "child.js"),
    handlerModule: path.join(functionOut, "dist", "index.js"),
  };
  if (!withFunction) return compiled;
  tsc([
    "-p",
    path.join(functionDir, "tsconfig.json"),
    "--outDir",
    path.join(functionOut, "dist"),
    "--sourceMap",
    "false",
  ]);
  mkdirSync(functionOut, { recursive: true });
  copyFileSync(path.join(functionDir, "package.json"), path.join(functionOut, "package.json"));
  symlinkSync(path.join(functionDir, "node_modules"), path.join(functionOut, "node_modules"), "dir");
  return compiled;
}
