/**
 * `npm run bundle [-- --out DIR]`: builds what function/Dockerfile puts in the image's task root (compiled dist/,
 * package.json, production node_modules pruned to Linux on this CPU, the model) by replaying the Dockerfile
 * itself, so no Docker engine is needed; prints its size. test/bundle starts the handler from it.
 */
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { replayDockerfile, type ReplayedImage } from "./dockerfile-bundle";
import { measure } from "./prune-native";

export const repoRoot = path.resolve(__dirname, "..");
export const dockerfile = path.join(repoRoot, "function", "Dockerfile");

export interface BundleReport extends ReplayedImage {
  parts: { name: string; bytes: number }[];
  totalBytes: number;
}

/** Replays the Dockerfile in `workDir` (emptied first); the bundle is the returned task root. */
export function buildBundle(workDir: string): BundleReport {
  rmSync(workDir, { recursive: true, force: true });
  const image = replayDockerfile(dockerfile, repoRoot, workDir);
  const parts = readdirSync(image.taskRoot)
    .map((name) => ({ name, bytes: measure(path.join(image.taskRoot, name)).bytes }))
    .sort((a, b) => b.bytes - a.bytes);
  return { ...image, parts, totalBytes: measure(image.taskRoot).bytes };
}

export function formatBundleReport(report: BundleReport): string {
  const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(2)} MB`;
  return [
    `bundle (the image's task root): ${report.taskRoot}`,
    ...report.parts.map((part) => `  ${part.name.padEnd(14)} ${mb(part.bytes).padStart(10)}`),
    `  ${"total".padEnd(14)} ${mb(report.totalBytes).padStart(10)}`,
    `  CMD ${JSON.stringify(report.cmd)}`,
  ].join("\n");
}

if (require.main === module) {
  const { values } = parseArgs({ options: { out: { type: "string" } } });
  console.log(
    formatBundleReport(buildBundle(path.resolve(values.out ?? path.join(repoRoot, "build", "bundle")))),
  );
}
