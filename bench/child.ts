import { performance } from "node:perf_hooks";
import { childRequestEnv, type ChildMessage, type ChildRequest } from "./child-protocol.js";
import { benchBatch, benchSentences } from "./sentences.js";
import { createSystem } from "./systems/create-system.js";

/*
 * Entry point of one measured child process (compiled to JS and run by plain `node`, no TypeScript loader, so
 * the cold-start figure is the system's, not tsx's). It answers one sentence as soon as it can, reports, then
 * optionally measures warm single-sentence latency and batch latency, and reports its peak RSS.
 */

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (process.send === undefined) {
      reject(new Error("bench child must be started with an IPC channel"));
      return;
    }
    process.send(message, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}

function sentenceAt(i: number): string {
  return benchSentences[i % benchSentences.length] as string;
}

async function main(): Promise<void> {
  const raw = process.env[childRequestEnv];
  if (raw === undefined) throw new Error(`${childRequestEnv} is not set`);
  const request = JSON.parse(raw) as ChildRequest;

  const initStart = performance.now();
  const system = await createSystem(request.system, request.locations);
  await system.classify(sentenceAt(0));
  const firstAnswerAt = performance.now();
  const cpuAtFirstAnswer = process.cpuUsage();
  await send({
    type: "first-answer",
    initAndFirstAnswerMs: firstAnswerAt - initStart,
    cpuMsAtFirstAnswer: (cpuAtFirstAnswer.user + cpuAtFirstAnswer.system) / 1000,
  });

  const singleLatenciesMs: number[] = [];
  const batchLatenciesMs: number[] = [];
  let singleCpuMsPerCall = 0;
  if (request.mode === "full") {
    for (let i = 0; i < request.warmupCalls; i++) await system.classify(sentenceAt(i));
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < request.timedCalls; i++) {
      const sentence = sentenceAt(i);
      const start = performance.now();
      await system.classify(sentence);
      singleLatenciesMs.push(performance.now() - start);
    }
    const cpu = process.cpuUsage(cpuBefore);
    singleCpuMsPerCall = (cpu.user + cpu.system) / 1000 / request.timedCalls;
    for (let i = 0; i < request.warmupBatches; i++) await system.classifyBatch(benchBatch);
    for (let i = 0; i < request.timedBatches; i++) {
      const start = performance.now();
      await system.classifyBatch(benchBatch);
      batchLatenciesMs.push(performance.now() - start);
    }
  }

  const labels: string[] = [];
  for (const sentence of benchSentences) labels.push(system.topLabel(await system.classify(sentence)));
  await send({
    type: "result",
    singleLatenciesMs,
    batchLatenciesMs,
    batchSize: benchBatch.length,
    singleCpuMsPerCall,
    labels,
    // ru_maxrss is in kilobytes on Linux
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  });
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    await send({ type: "error", message }).catch(() => undefined);
    process.exit(1);
  },
);
