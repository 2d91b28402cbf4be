import type { MixRequest } from "./request-mix.js";

/** The API's body contract: success bodies are JSON, error bodies are `{"error": {"code", "message"}}`. */
export function bodyFollowsContract(status: number, body: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  if (status < 400) return parsed !== null && typeof parsed === "object";
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof error?.code === "string" && typeof error.message === "string";
}

export interface ResponseTally {
  byRequest: Map<string, { expected: number; statuses: Map<number, number> }>;
  unexpectedStatus: number;
  badBody: number;
  total: number;
  /** A few examples of what went wrong, for the report. */
  examples: string[];
}

export function newTally(mix: readonly MixRequest[]): ResponseTally {
  return {
    byRequest: new Map(mix.map((r) => [r.name, { expected: r.expectedStatus, statuses: new Map() }])),
    unexpectedStatus: 0,
    badBody: 0,
    total: 0,
    examples: [],
  };
}

export function recordResponse(
  tally: ResponseTally,
  request: MixRequest,
  status: number,
  body: string,
): void {
  tally.total++;
  const entry = tally.byRequest.get(request.name);
  entry?.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
  const note = (what: string): void => {
    if (tally.examples.length < 5) tally.examples.push(`${request.name}: ${what}: ${body.slice(0, 200)}`);
  };
  if (status !== request.expectedStatus) {
    tally.unexpectedStatus++;
    note(`status ${status}, expected ${request.expectedStatus}`);
  } else if (!bodyFollowsContract(status, body)) {
    tally.badBody++;
    note("body breaks the contract");
  }
}
