import { setTimeout as sleep } from "node:timers/promises";
import { percentileOfSorted } from "../stats.js";
import { readLabels } from "../systems/model-config.js";
import { drive } from "./drive.js";
import { processRssBytes } from "./process-rss.js";
import { requestMix } from "./request-mix.js";
import { newTally, recordResponse, type ResponseTally } from "./response-checks.js";

export interface LoadOptions {
  baseUrl: string;
  /** The server's pid, for RSS sampling; the server must be another process than this one. */
  serverPid: number;
  /** Requests the server's handler has answered so far (see ServerProcess.handledRequests). */
  handledRequests: () => number;
  connections: number;
  durationSeconds: number;
  /** The model folder the server serves, whose config.json names the labels every prediction must list. */
  modelDir: string;
}

export interface LoadReport {
  connections: number;
  durationSeconds: number;
  sent: number;
  completed: number;
  /** Requests sent but never answered (each client finishes the one under way when the clock stops): 0. */
  inFlightAtStop: number;
  /**
   * Requests of this run the handler answered, from the server's own log, counted once it has gone quiet after
   * the run: equal to `sent` when none was dropped (the ones in flight at the stop included).
   */
  handledByServer: number;
  errors: number;
  timeouts: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  tally: ResponseTally;
  rssAfterTenPercentBytes: number;
  rssAfterRunBytes: number;
  rssGrowth: number;
  peakRssBytes: number;
}

interface RssSample {
  responses: number;
  rssBytes: number;
}

/**
 * Drives the local API with the good+bad mix on 127.0.0.1 and samples the server's RSS as it goes. Leak check
 * material: RSS once 10 % of the requests are answered (start-up and warm-up allocations are done by then) and
 * RSS right after the run.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const url = new URL(options.baseUrl);
  if (url.hostname !== "127.0.0.1") throw new Error(`load tests only target 127.0.0.1, not ${url.hostname}`);
  const mix = requestMix();
  const tally = newTally(mix);
  const samples: RssSample[] = [];
  const sample = (): void => {
    samples.push({ responses: tally.total, rssBytes: processRssBytes(options.serverPid) });
  };
  sample();
  const handledBefore = options.handledRequests();
  const sampler = setInterval(sample, 100);

  const labels = readLabels(options.modelDir);
  const result = await drive({
    baseUrl: options.baseUrl,
    mix,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    timeoutMs: 10_000,
    onResponse: (request, status, body) => recordResponse(tally, request, status, body, labels),
  }).finally(() => clearInterval(sampler));
  sample();
  const handledByServer = (await settledCount(options.handledRequests)) - handledBefore;

  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  const afterRun = samples[samples.length - 1] as RssSample;
  const tenPercent = samples.find((s) => s.responses >= tally.total * 0.1) ?? afterRun;
  return {
    connections: options.connections,
    durationSeconds: result.durationSeconds,
    sent: result.sent,
    completed: result.completed,
    inFlightAtStop: result.sent - result.completed - result.errors - result.timeouts,
    handledByServer,
    errors: result.errors,
    timeouts: result.timeouts,
    requestsPerSecond: result.completed / result.durationSeconds,
    latencyP50Ms: percentileOfSorted(sorted, 50),
    latencyP99Ms: percentileOfSorted(sorted, 99),
    tally,
    rssAfterTenPercentBytes: tenPercent.rssBytes,
    rssAfterRunBytes: afterRun.rssBytes,
    rssGrowth: afterRun.rssBytes / tenPercent.rssBytes - 1,
    peakRssBytes: samples.reduce((peak, s) => Math.max(peak, s.rssBytes), 0),
  };
}

/** Waits until a counter has stopped moving for 500 ms (at most 10 s), then returns it. */
async function settledCount(read: () => number): Promise<number> {
  const deadline = Date.now() + 10_000;
  let last = read();
  while (Date.now() < deadline) {
    await sleep(500);
    const now = read();
    if (now === last) return now;
    last = now;
  }
  return last;
}

export interface LoadVerdict {
  ok: boolean;
  failures: string[];
}

/** The load test's pass criteria; `checkRss` off for runs too short for a meaningful leak check. */
export function judgeLoad(report: LoadReport, checkRss: boolean): LoadVerdict {
  const failures: string[] = [];
  if (report.errors > 0) failures.push(`${report.errors} connection errors`);
  if (report.timeouts > 0) failures.push(`${report.timeouts} timeouts`);
  if (report.tally.unexpectedStatus > 0)
    failures.push(`${report.tally.unexpectedStatus} unexpected statuses`);
  if (report.tally.badBody > 0) failures.push(`${report.tally.badBody} bodies breaking the contract`);
  if (report.tally.total !== report.completed)
    failures.push(`${report.completed} responses received but ${report.tally.total} checked`);
  if (report.inFlightAtStop > report.connections)
    failures.push(
      `${report.inFlightAtStop} requests unanswered, more than the ${report.connections} in flight at stop`,
    );
  if (report.handledByServer !== report.sent)
    failures.push(`${report.sent} requests sent but the handler answered ${report.handledByServer}`);
  if (report.completed === 0) failures.push("no responses at all");
  if (checkRss && report.rssGrowth > 0.1)
    failures.push(
      `server RSS grew ${(report.rssGrowth * 100).toFixed(1)} % after the first 10 % of requests (limit 10 %)`,
    );
  return { ok: failures.length === 0, failures };
}
