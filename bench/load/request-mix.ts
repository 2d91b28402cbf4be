import { DEFAULT_LIMITS } from "../../function/src/settings.js";
import { benchBatch, benchSentences } from "../sentences.js";

/** One request of the load mix and the status the API contract says it must get. */
export interface MixRequest {
  name: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  body?: string;
  headers?: Record<string, string>;
  expectedStatus: number;
  /** What a 200 must carry: the predictions for this many sentences (a list, or one list per sentence), or health. */
  answer?: { sentences: number; batch: boolean } | "health";
}

const json = { "content-type": "application/json" };
const overLimit = DEFAULT_LIMITS.maxSentences + 1;
const sentence = (i: number): string => benchSentences[i % benchSentences.length] as string;

/**
 * Good and bad requests interleaved (each connection cycles through the list in order), so every bad request is
 * followed by a good one on the same connection: a malformed request must not affect the next. 6 of 12 good.
 * Limits assumed: the handler's defaults (DEFAULT_LIMITS: 64 sentences, 2,000 characters, 64 KiB body).
 */
export function requestMix(): MixRequest[] {
  return [
    {
      name: "one sentence",
      method: "POST",
      path: "/predict",
      headers: json,
      body: JSON.stringify({ sentence: sentence(0) }),
      expectedStatus: 200,
      answer: { sentences: 1, batch: false },
    },
    {
      name: "invalid JSON",
      method: "POST",
      path: "/predict",
      headers: json,
      body: '{"sentence": "The cat',
      expectedStatus: 400,
    },
    {
      name: "batch of 8",
      method: "POST",
      path: "/predict",
      headers: json,
      body: JSON.stringify({ sentences: Array.from({ length: 8 }, (_, i) => sentence(i + 3)) }),
      expectedStatus: 200,
      answer: { sentences: 8, batch: true },
    },
    {
      name: "wrong type",
      method: "POST",
      path: "/predict",
      headers: json,
      body: JSON.stringify({ sentence: 42 }),
      expectedStatus: 400,
    },
    { name: "health", method: "GET", path: "/health", expectedStatus: 200, answer: "health" },
    {
      name: "blank sentence",
      method: "POST",
      path: "/predict",
      headers: json,
      body: JSON.stringify({ sentence: "   " }),
      expectedStatus: 400,
    },
    {
      name: "another sentence",
      method: "POST",
      path: "/predict",
      headers: json,
      body: JSON.stringify({ sentence: sentence(9) }),
      expectedStatus: 200,
      answer: { sentences: 1, batch: false },
    },
    {
      name: `${overLimit} sentences (over the limit)`,
      method: "POST",
      path: "/predict",
      headers: json,
      body: JSON.stringify({ sentences: Array.from({ length: overLimit }, (_, i) => sentence(i)) }),
      expectedStatus: 413,
    },
    {
      name: "long sentence",
      method: "POST",
      path: "/predict",
      headers: json,
      body: JSON.stringify({ sentence: sentence(15) }),
      expectedStatus: 200,
      answer: { sentences: 1, batch: false },
    },
    { name: "unknown GET path", method: "GET", path: "/nope", expectedStatus: 404 },
    {
      name: `batch of ${benchBatch.length}`,
      method: "POST",
      path: "/predict",
      headers: json,
      body: JSON.stringify({ sentences: benchBatch }),
      expectedStatus: 200,
      answer: { sentences: benchBatch.length, batch: true },
    },
    { name: "wrong method", method: "PUT", path: "/predict", headers: json, body: "{}", expectedStatus: 405 },
  ];
}
