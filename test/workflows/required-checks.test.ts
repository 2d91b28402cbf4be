import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { REPO_ROOT, workflowFiles } from "./lint";

/*
 * The checks the docs tell a maintainer to require in branch protection must be names GitHub shows: a job's
 * `name`, once per matrix value when it names `${{ matrix.<key> }}`. A check no job reports would block every
 * pull request.
 */

interface Job {
  name?: string;
  strategy?: { matrix?: Record<string, unknown> };
}

/** Every check name the workflows' jobs report, matrix names expanded where the matrix is a literal list. */
function checkNames(): string[] {
  return workflowFiles().flatMap((file) => {
    const jobs = (parse(readFileSync(file, "utf8")) as { jobs: Record<string, Job> }).jobs;
    return Object.entries(jobs).flatMap(([id, job]) => {
      const name = job.name ?? id;
      const key = /\$\{\{ matrix\.(\w+) \}\}/.exec(name)?.[1];
      const values = key === undefined ? undefined : job.strategy?.matrix?.[key];
      if (!Array.isArray(values)) return [name];
      return values.map((value) => name.replace(`\${{ matrix.${key} }}`, String(value)));
    });
  });
}

const read = (page: string) => readFileSync(path.join(REPO_ROOT, "docs", page), "utf8");

describe("the required checks the docs name", () => {
  const names = checkNames();

  it("docs/deploy.md's list names only checks a job reports, every test job among them", () => {
    const page = read("deploy.md");
    const section = page.slice(page.indexOf("## Checks to require on `main`"));
    const list = section.slice(0, section.indexOf("\n\n", section.indexOf("\n- ")));
    const named = [...list.matchAll(/`([^`]+)`/g)]
      .map((match) => match[1]!)
      .filter((name) => !/^Preview (dev|prod)$|^main$/.test(name));
    assert.ok(named.length > 0);
    for (const name of named)
      assert.ok(names.includes(name), `${name} is a job's check name: ${names.join(", ")}`);
    for (const name of names.filter((check) => check.startsWith("Lint, type-check and test"))) {
      assert.ok(named.includes(name), `deploy.md requires ${name}`);
    }
    assert.ok(named.includes("Preview summary"));
  });

  it("docs/delivery.md's branch protection line names the same checks", () => {
    const line = /- Branch protection on `main`:[^\n]*\n[^\n]*/.exec(read("delivery.md"))?.[0] ?? "";
    const named = [...line.matchAll(/_([^_]+)_/g)].map((match) => match[1]!);
    assert.ok(named.length > 0, line);
    for (const name of named) assert.ok(names.includes(name), `${name} is a job's check name`);
  });
});
