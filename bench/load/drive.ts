import { performance } from "node:perf_hooks";
import type { MixRequest } from "./request-mix.js";

export interface DriveOptions {
  baseUrl: string;
  mix: readonly MixRequest[];
  /** Requests in flight at once: each is one client looping over the mix, so one keep-alive connection. */
  connections: number;
  durationSeconds: number;
  timeoutMs: number;
  onResponse: (request: MixRequest, status: number, body: string) => void;
}

export interface DriveResult {
  sent: number;
  completed: number;
  errors: number;
  timeouts: number;
  latenciesMs: number[];
  durationSeconds: number;
}

/**
 * A closed-loop load: `connections` clients, each sending the mix in order, one request at a time, until the time is
 * up; a request under way then is finished, not abandoned, so every request sent has its answer checked. Node's own
 * fetch (undici) keeps each client's connection alive, so no load-generator package is needed for `npm test`.
 */
export async function drive(options: DriveOptions): Promise<DriveResult> {
  const result: DriveResult = {
    sent: 0,
    completed: 0,
    errors: 0,
    timeouts: 0,
    latenciesMs: [],
    durationSeconds: 0,
  };
  const started = performance.now();
  const end = started + options.durationSeconds * 1000;
  const client = async (offset: number): Promise<void> => {
    for (let i = offset; performance.now() < end; i++) {
      const request = options.mix[i % options.mix.length] as MixRequest;
      result.sent++;
      const sentAt = performance.now();
      try {
        const response = await fetch(new URL(request.path, options.baseUrl), {
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        const body = await response.text();
        result.latenciesMs.push(performance.now() - sentAt);
        result.completed++;
        options.onResponse(request, response.status, body);
      } catch (error) {
        if (error instanceof DOMException && error.name === "TimeoutError") result.timeouts++;
        else result.errors++;
      }
    }
  };
  // Clients start at different places in the mix, so good and bad requests are in flight together.
  await Promise.all(Array.from({ length: options.connections }, (_, c) => client(c)));
  result.durationSeconds = (performance.now() - started) / 1000;
  return result;
}
