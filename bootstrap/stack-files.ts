import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { StackTarget } from "./policies";

/** The project name of the Pulumi program in `programDir` (its Pulumi.yaml `name`). */
export function readProjectName(programDir: string): string {
  const project = parse(readFileSync(path.join(programDir, "Pulumi.yaml"), "utf8")) as { name?: unknown };
  if (typeof project.name !== "string") throw new Error(`${programDir}/Pulumi.yaml has no name`);
  return project.name;
}

/** Each stack with the `aws:region` its Pulumi.<stack>.yaml sets, so the deploy roles follow the stack files. */
export function readStackTargets(programDir: string, stacks: readonly string[]): StackTarget[] {
  return stacks.map((stack) => {
    const file = path.join(programDir, `Pulumi.${stack}.yaml`);
    const settings = parse(readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
    const region = settings?.config?.["aws:region"];
    if (typeof region !== "string") throw new Error(`${file} does not set aws:region`);
    return { stack, region };
  });
}
