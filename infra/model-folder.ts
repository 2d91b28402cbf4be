import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ModelInfo } from "../function/src/model/predictor.js";

/** The repository root: the Docker build context, which `modelDir` is relative to. */
const REPO_ROOT = path.resolve(__dirname, "..");
const LOADER = path.join(__dirname, "load-model-folder.ts");

const checked = new Map<string, ModelInfo>();

/**
 * Loads the stack's model folder (config `modelDir`) with the function's own Predictor and the stack's maxLength,
 * as the function will at init, so a folder it could not serve fails `pulumi preview` before any image is built,
 * naming the config key, the file and the problem. Returns the folder as function/Dockerfile's MODEL_DIR.
 *
 * Synchronous, in a child process: the program declares its resources synchronously, so the failure stops it
 * before the first one; and the function's ES module sources run under tsx there, as they do for `npm start`.
 */
export function checkModelFolder(modelDir: string, maxLength: number): string {
  modelFolderInfo(modelDir, maxLength);
  return modelDir;
}

/** What the function will report about the stack's model folder (checked as checkModelFolder says, once). */
export function modelFolderInfo(modelDir: string, maxLength: number): ModelInfo {
  const folder = path.resolve(REPO_ROOT, modelDir);
  const key = `${folder}\0${maxLength}`;
  const known = checked.get(key);
  if (known !== undefined) return known;
  const fail = (problem: string): pulumi.RunError =>
    new pulumi.RunError(`modelDir "${modelDir}" (with maxLength ${maxLength}): ${problem}`);
  if (!isFolder(folder)) throw fail(`${folder} is not a folder`);
  const child = spawnSync(process.execPath, ["--import", "tsx", LOADER, folder, String(maxLength)], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  if (child.status !== 0) {
    throw fail(child.stderr.trim() || `${LOADER} failed (${child.error?.message ?? `exit ${child.status}`})`);
  }
  const info = JSON.parse(child.stdout) as ModelInfo;
  checked.set(key, info);
  void pulumi.log.info(
    `modelDir "${modelDir}": ${info.name}, labels ${info.labels.join(", ")}, max length ${info.maxLength}, ` +
      `model.onnx sha256 ${info.sha256.slice(0, 12)}`,
  );
  return info;
}

function isFolder(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}
