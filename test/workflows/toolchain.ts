import { readFileSync } from "node:fs";
import * as path from "node:path";
import { admits, enginesNode, majors } from "../../.ci/engines.cjs";
import { REPO_ROOT } from "./lint";

/** package.json's `engines` npm range: the npm versions the project supports. */
export const ENGINES_NPM = (
  JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { engines: { npm: string } }
).engines.npm;

/** package.json's `engines` Node range, read by the same code .ci/run asks. */
export const ENGINES_NODE = enginesNode();

/** The Node majors engines names: the test workflow runs on each of them. */
export const NODE_MAJORS = majors(ENGINES_NODE);

/** The newest of them: the one the Pulumi workflows run on and .ci/run installs when the machine's Node is too old. */
export const NEWEST_NODE_MAJOR = Math.max(...NODE_MAJORS);

/** Whether `version` is one the engines range `range` admits. */
export const satisfies = admits;

/** The npm version a step installs with `npm install --global npm@<version>`, if it is such a step. */
export function npmInstalledBy(run: string | undefined): string | undefined {
  return /^npm install --global npm@(\d+\.\d+\.\d+)$/.exec(run?.trim() ?? "")?.[1];
}
