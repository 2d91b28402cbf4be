import { spawnSync } from "node:child_process";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { toFeeds } from "../function/src/model/feeds.js";
import { readModelFolder } from "../function/src/model/model-folder.js";
import { loadSession, type LoadedSession } from "../function/src/model/session.js";
import { MEGABYTES_PER_VCPU, PARALLEL_MIN_TOKENS } from "../function/src/model/threads.js";
import { createCpuQuota } from "./cpu-quota.js";
import { modelDir } from "./paths.js";
import { benchSentences } from "./sentences.js";
import { median } from "./stats.js";

/*
 * `npm run bench:threads`: where the function's multi-thread session starts to pay. Under the CPU quota of two
 * vCPUs (3,538 MB), the two sessions the function loads there (one thread, two threads, spinning off) run the
 * same batches (of short bench sentences, and of a 128-token one), in blocks that alternate between them (order swapped every round), each
 * block followed by 100 ms of idling; per batch size, the medians over rounds of the round's two-thread ÷
 * one-thread ratios of wall time and CPU time. Prints a Markdown table for docs/benchmarks.md's findings.
 * The process re-runs itself inside the quota's cgroup (needs root, like `npm run bench`).
 */

type Session = LoadedSession["session"];
type Feeds = Parameters<Session["run"]>[0];

const childFlag = "COLA_THREADS_CHILD";
const memoryMb = 2 * MEGABYTES_PER_VCPU;
/** Batches of short bench sentences, then of one long sentence truncated to 128 tokens: same tokens, other shapes. */
const longSentence = benchSentences.join(" ");
const batches: { label: string; sentences: string[] }[] = [
  ...[1, 2, 4, 8, 16, 32].map((size) => ({ label: String(size), sentences: benchSentences.slice(0, size) })),
  ...[1, 2].map((size) => ({
    label: `${size} × 128 tokens`,
    sentences: Array<string>(size).fill(longSentence),
  })),
];
const rounds = 15;
const pauseMs = 100;
/** Sentences per block: enough calls for a block to last tens of milliseconds at every batch size. */
const sentencesPerBlock = 512;

interface Block {
  wallMs: number;
  cpuMs: number;
}

async function timeBlock(session: Session, feeds: Feeds, calls: number): Promise<Block> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < calls; i++) await session.run(feeds);
  const wallMs = (performance.now() - start) / calls;
  await sleep(pauseMs);
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 / calls };
}

async function measure(): Promise<void> {
  const folder = readModelFolder(modelDir);
  const model = await loadSession(folder.modelFile, folder.model, memoryMb);
  if (model.parallel === undefined) throw new Error(`no multi-thread session at ${memoryMb} MB`);
  const sessions = [model.session, model.parallel];
  const { tokenizer } = folder;
  tokenizer.setPadding({});
  tokenizer.setTruncation(128);
  const cases = await Promise.all(
    batches.map(async ({ label, sentences }) => {
      const size = sentences.length;
      const encodings = await tokenizer.encodeBatch(sentences);
      const ids = encodings.map((e) => e.getIds());
      const rows = { ids, attentionMask: encodings.map((e) => e.getAttentionMask()) };
      return {
        label,
        tokens: size * (ids[0]?.length ?? 0),
        feeds: toFeeds(rows, model.inputs),
        calls: Math.max(20, Math.round(sentencesPerBlock / size)),
      };
    }),
  );
  for (const c of cases) for (const session of sessions) await timeBlock(session, c.feeds, c.calls); // warm-up
  const ratios = cases.map(() => ({ wall: [] as number[], cpu: [] as number[], oneMs: [] as number[] }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, c] of cases.entries()) {
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      const blocks: Block[] = [];
      for (const s of order) blocks[s] = await timeBlock(sessions[s] as Session, c.feeds, c.calls);
      const [one, two] = blocks as [Block, Block];
      ratios[i]?.wall.push(two.wallMs / one.wallMs);
      ratios[i]?.cpu.push(two.cpuMs / one.cpuMs);
      ratios[i]?.oneMs.push(one.wallMs);
    }
  }
  const lines = [
    `${rounds} rounds under the quota of ${memoryMb} MB (2 vCPUs), load average ${os.loadavg()[0]?.toFixed(2)}; ` +
      `PARALLEL_MIN_TOKENS = ${PARALLEL_MIN_TOKENS}.`,
    "",
    "| batch | tokens (rows × padded length) | one thread: ms / run | two ÷ one: wall time | two ÷ one: CPU time | session used |",
    "| ---: | ---: | ---: | ---: | ---: | --- |",
    ...cases.map((c, i) => {
      const r = ratios[i] ?? { wall: [], cpu: [], oneMs: [] };
      const used = c.tokens >= PARALLEL_MIN_TOKENS ? "two threads" : "one thread";
      return `| ${c.label} | ${c.tokens} | ${median(r.oneMs).toFixed(3)} | ${median(r.wall).toFixed(2)} | ${median(r.cpu).toFixed(2)} | ${used} |`;
    }),
  ];
  console.log(lines.join("\n"));
}

function runInQuota(): void {
  const quota = createCpuQuota("cola-threads-crossover", memoryMb);
  if (quota === undefined)
    throw new Error("bench:threads needs root and a cgroup cpu controller for the quota");
  try {
    // The shell joins the cgroup, then exec replaces it with node: the whole run is under the quota.
    const result = spawnSync(
      "/bin/sh",
      [
        "-c",
        'echo $$ > "$1" && shift && exec "$@"',
        "sh",
        quota.procsFile,
        process.execPath,
        ...process.execArgv,
        __filename,
      ],
      { env: { ...process.env, [childFlag]: "1" }, stdio: "inherit" },
    );
    if (result.status !== 0) process.exitCode = result.status ?? 1;
  } finally {
    quota.remove();
  }
}

if (process.env[childFlag] === undefined) runInQuota();
else
  measure().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
