/**
 * `npm run docs:tables`: writes the docs' settings tables from their one definition, between
 * `<!-- table:NAME -->` and `<!-- /table:NAME -->` markers. test/docs/tables.test.ts fails when a page's table
 * differs from what this renders (padding aside), so a changed setting cannot leave the docs behind.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { format, resolveConfig } from "prettier";
import { parse } from "yaml";
import { SETTINGS, allowedValues, type SettingDefinition } from "../function/src/setting-definitions.js";

export const REPO_ROOT = path.resolve(__dirname, "..");

interface DeclaredKey {
  type: string;
  default: unknown;
  description?: string;
}

/** A Pulumi.yaml's declared config keys, in file order: the program's, or another project's such as bootstrap/. */
export function declaredConfig(projectFile = "Pulumi.yaml"): Record<string, DeclaredKey> {
  const project = parse(readFileSync(path.join(REPO_ROOT, projectFile), "utf8")) as {
    config: Record<string, DeclaredKey>;
  };
  return project.config;
}

const code = (text: string): string => `\`${text}\``;

function defaultCell(setting: SettingDefinition): string {
  if (setting.kind === "text") {
    return setting.defaultNote ? `${code(setting.default)} ${setting.defaultNote}` : code(setting.default);
  }
  return code(String(setting.default));
}

function allowedCell(setting: SettingDefinition): string {
  switch (setting.kind) {
    case "integer":
      return `${setting.min}–${setting.max}${setting.unit ? ` ${setting.unit}` : ""}`;
    case "fraction":
      return "0–1";
    case "choice":
      return setting.values.map(code).join(", ");
    case "boolean":
      return "`true`, `false`";
    case "text":
      return allowedValues(setting);
  }
}

function table(header: string[], rows: string[][]): string {
  const lines = [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`);
  return lines.join("\n");
}

/** The function's environment variables: what each means, its default, what is allowed, its Pulumi key. */
export function functionSettingsTable(): string {
  return table(
    ["variable", "Pulumi key", "default", "allowed", "meaning"],
    Object.values(SETTINGS).map((setting: SettingDefinition) => [
      code(setting.env),
      "configKey" in setting && setting.configKey !== undefined ? code(setting.configKey) : "(none)",
      defaultCell(setting),
      allowedCell(setting),
      setting.meaning,
    ]),
  );
}

function yamlDefault(value: unknown): string {
  if (value === "") return "(none)";
  return code(typeof value === "string" ? value : JSON.stringify(value));
}

/** Every key Pulumi.yaml declares: its default and its description, which says what is allowed. */
export function stackSettingsTable(): string {
  return table(
    ["key", "default", "meaning and allowed values"],
    Object.entries(declaredConfig()).map(([key, declared]) => [
      code(key),
      yamlDefault(declared.default),
      (declared.description ?? "").replaceAll("|", "\\|"),
    ]),
  );
}

/** The generated tables, by the name their markers carry, and the page each lives on. */
export const TABLES: Record<string, { page: string; render: () => string }> = {
  "function-settings": { page: "docs/api.md", render: functionSettingsTable },
  "stack-settings": { page: "docs/deploy.md", render: stackSettingsTable },
};

const markers = (name: string) => [`<!-- table:${name} -->`, `<!-- /table:${name} -->`] as const;

/** The table between a page's markers, or undefined when the page has no such markers. */
export function tableOnPage(text: string, name: string): string | undefined {
  const [open, close] = markers(name);
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) return undefined;
  return text.slice(start + open.length, end).trim();
}

function replaceTable(text: string, name: string, rendered: string): string {
  const [open, close] = markers(name);
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) throw new Error(`no ${open} ... ${close} markers`);
  return `${text.slice(0, start + open.length)}\n\n${rendered}\n\n${text.slice(end)}`;
}

/** A table's text with cell padding and separator lengths ignored: Prettier aligns what this script writes. */
export function normalisedTable(text: string): string {
  return text
    .trim()
    .split("\n")
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/^:?-+:?$/, "---"))
        .join("|"),
    )
    .join("\n");
}

async function writeTables(): Promise<void> {
  for (const [name, { page, render }] of Object.entries(TABLES)) {
    const file = path.join(REPO_ROOT, page);
    const text = replaceTable(readFileSync(file, "utf8"), name, render());
    const options = (await resolveConfig(file)) ?? {};
    writeFileSync(file, await format(text, { ...options, filepath: file }));
    console.log(`${page}: table ${name} written`);
  }
}

if (require.main === module) {
  writeTables().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
