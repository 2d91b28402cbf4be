import path from "node:path";

/** Repository locations the bench reads from or writes to, resolved from this file's place in bench/. */
export const repoRoot = path.resolve(__dirname, "..");
export const modelDir = path.join(repoRoot, "models");
export const functionDir = path.join(repoRoot, "function");
export const docsDir = path.join(repoRoot, "docs");
/** Compiled bench children and the compiled function live here (git-ignored `build/`), never in the image. */
export const buildDir = path.join(repoRoot, "build", "bench-js");
/** The bench's own package (its dependencies are not the service's): bench/package.json. */
export const benchDir = path.join(repoRoot, "bench");
/** The last run's raw results (git-ignored), for `npm run bench -- --render`. */
export const resultsFile = path.join(repoRoot, "build", "bench-results.json");
/** The run before it: each report compares its ratios with this one's. */
export const previousResultsFile = path.join(repoRoot, "build", "bench-results-previous.json");
