import { readFileSync } from "node:fs";
import path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** Where the HTTP API contract is written down for users: its error table is what tests hold the handler to. */
export const API_CONTRACT_DOC = "docs/api.md";

/**
 * The documented refusals: each error code with the status its table row gives it, read from the contract's
 * table (`| status | code, code | when |`), so a code the docs drop or never list fails the tests that use it.
 */
export function documentedErrors(doc = API_CONTRACT_DOC): Map<string, number> {
  const text = readFileSync(path.join(REPO_ROOT, doc), "utf8");
  const errors = new Map<string, number>();
  for (const line of text.split("\n")) {
    const row = /^\|\s*(\d{3})\s*\|([^|]*)\|/.exec(line);
    if (row === null) continue;
    for (const code of row[2]?.matchAll(/`([a-z_]+)`/g) ?? []) errors.set(code[1] ?? "", Number(row[1]));
  }
  return errors;
}
