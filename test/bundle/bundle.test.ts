import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { measure } from "../../bundle/prune-native";

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, "..", "..");
const dockerfile = path.join(repoRoot, "function", "Dockerfile");
const bundleScript = path.join(repoRoot, "bundle", "bundle.sh");
/** Issue 13: the task root stays at its size then (56 MB) or less; the margin is for patch releases of the deps. */
const MAX_BUNDLE_BYTES = 60 * 2 ** 20;
const TASK_ROOT = "${LAMBDA_TASK_ROOT}";

interface Copy {
  from: string | undefined;
  sources: string[];
  destination: string;
}

/** The Dockerfile's instructions after the FROM that starts `stage` (its name, or "final" for the last one). */
function stageInstructions(stage: string): string[] {
  const lines = readFileSync(dockerfile, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const starts = lines.flatMap((line, index) => (/^FROM\s/i.test(line) ? [index] : []));
  const start = stage === "final" ? starts.at(-1) : starts.find((i) => lines[i]?.endsWith(` AS ${stage}`));
  assert.ok(start !== undefined, `function/Dockerfile has no stage ${stage}`);
  const end = starts.find((i) => i > start) ?? lines.length;
  return lines.slice(start + 1, end);
}

/** COPY [--flag...] source... destination; flags other than --from (e.g. --chmod) do not change what is copied. */
function copyInstructions(instructions: string[]): Copy[] {
  return instructions
    .filter((line) => /^COPY\s/i.test(line))
    .map((line) => {
      const words = line.split(/\s+/).slice(1);
      const from = words.find((word) => word.startsWith("--from="))?.slice("--from=".length);
      const paths = words.filter((word) => !word.startsWith("--"));
      return { from, sources: paths.slice(0, -1).map(withArgDefaults), destination: paths.at(-1) ?? "" };
    });
}

/** `${NAME}` replaced by the Dockerfile's `ARG NAME=default` (MODEL_DIR: models), as a build without --build-arg. */
function withArgDefaults(word: string): string {
  const defaults = new Map<string, string>();
  for (const line of readFileSync(dockerfile, "utf8").split("\n")) {
    const [, name, value] = /^ARG\s+(\w+)=(\S+)$/.exec(line.trim()) ?? [];
    if (name !== undefined && value !== undefined) defaults.set(name, value);
  }
  return word.replace(/\$\{(\w+)\}/g, (match, name: string) => defaults.get(name) ?? match);
}

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(2)} MB`;
}

/**
 * Loads the handler in a fresh Node process the way the Lambda Node.js runtime does with the image's CMD
 * ("dist/index.handler": module dist/index with .js/.mjs/.cjs, export handler), from the task root, with the
 * image's ENV, and prints what it answers to each event given.
 */
const RUNTIME_EMULATION = `
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
const [handlerSpec] = JSON.parse(process.env.BUNDLE_CMD);
const dot = handlerSpec.lastIndexOf(".");
const base = path.resolve(process.env.LAMBDA_TASK_ROOT, handlerSpec.slice(0, dot));
const file = [".js", ".mjs", ".cjs"].map((ext) => base + ext).find((f) => existsSync(f));
const module = await import(pathToFileURL(file).href);
const handler = module[handlerSpec.slice(dot + 1)];
const context = { awsRequestId: "bundle-test", getRemainingTimeInMillis: () => 30000 };
const answers = [];
for (const event of JSON.parse(process.env.BUNDLE_EVENTS)) answers.push(await handler(event, context));
const resolveFrom = createRequire(file);
const resolved = ["onnxruntime-node", "tokenizers"].map((name) => resolveFrom.resolve(name));
process.stdout.write("\\nRESULT " + JSON.stringify({ answers, resolved }) + "\\n");
`;

function httpApiEvent(method: string, routePath: string, body?: unknown) {
  return {
    version: "2.0",
    routeKey: `${method} ${routePath}`,
    rawPath: routePath,
    rawQueryString: "",
    headers: { "content-type": "application/json" },
    requestContext: {
      accountId: "123456789012",
      apiId: "api",
      domainName: "api.execute-api.us-east-1.amazonaws.com",
      domainPrefix: "api",
      http: { method, path: routePath, protocol: "HTTP/1.1", sourceIp: "192.0.2.1", userAgent: "test" },
      requestId: "id",
      routeKey: `${method} ${routePath}`,
      stage: "$default",
      time: "24/Nov/2026:12:00:00 +0000",
      timeEpoch: 1795521600000,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
  };
}

describe("the container bundle (bundle/bundle.sh, as function/Dockerfile runs it)", function () {
  let workDir: string;
  /** What the script wrote, listed before the test adds the model. */
  let scriptOutput: string[];
  /** The script's output with the model added where the final stage's COPY puts it: the image's task root. */
  let taskRoot: string;
  let finalCopies: Copy[];

  before(function () {
    this.timeout(600_000);
    // Outside the repository, so nothing can resolve from the repository's own node_modules.
    workDir = mkdtempSync(path.join(os.tmpdir(), "cola-bundle-"));
    taskRoot = path.join(workDir, "task");
    execFileSync("bash", [bundleScript, taskRoot], { stdio: ["ignore", "ignore", "inherit"] });
    scriptOutput = readdirSync(taskRoot).sort();
    finalCopies = copyInstructions(stageInstructions("final"));
    for (const copy of finalCopies.filter((c) => c.from === undefined)) {
      const destination = path.join(taskRoot, copy.destination.replace(TASK_ROOT, ""));
      mkdirSync(destination, { recursive: true });
      for (const source of copy.sources) {
        cpSync(path.join(repoRoot, source), path.join(destination, path.basename(source)), {
          recursive: true,
        });
      }
    }
    const parts = readdirSync(taskRoot).map((name) => ({
      name,
      bytes: measure(path.join(taskRoot, name)).bytes,
    }));
    console.log(
      [
        `task root: ${taskRoot}`,
        ...parts
          .sort((a, b) => b.bytes - a.bytes)
          .map((p) => `  ${p.name.padEnd(14)} ${megabytes(p.bytes).padStart(10)}`),
        `  ${"total".padEnd(14)} ${megabytes(measure(taskRoot).bytes).padStart(10)}`,
      ].join("\n"),
    );
  });

  after(function () {
    rmSync(workDir, { recursive: true, force: true });
  });

  it("is copied whole into the task root by the final stage, beside the model", function () {
    const build = stageInstructions("build");
    const bundleRun = build.find((line) => /^RUN\s.*\bbundle\/bundle\.sh\s/.test(line));
    assert.ok(bundleRun, "the build stage does not run bundle/bundle.sh");
    const scriptOut = bundleRun.split(/\s+/).at(-1);
    const [fromBuild, ...others] = [
      ...finalCopies.filter((c) => c.from !== undefined),
      ...finalCopies.filter((c) => c.from === undefined),
    ];
    assert.deepEqual(fromBuild, { from: "build", sources: [`${scriptOut}/`], destination: `${TASK_ROOT}/` });
    assert.ok(others.length > 0, "the final stage copies no model");
    for (const copy of others) {
      assert.equal(copy.from, undefined, "the final stage copies from the build stage more than once");
      assert.equal(copy.destination, `${TASK_ROOT}/models/`);
    }
    assert.deepEqual(scriptOutput, ["dist", "node_modules", "package.json"]);
    assert.deepEqual(readdirSync(taskRoot).sort(), ["dist", "models", "node_modules", "package.json"]);
  });

  it("is at most 60 MB with the model", function () {
    const { bytes } = measure(taskRoot);
    assert.ok(bytes <= MAX_BUNDLE_BYTES, `the task root is ${megabytes(bytes)}; allowed: 60 MB`);
  });

  it("holds only this platform's native binaries, and no install-time or type-only files", function () {
    const nodeModules = path.join(taskRoot, "node_modules");
    const ortBin = path.join(nodeModules, "onnxruntime-node", "bin", "napi-v6");
    assert.deepEqual(readdirSync(ortBin), ["linux"]);
    assert.deepEqual(readdirSync(path.join(ortBin, "linux")), [process.arch]);
    const addons = readdirSync(path.join(nodeModules, "tokenizers")).filter((f) => f.endsWith(".node"));
    assert.deepEqual(addons, [`tokenizers.linux-${process.arch}-gnu.node`]);
    assert.ok(!readdirSync(nodeModules).includes("typescript"), "dev dependencies were installed");
  });

  it("starts from the image's CMD in a fresh process and answers payload 2.0 events", async function () {
    this.timeout(60_000);
    const final = stageInstructions("final");
    const cmd = JSON.parse(
      final.find((line) => line.startsWith("CMD "))?.slice("CMD ".length) ?? "null",
    ) as unknown;
    assert.deepEqual(cmd, ["dist/index.handler"]);
    // The final stage's ENV, with the image's task root standing for this folder.
    const env = Object.fromEntries(
      final
        .filter((line) => line.startsWith("ENV "))
        .flatMap((line) => line.slice("ENV ".length).trim().split(/\s+/))
        .map((pair) => pair.replaceAll(TASK_ROOT, taskRoot).split("=", 2)),
    ) as Record<string, string>;
    assert.equal(env.MODEL_DIR, path.join(taskRoot, "models"));
    const events = [
      httpApiEvent("POST", "/predict", { sentence: "The cat sat on the mat." }),
      httpApiEvent("GET", "/health"),
      httpApiEvent("POST", "/predict", { sentence: 42 }),
    ];
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", RUNTIME_EMULATION], {
      cwd: taskRoot,
      env: {
        PATH: process.env.PATH,
        LAMBDA_TASK_ROOT: taskRoot,
        ...env,
        BUNDLE_CMD: JSON.stringify(cmd),
        BUNDLE_EVENTS: JSON.stringify(events),
      },
    });
    const resultLine = stdout.split("\n").find((line) => line.startsWith("RESULT "));
    assert.ok(resultLine, `no result printed:\n${stdout}`);
    const { answers, resolved } = JSON.parse(resultLine.slice("RESULT ".length)) as {
      answers: { statusCode: number; body: string }[];
      resolved: string[];
    };
    const [predict, health, invalid] = answers;
    assert.equal(predict?.statusCode, 200);
    const scores = JSON.parse(predict.body) as { label: string; score: number }[];
    const labels = Object.values(
      (JSON.parse(readFileSync(path.join(repoRoot, "models", "config.json"), "utf8")) as { id2label: object })
        .id2label,
    );
    assert.deepEqual(
      scores.map((s) => s.label),
      labels,
    );
    assert.ok(Math.abs(scores.reduce((sum, s) => sum + s.score, 0) - 1) < 1e-6);
    assert.equal(health?.statusCode, 200);
    assert.equal(invalid?.statusCode, 400);
    for (const file of resolved) assert.ok(file.startsWith(taskRoot), `${file} resolved outside the bundle`);
  });

  it("is built from sources .dockerignore lets into the build context", function () {
    const allowed = readFileSync(path.join(repoRoot, ".dockerignore"), "utf8")
      .split("\n")
      .filter((line) => line.startsWith("!"))
      .map((line) => line.slice(1).trim());
    const copied = readFileSync(dockerfile, "utf8")
      .split("\n")
      .filter((line) => /^COPY\s/.test(line) && !line.includes("--from="))
      .flatMap((line) => line.trim().split(/\s+/).slice(1, -1))
      .filter((word) => !word.startsWith("--"))
      .map(withArgDefaults);
    assert.ok(copied.length > 0);
    for (const source of copied) {
      const admitted = allowed.some(
        (pattern) =>
          pattern === source ||
          (pattern.endsWith("/**") && source.startsWith(pattern.slice(0, -2))) ||
          (pattern.startsWith("**/") && path.posix.basename(source) === pattern.slice(3)),
      );
      assert.ok(
        admitted,
        `function/Dockerfile copies ${source}, which .dockerignore leaves out of the context`,
      );
    }
  });
});
