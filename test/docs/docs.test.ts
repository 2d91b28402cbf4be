import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { SETTINGS } from "../../function/src/setting-definitions.js";
import { ERROR_STATUS } from "../../function/src/request/errors.js";
import { enginesNode, majors } from "../../.ci/engines.cjs";
import {
  declaredConfig,
  normalisedTable,
  REPO_ROOT,
  TABLES,
  tableOnPage,
} from "../../scripts/docs-tables.js";
import { API_CONTRACT_DOC, documentedErrors } from "../support/api-contract.js";

/*
 * The docs against what they describe: a table generated from a definition must match it, and every script,
 * setting, error code and link a page mentions must still exist, so a rename or removal fails here first.
 */

const PAGES = [
  "README.md",
  ...readdirSync(path.join(REPO_ROOT, "docs"))
    .filter((file) => file.endsWith(".md"))
    .map((file) => path.join("docs", file)),
];
const read = (page: string): string => readFileSync(path.join(REPO_ROOT, page), "utf8");
/** Code spans and fenced blocks: where commands and names are written. */
const codeOf = (text: string): string =>
  [...text.matchAll(/```[a-z]*\n([\s\S]*?)```|`([^`\n]+)`/g)].map((match) => match[1] ?? match[2]).join("\n");

describe("docs", function () {
  describe("README as a first screen", function () {
    const readme = read("README.md");
    const lines = readme.split("\n");

    it("is at most 120 lines", function () {
      assert.ok(lines.length <= 120, `${lines.length} lines`);
    });

    it("warns that the bundled model is a demo, and links its card, within the first 15 lines", function () {
      const top = lines.slice(0, 15).join("\n");
      assert.match(top, /demo/i);
      assert.ok(top.includes("(models/README.md)"), "links models/README.md");
    });

    it("names the Node majors package.json's engines admits, and no other", function () {
      const versions = new Set([...readme.matchAll(/Node(?:\.js)? (\d+)/g)].map((match) => Number(match[1])));
      assert.deepEqual([...versions].sort(), majors(enginesNode()).sort());
    });
  });

  describe("generated tables match their definitions (npm run docs:tables rewrites them)", function () {
    for (const [name, { page, render }] of Object.entries(TABLES)) {
      it(`${page}: ${name}`, function () {
        const onPage = tableOnPage(read(page), name);
        assert.ok(onPage !== undefined, `${page} has <!-- table:${name} --> markers`);
        assert.equal(normalisedTable(onPage), normalisedTable(render()), "run npm run docs:tables");
      });
    }
  });

  describe("every documented name still exists", function () {
    const scripts = Object.keys((JSON.parse(read("package.json")) as { scripts: object }).scripts);
    // bootstrap/ is a Pulumi project of its own, run once to set up delivery.
    const declared = [
      ...Object.keys(declaredConfig()),
      ...Object.keys(declaredConfig("bootstrap/Pulumi.yaml")),
    ];
    const variables: readonly string[] = Object.values(SETTINGS).map((setting) => setting.env);

    for (const page of PAGES) {
      const code = codeOf(read(page));

      it(`${page}: npm scripts`, function () {
        for (const [, name] of code.matchAll(/\bnpm run ([a-z][\w:-]*)/g)) {
          assert.ok(scripts.includes(name ?? ""), `npm run ${name} is not a script of package.json`);
        }
      });

      it(`${page}: Pulumi keys and the function's variables`, function () {
        for (const [, key] of code.matchAll(/pulumi config set (?:--path )?'?([a-zA-Z]+)\b(?!:)/g)) {
          assert.ok(
            declared.includes(key ?? ""),
            `pulumi config set ${key}: neither Pulumi.yaml declares such a key`,
          );
        }
        for (const [name] of code.matchAll(/\b(?:MAX_[A-Z_]+|LOG_(?:LEVEL|INPUTS)|MODEL_DIR)\b/g)) {
          assert.ok(variables.includes(name), `${name} is not a setting the function reads`);
        }
      });

      it(`${page}: relative links`, function () {
        for (const [, target] of read(page).matchAll(/\]\(((?!https?:|#|mailto:)[^)#\s]+)(?:#[^)]*)?\)/g)) {
          const resolved = path.join(REPO_ROOT, path.dirname(page), target ?? "");
          assert.ok(existsSync(resolved), `${page} links ${target}, which does not exist`);
        }
      });
    }

    it(`${API_CONTRACT_DOC}'s error table holds exactly the handler's error codes, with their statuses`, function () {
      assert.deepEqual(
        Object.fromEntries([...documentedErrors()].sort()),
        Object.fromEntries(Object.entries(ERROR_STATUS).sort()),
      );
    });
  });
});
