import { spawnSync } from "node:child_process";
import { realpathSync, statSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { capped } from "../function/src/model/errors.js";
import { isInside } from "../function/src/model/model-files.js";
import type { ModelInfo } from "../function/src/model/predictor.js";

/** The repository root: the Docker build context, which `modelDir` is relative to. */
const REPO_ROOT = path.resolve(__dirname, "..");
const LOADER = path.join(__dirname, "load-model-folder.ts");

/**
 * How long the preview waits for the loader. Loading the bundled model takes seconds; every file is read within
 * bounds (function/src/model/model-files.ts), so this only stops what nothing else foresaw from hanging `pulumi
 * preview`.
 */
export const LOAD_TIMEOUT_MS = 120_000;

/** The most of the loader's error output a preview message quotes. */
const MAX_PROBLEM_LENGTH = 2000;

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
  // The Docker build context is the repository: a symlink inside it leading out would bundle files from elsewhere.
  const real = realpathSync(folder);
  if (!isInside(realpathSync(REPO_ROOT), real)) {
    throw fail(
      `its real path ${real} is outside the repository (a symlink leads out of it); modelDir must be a folder of the repository`,
    );
  }
  let info: ModelInfo;
  try {
    info = runLoader(folder, maxLength);
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error));
  }
  checked.set(key, info);
  void pulumi.log.info(
    `modelDir "${modelDir}": ${info.name}, labels ${info.labels.join(", ")}, max length ${info.maxLength}, ` +
      `model.onnx sha256 ${info.sha256.slice(0, 12)}`,
  );
  return info;
}

/**
 * Runs `loader` (infra/load-model-folder.ts) on `folder` in a child process and returns what it printed, or throws
 * an Error with its message, cut to a readable length; a loader still running after `timeoutMs` is killed and the
 * error names the folder.
 */
export function runLoader(
  folder: string,
  maxLength: number,
  { loader = LOADER, timeoutMs = LOAD_TIMEOUT_MS }: { loader?: string; timeoutMs?: number } = {},
): ModelInfo {
  const child = spawnSync(process.execPath, ["--import", "tsx", loader, folder, String(maxLength)], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: timeoutMs,
    killSignal: "SIGKILL",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.error !== undefined && "code" in child.error && child.error.code === "ETIMEDOUT") {
    throw new Error(
      `loading ${folder} took longer than ${timeoutMs / 1000} s and was stopped; check that its files are plain files and that \`MODEL_DIR=${folder} npm start\` loads it`,
    );
  }
  if (child.status !== 0) {
    const problem =
      child.stderr?.trim() ||
      `${loader} failed (${child.error?.message ?? `exit ${child.status ?? child.signal}`})`;
    throw new Error(capped(problem, MAX_PROBLEM_LENGTH));
  }
  return JSON.parse(child.stdout) as ModelInfo;
}

function isFolder(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}
