import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { benchDir } from "./paths.js";

/**
 * Installs the bench's own dependencies (transformers.js for the peer, resvg for the chart) into bench/node_modules
 * when they are missing or older than bench/package-lock.json. They are not in the root package.json: a user of the
 * service never needs them, and `npm test` does not either.
 */
export function ensureBenchDependencies(log: (line: string) => void): void {
  const installed = path.join(benchDir, "node_modules", ".package-lock.json");
  const lock = path.join(benchDir, "package-lock.json");
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  log("installing the bench's dependencies (npm ci --prefix bench) ...");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  execFileSync(npm, ["ci", "--prefix", benchDir, "--no-audit", "--no-fund"], { stdio: "inherit" });
}
