import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { admits, enginesNode, majors } from "../../.ci/engines.cjs";
import { REPO_ROOT } from "./lint";

/*
 * .ci/run's choice of Node (.ci/node.sh), run for real by bash with a fake `node` (a script that reports a chosen
 * version and hands anything else to the Node running this test) and a fake `npm` that logs its arguments and
 * "installs" such a fake node into the cache folder, so no test downloads anything.
 */

const NEWEST = Math.max(...majors(enginesNode()));

/** A script standing in for `node`: `--version` prints `version`; with `broken`, every call fails. */
function writeFakeNode(file: string, version: string, broken = false): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const body = broken
    ? "exit 1"
    : `if [ "$1" = "--version" ]; then echo ${version}; exit 0; fi\nexec "${process.execPath}" "$@"`;
  writeFileSync(file, `#!/bin/bash\n${body}\n`);
  chmodSync(file, 0o755);
}

interface Run {
  status: number | null;
  stdout: string[];
  stderr: string;
  npmCalls: string[];
  node: string;
}

function makeScenario() {
  const root = mkdtempSync(path.join(tmpdir(), "cola-ci-node-"));
  const bin = path.join(root, "bin");
  const cache = path.join(root, "cache");
  const npmLog = path.join(root, "npm.log");
  const cachedNode = path.join(cache, "node_modules", "node", "bin", "node");
  return {
    root,
    cache,
    cachedNode,
    machineNode: (version: string) => writeFakeNode(path.join(bin, "node"), version),
    /** The fake npm: logs its arguments and puts a node reporting `installs` where the `node` package puts it. */
    npm(installs: string) {
      const script = [
        "#!/bin/bash",
        `echo "$*" >> "${npmLog}"`,
        'while [ $# -gt 0 ]; do if [ "$1" = "--prefix" ]; then prefix=$2; fi; shift; done',
        'mkdir -p "$prefix/node_modules/node/bin"',
        `printf '#!/bin/bash\\nif [ "$1" = "--version" ]; then echo ${installs}; exit 0; fi\\nexec "${process.execPath}" "$@"\\n' > "$prefix/node_modules/node/bin/node"`,
        'chmod 755 "$prefix/node_modules/node/bin/node"',
      ].join("\n");
      mkdirSync(bin, { recursive: true });
      writeFileSync(path.join(bin, "npm"), `${script}\n`);
      chmodSync(path.join(bin, "npm"), 0o755);
    },
    run(): Run {
      const result = spawnSync(
        "bash",
        ["-c", 'set -euo pipefail; source .ci/node.sh; echo "node=$(command -v node) $(node --version)"'],
        {
          cwd: REPO_ROOT,
          encoding: "utf8",
          env: { PATH: `${bin}:/usr/bin:/bin`, HOME: root, COLA_NODE_CACHE: cache },
        },
      );
      const stdout = result.stdout.split("\n").filter((line) => line !== "");
      let npmCalls: string[] = [];
      try {
        npmCalls = readFileSync(npmLog, "utf8").trim().split("\n");
      } catch {
        // no npm call
      }
      return {
        status: result.status,
        stdout: stdout.filter((line) => !line.startsWith("node=")),
        stderr: result.stderr,
        npmCalls,
        node: stdout.find((line) => line.startsWith("node="))?.slice("node=".length) ?? "",
      };
    },
  };
}

describe(".ci/run's Node (.ci/node.sh)", function () {
  let scenario: ReturnType<typeof makeScenario>;
  beforeEach(() => {
    scenario = makeScenario();
    scenario.npm(`v${NEWEST}.99.0`);
  });
  afterEach(() => rmSync(scenario.root, { recursive: true, force: true }));

  const installLine = (machine: string) =>
    `Node ${machine} is not one package.json's engines admit: using Node v${NEWEST}.99.0 from the npm registry ` +
    `(${path.dirname(scenario.cachedNode)})`;

  it("keeps the machine's Node, silently, when engines admits it", () => {
    scenario.machineNode(`v${NEWEST}.1.0`);
    const run = scenario.run();
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.stdout, []);
    assert.deepEqual(run.npmCalls, []);
    assert.equal(run.node, `${path.join(scenario.root, "bin", "node")} v${NEWEST}.1.0`);
  });

  it("installs node@<newest major> into the cache from the npm registry for Node 20, puts it first and says so", () => {
    scenario.machineNode("v20.20.2");
    const run = scenario.run();
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.npmCalls, [
      `install --prefix ${scenario.cache} --no-save --no-audit --no-fund --loglevel=error node@${NEWEST}`,
    ]);
    assert.deepEqual(run.stdout, [installLine("v20.20.2")]);
    assert.equal(run.node, `${scenario.cachedNode} v${NEWEST}.99.0`);
  });

  it("reuses a cached Node that runs and is admitted, without calling npm", () => {
    scenario.machineNode("v20.20.2");
    writeFakeNode(scenario.cachedNode, `v${NEWEST}.99.0`);
    const run = scenario.run();
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.npmCalls, []);
    assert.deepEqual(run.stdout, [installLine("v20.20.2")]);
    assert.equal(run.node, `${scenario.cachedNode} v${NEWEST}.99.0`);
  });

  it("reinstalls over a cached Node that does not run", () => {
    scenario.machineNode("v22.12.0");
    writeFakeNode(scenario.cachedNode, "", true);
    const run = scenario.run();
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.npmCalls.length, 1);
    assert.deepEqual(run.stdout, [installLine("v22.12.0")]);
  });

  it("fails, naming the cache folder, when the installed Node is still not admitted", () => {
    scenario.machineNode("v20.20.2");
    scenario.npm("v20.0.0");
    const run = scenario.run();
    assert.notEqual(run.status, 0);
    assert.match(
      run.stderr,
      new RegExp(`node@${NEWEST} from the npm registry, installed into ${scenario.cache}`),
    );
    assert.equal(run.node, "");
  });
});

describe("engines ranges (.ci/engines.cjs)", () => {
  it("admits each named major from its lower bound, and nothing between or beyond", () => {
    const range = "^22.13 || ^24";
    const verdicts = [
      "v20.19.0",
      "22.12.9",
      "22.13.0",
      "v22.23.3",
      "23.5.0",
      "24.0.0",
      "v24.21.0",
      "26.0.0",
    ].map((version) => admits(version, range));
    assert.deepEqual(verdicts, [false, false, true, true, false, true, true, false]);
    assert.deepEqual(majors(range), [22, 24]);
  });

  it("reads >= lower bounds (npm's engines)", () => {
    assert.equal(admits("11.19.1", ">=11.16"), true);
    assert.equal(admits("11.15.9", ">=11.16"), false);
  });

  it("refuses a range form it would misread", () => {
    assert.throws(() => admits("24.0.0", "22 - 24"), /engines term "22 - 24" is not \^version or >=version/);
    assert.throws(() => admits("24.x", "^24"), /"24.x" is not a version/);
  });

  it("package.json's engines admits Node 22 and 24, not 20", () => {
    assert.deepEqual(majors(enginesNode()), [22, 24]);
    assert.equal(admits("20.20.2", enginesNode()), false);
  });
});
