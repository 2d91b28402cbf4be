import { createHandler } from "./function/src/handler.js";
import { createLogger } from "./function/src/logger.js";
import { createMetrics, measuredPredictor } from "./function/src/metrics.js";
import { Predictor } from "./function/src/model/predictor.js";
import { DEFAULT_LIMITS } from "./function/src/settings.js";
import { httpApiEvent } from "./local/http-api-event.js";
import { lambdaContext } from "./local/lambda-context.js";

const predictor = await Predictor.load("models", { maxLength: 128 });
const logger = createLogger({ serviceName: "cola-bench", logLevel: "INFO" });
const service = { predictor, limits: DEFAULT_LIMITS, logInputs: false, logger };
const plain = createHandler(service);
const metrics = createMetrics({ POWERTOOLS_METRICS_NAMESPACE: "ColaServerless", POWERTOOLS_SERVICE_NAME: "cola-bench" })!;
const measured = createHandler({ ...service, predictor: measuredPredictor(predictor, metrics) });
const event = () =>
  httpApiEvent({ method: "POST", url: "/predict", headers: { "content-type": "application/json" },
    body: Buffer.from(JSON.stringify({ sentence: "The cat sat on the mat." })), sourceIp: "127.0.0.1" });
const context = lambdaContext();
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };
async function block(handler: typeof plain, n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); await handler(event(), context); times.push(performance.now() - t); }
  return median(times);
}
for (let i = 0; i < 200; i++) { await plain(event(), context); await measured(event(), context); }
const BLOCKS = Number(process.env.BLOCKS ?? 30), N = Number(process.env.N ?? 100);
const ratios: number[] = [], diffs: number[] = [], base: number[] = [];
for (let b = 0; b < BLOCKS; b++) {
  let without: number, withM: number;
  if (b % 2 === 0) { without = await block(plain, N); withM = await block(measured, N); }
  else { withM = await block(measured, N); without = await block(plain, N); }
  ratios.push(withM / without); diffs.push((withM - without) * 1000); base.push(without);
}
process.stderr.write(JSON.stringify({ blocks: BLOCKS, perBlock: N, medianRequestMsWithout: median(base),
  medianRatio: median(ratios), medianDiffMicroseconds: median(diffs),
  ratioRange: [Math.min(...ratios), Math.max(...ratios)] }) + "\n");
