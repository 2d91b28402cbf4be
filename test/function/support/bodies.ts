import assert from "node:assert/strict";
import { json } from "./events.js";

/** `length` characters of words, never ending in a space (so the sentence is the length it says). */
export function words(length: number): string {
  const text = "word ".repeat(Math.ceil(length / 5) + 1).slice(0, length);
  return text.endsWith(" ") ? `${text.slice(0, -1)}x` : text;
}

/** A batch body of exactly `bytes` UTF-8 bytes, every sentence within the default 2,000 characters. */
export function batchBodyOfBytes(bytes: number): string {
  const sentences: string[] = [];
  for (;;) {
    const remaining = bytes - Buffer.byteLength(json({ sentences: [...sentences, ""] }));
    assert.ok(remaining >= 1, `cannot make a body of exactly ${bytes} bytes`);
    if (remaining <= 2000) {
      sentences.push(words(remaining));
      break;
    }
    sentences.push(words(2000));
  }
  const body = json({ sentences });
  assert.equal(Buffer.byteLength(body), bytes);
  return body;
}

/** `{"sentence": [[[…]]]}`: an array nested `depth` deep where a string belongs. */
export function nestedArraySentence(depth: number): string {
  return `{"sentence": ${"[".repeat(depth)}${"]".repeat(depth)}}`;
}

/** `{"a": {"a": … 1 …}}`: an object body nested `depth` deep. */
export function nestedObjectBody(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}
