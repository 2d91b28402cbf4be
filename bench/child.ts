import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import {
  childRequestEnv,
  type BlockCommand,
  type BlockMessage,
  type ChildMessage,
  type ChildRequest,
  type ParentCommand,
} from "./child-protocol.js";
import { benchBatch, benchSentences } from "./sentences.js";
import { createSystem } from "./systems/create-system.js";
import type { BenchSystem } from "./systems/types.js";

/*
 * Entry point of one measured child process (compiled to JS and run by plain `node`, no TypeScript loader, so
 * the cold-start figure is the system's, not tsx's). It answers one sentence as soon as it can and reports; a warm
 * child then stays up and runs the blocks of calls the parent asks for, one at a time, until told to finish.
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

const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;
let nextSentence = 0;

async function runBlock(system: BenchSystem, command: BlockCommand): Promise<BlockMessage> {
  const latenciesMs: number[] = [];
  const cpuBefore = process.cpuUsage();
  const blockStart = performance.now();
  for (let i = 0; i < command.calls; i++) {
    const start = performance.now();
    if (command.kind === "single")
      await system.classify(benchSentences[nextSentence++ % benchSentences.length] as string);
    else await system.classifyBatch(benchBatch);
    latenciesMs.push(performance.now() - start);
  }
  const wallMs = performance.now() - blockStart;
  await sleep(command.pauseMs);
  return { type: "block", latenciesMs, wallMs, cpuMs: cpuMs(process.cpuUsage(cpuBefore)) };
}

async function main(): Promise<void> {
  const raw = process.env[childRequestEnv];
  if (raw === undefined) throw new Error(`${childRequestEnv} is not set`);
  const request = JSON.parse(raw) as ChildRequest;

  const initStart = performance.now();
  const system = await createSystem(request.system, request.locations);
  await system.classify(benchSentences[0] as string);
  const firstAnswerAt = performance.now();
  await send({
    type: "first-answer",
    initAndFirstAnswerMs: firstAnswerAt - initStart,
    cpuMsAtFirstAnswer: cpuMs(process.cpuUsage()),
  });
  if (request.mode === "cold") return;

  // Commands arrive one at a time (the parent waits for each answer), but are chained anyway so none overlaps.
  let queue = Promise.resolve();
  await new Promise<void>((resolve, reject) => {
    process.on("message", (command: ParentCommand) => {
      queue = queue
        .then(async () => {
          if (command.type === "block") {
            await send(await runBlock(system, command));
            return;
          }
          const labels: string[] = [];
          for (const sentence of benchSentences)
            labels.push(system.topLabel(await system.classify(sentence)));
          // ru_maxrss is in kilobytes on Linux
          await send({ type: "result", labels, maxRssBytes: process.resourceUsage().maxRSS * 1024 });
          resolve();
        })
        .catch(reject);
    });
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
