import { readFileSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./lint";

interface Engines {
  node: string;
  npm: string;
}

/** package.json's `engines`: the one statement of the Node and npm versions the project supports. */
export const ENGINES = (
  JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { engines: Engines }
).engines;

function lowerBound(range: string): number[] {
  const match = /^>=(\d+)\.(\d+)(?:\.(\d+))?$/.exec(range);
  if (match === null) throw new Error(`engines range "${range}" is not of the form >=major.minor[.patch]`);
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

/** The Node major the workflows set up: the major of the engines' lower bound. */
export const NODE_MAJOR = lowerBound(ENGINES.node)[0];

/** Whether `version` (major.minor.patch) is at least the lower bound of the engines range `range`. */
export function satisfiesLowerBound(version: string, range: string): boolean {
  const parts = version.split(".").map(Number);
  const bound = lowerBound(range);
  for (let index = 0; index < 3; index += 1) {
    const part = parts[index] ?? 0;
    const limit = bound[index] ?? 0;
    if (part !== limit) return part > limit;
  }
  return true;
}

/** The npm version a step installs with `npm install --global npm@<version>`, if it is such a step. */
export function npmInstalledBy(run: string | undefined): string | undefined {
  return /^npm install --global npm@(\d+\.\d+\.\d+)$/.exec(run?.trim() ?? "")?.[1];
}
