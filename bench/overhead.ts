import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createHandler, type Service } from "../function/src/handler.js";
import { createLogger, type FunctionLogger } from "../function/src/logger.js";
import { createMetrics, measuredService } from "../function/src/metrics.js";
import { Predictor } from "../function/src/model/predictor.js";
import { DEFAULT_LIMITS } from "../function/src/settings.js";
import { lambdaContext } from "../local/lambda-context.js";
import { benchDir, functionDir, modelDir } from "./paths.js";
import { benchSentences } from "./sentences.js";
import { median, summarizeLatencies } from "./stats.js";
import { createFloor } from "./systems/floor.js";
import { predictEvent } from "./systems/ours.js";

/*
 * `npx tsx bench/overhead.ts`: where ours' time goes on top of the floor, in one process so that every variant
 * sees the same machine at the same moment (blocks of calls alternate between them). Variants: the bare floor (one
 * `session.run` on tensors built beforehand); floor + `tokenizers` encode, for comparison; then, each adding one
 * layer, the function's Predictor alone; the handler with its per-request log line switched off; the
 * handler with that line written through Powertools' `logger.info` (as before the lean line); the handler as
 * shipped (`logger.request`, the line written directly); and as deployed, where the stack also sets a metrics
 * namespace and the request's one line is the embedded-metric-format line carrying the record
 * (`measuredService`, function/src/metrics.ts). The process
 * re-runs itself with stdout in a temporary file, like the bench children, so log lines cost their write and
 * nothing reads them. Not part of `npm run bench`: a diagnostic for the "ours / floor" figure.
 */

const childFlag = "COLA_OVERHEAD_CHILD";
const newLogger = (): FunctionLogger => createLogger({ serviceName: "cola-classifier", logLevel: "INFO" });

async function measure(): Promise<void> {
  const predictor = await Predictor.load(modelDir);
  const locations = {
    modelDir,
    functionPackageJson: path.join(functionDir, "package.json"),
    benchPackageJson: path.join(benchDir, "package.json"),
    handlerModule: "",
  };
  const floor = await createFloor(locations, { tokenizer: false });
  const floorTokenizer = await createFloor(locations, { tokenizer: true });
  const shipped = newLogger();
  const silent = newLogger();
  silent.request = (): void => undefined;
  const powertools = newLogger();
  powertools.request = (fields): void => void (fields && powertools.info("request", fields));
  const events = benchSentences.map((sentence) => predictEvent({ sentence }));
  const context = lambdaContext("cola-overhead");
  const event = (i: number) => events[i % events.length] as (typeof events)[number];
  const metrics = createMetrics({ POWERTOOLS_METRICS_NAMESPACE: "ColaOverhead" }, "bench");
  if (metrics === undefined) throw new Error("no metrics writer for a set namespace");
  const viaHandler = (logger: FunctionLogger, measured = false): ((i: number) => Promise<unknown>) => {
    const service: Service = { predictor, limits: DEFAULT_LIMITS, logInputs: false, logger };
    const handler = createHandler(measured ? measuredService(service, metrics) : service);
    return (i) => handler(event(i), context);
  };
  const variants: [string, (i: number) => Promise<unknown>][] = [
    ["floor", (i) => floor.classify(sentence(i))],
    ["floor + tokenizer", (i) => floorTokenizer.classify(sentence(i))],
    ["Predictor.predict", (i) => predictor.predict([sentence(i)])],
    ["handler, no log line", viaHandler(silent)],
    ["handler, line via Powertools info", viaHandler(powertools)],
    ["handler as shipped (lean line)", viaHandler(shipped)],
    ["handler as deployed (one line)", viaHandler(newLogger(), true)],
  ];
  const { samples, cpu } = await alternate(variants);
  const floorP50 = summarizeLatencies(samples[0] ?? []).p50;
  const lines = variants.map(([name], v) => {
    const s = summarizeLatencies(samples[v] ?? []);
    return (
      `${name.padEnd(32)} p50 ${s.p50.toFixed(3)} ms  p90 ${s.p90.toFixed(3)} ms  ` +
      `CPU ${median(cpu[v] ?? []).toFixed(3)} ms/call  p50 / floor ${(s.p50 / floorP50).toFixed(2)}×`
    );
  });
  process.stderr.write(
    `${samples[0]?.length ?? 0} calls per variant, alternating blocks of 250, load average ${os.loadavg()[0]?.toFixed(2)}\n` +
      lines.join("\n") +
      "\n",
  );
}

const sentence = (i: number): string => benchSentences[i % benchSentences.length] as string;

/**
 * 2,000 warm-up calls of each variant, then 40 blocks of 250 calls per variant, the variants taking turns, so each
 * sees the same machine; per variant, every call's latency (ms) and each block's CPU time per call (ms).
 */
async function alternate(
  variants: readonly [string, (i: number) => Promise<unknown>][],
): Promise<{ samples: number[][]; cpu: number[][] }> {
  for (let i = 0; i < 2_000; i++) for (const [, call] of variants) await call(i);
  const samples = variants.map(() => [] as number[]);
  const cpu = variants.map(() => [] as number[]);
  for (let block = 0; block < 40; block++) {
    for (const [v, [, call]] of variants.entries()) {
      const before = process.cpuUsage();
      for (let i = 0; i < 250; i++) {
        const start = performance.now();
        await call(i);
        samples[v]?.push(performance.now() - start);
      }
      const used = process.cpuUsage(before);
      cpu[v]?.push((used.user + used.system) / 1000 / 250);
    }
  }
  return { samples, cpu };
}

function runSelf(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cola-overhead-"));
  const out = openSync(path.join(dir, "stdout"), "w");
  const child = spawn(process.execPath, [...process.execArgv, __filename], {
    env: { ...process.env, [childFlag]: "1" },
    stdio: ["ignore", out, "inherit"],
  });
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      closeSync(out);
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) process.exitCode = code ?? 1;
      resolve();
    }),
  );
}

const run = process.env[childFlag] === undefined ? runSelf() : measure();
run.catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
