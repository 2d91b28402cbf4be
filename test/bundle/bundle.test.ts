import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import {
  buildBundle,
  dockerfile,
  formatBundleReport,
  repoRoot,
  type BundleReport,
} from "../../bundle/build-bundle";

const run = promisify(execFile);
const MAX_BUNDLE_BYTES = 90 * 2 ** 20;

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

describe("the container bundle (function/Dockerfile replayed without Docker)", function () {
  let workDir: string;
  let bundle: BundleReport;

  before(function () {
    this.timeout(600_000);
    // Outside the repository, so nothing can resolve from the repository's own node_modules.
    workDir = mkdtempSync(path.join(os.tmpdir(), "cola-bundle-"));
    bundle = buildBundle(workDir);
    console.log(formatBundleReport(bundle));
  });

  after(function () {
    rmSync(workDir, { recursive: true, force: true });
  });

  it("is at most 90 MB", function () {
    assert.ok(
      bundle.totalBytes <= MAX_BUNDLE_BYTES,
      `bundle is ${(bundle.totalBytes / 2 ** 20).toFixed(1)} MB; allowed: 90 MB`,
    );
  });

  it("holds only this platform's native binaries, and no install-time or type-only files", function () {
    const nodeModules = path.join(bundle.taskRoot, "node_modules");
    const ortBin = path.join(nodeModules, "onnxruntime-node", "bin", "napi-v6");
    assert.deepEqual(readdirSync(ortBin), ["linux"]);
    assert.deepEqual(readdirSync(path.join(ortBin, "linux")), [process.arch]);
    const addons = readdirSync(path.join(nodeModules, "tokenizers")).filter((f) => f.endsWith(".node"));
    assert.deepEqual(addons, [`tokenizers.linux-${process.arch}-gnu.node`]);
    assert.ok(!readdirSync(nodeModules).includes("typescript"), "dev dependencies were installed");
    assert.deepEqual(readdirSync(bundle.taskRoot).sort(), ["dist", "models", "node_modules", "package.json"]);
  });

  it("starts from the image's CMD in a fresh process and answers payload 2.0 events", async function () {
    this.timeout(60_000);
    assert.deepEqual(bundle.cmd, ["dist/index.handler"]);
    const events = [
      httpApiEvent("POST", "/predict", { sentence: "The cat sat on the mat." }),
      httpApiEvent("GET", "/health"),
      httpApiEvent("POST", "/predict", { sentence: 42 }),
    ];
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", RUNTIME_EMULATION], {
      cwd: bundle.taskRoot,
      env: {
        PATH: process.env.PATH,
        ...bundle.env,
        BUNDLE_CMD: JSON.stringify(bundle.cmd),
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
    for (const file of resolved)
      assert.ok(file.startsWith(bundle.taskRoot), `${file} resolved outside the bundle`);
  });

  it("is built from sources .dockerignore lets into the build context", function () {
    const allowed = readFileSync(path.join(repoRoot, ".dockerignore"), "utf8")
      .split("\n")
      .filter((line) => line.startsWith("!"))
      .map((line) => line.slice(1).trim());
    const copied = readFileSync(dockerfile, "utf8")
      .split("\n")
      .filter((line) => /^COPY\s/.test(line) && !line.includes("--from="))
      .flatMap((line) => line.trim().split(/\s+/).slice(1, -1));
    assert.ok(copied.length > 0);
    for (const source of copied) {
      const admitted = allowed.some(
        (pattern) =>
          pattern === source || (pattern.endsWith("/**") && source.startsWith(pattern.slice(0, -2))),
      );
      assert.ok(
        admitted,
        `function/Dockerfile copies ${source}, which .dockerignore leaves out of the context`,
      );
    }
  });
});
