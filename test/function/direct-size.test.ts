import assert from "node:assert/strict";
import fc from "fast-check";
import { createHandler, type ClassifierHandler } from "../../function/src/handler.js";
import { RequestError } from "../../function/src/request/errors.js";
import { countCodePoints } from "../../function/src/request/text-size.js";
import { testContext } from "./support/context.js";
import { outputNamedModelDir } from "./support/paths.js";
import { buildService, loadPredictor } from "./support/service.js";

/*
 * A direct invocation has no HTTP body whose bytes were counted first: its sentences are bounded by MAX_BODY_BYTES
 * (65,536 by default) before any per-character work, and the character count walks the string without spreading it.
 */

/** Runs `action` with String.prototype[Symbol.iterator] counted: `[...text]` and `for...of` go through it. */
async function countingStringIteration<T>(
  action: () => Promise<T>,
): Promise<{ value: T; iterations: number }> {
  const original = Object.getOwnPropertyDescriptor(String.prototype, Symbol.iterator)!;
  let iterations = 0;
  Object.defineProperty(String.prototype, Symbol.iterator, {
    ...original,
    value: function (this: string) {
      iterations += 1;
      return (original.value as (this: string) => Iterator<string>).call(this);
    },
  });
  try {
    return { value: await action(), iterations };
  } finally {
    Object.defineProperty(String.prototype, Symbol.iterator, original);
  }
}

async function refusal(handler: ClassifierHandler, payload: unknown): Promise<RequestError> {
  try {
    await handler(payload, testContext());
  } catch (error) {
    assert.ok(error instanceof RequestError, String(error));
    return error;
  }
  assert.fail("the payload was accepted");
}

describe("direct invocations: byte bound and character count", function () {
  let handler: ClassifierHandler;

  before(async function () {
    handler = createHandler(buildService(await loadPredictor(outputNamedModelDir)));
  });

  it("refuses a 6 MiB sentence of 3M emoji with 413 from its length alone, in milliseconds, never iterating it", async function () {
    const sentence = "😀".repeat(3_000_000);
    const started = performance.now();
    const { value: error, iterations } = await countingStringIteration(() => refusal(handler, { sentence }));
    const elapsedMs = performance.now() - started;
    assert.equal(error.code, "payload_too_large");
    assert.equal(error.statusCode, 413);
    assert.equal(
      error.message,
      "the sentences hold at least 6000000 bytes of text; allowed: at most 65536 bytes",
    );
    assert.equal(iterations, 0, "the sentence was iterated");
    // Spreading it took 629 ms and 177 MB before; the bound reads one length.
    assert.ok(elapsedMs < 50, `${elapsedMs.toFixed(1)} ms`);
  });

  it("refuses a batch whose UTF-8 exceeds the limit though its UTF-16 length does not, naming the exact bytes", async function () {
    // 30 × 1,500 "é": 45,000 code units, 90,000 bytes; each sentence is within MAX_SENTENCE_CHARS.
    const error = await refusal(handler, { sentences: new Array<string>(30).fill("é".repeat(1500)) });
    assert.equal(error.code, "payload_too_large");
    assert.equal(error.message, "the sentences hold 90000 bytes of text; allowed: at most 65536 bytes");
  });

  it("counts 2,001 emoji as 2,001 characters without iterating the string", async function () {
    const { value: error, iterations } = await countingStringIteration(() =>
      refusal(handler, { sentence: "😀".repeat(2001) }),
    );
    assert.equal(error.code, "sentence_too_long");
    assert.equal(error.message, '"sentence" has 2001 characters; allowed: at most 2000');
    assert.equal(iterations, 0, "the sentence was iterated");
  });

  it("counts code points as [...text].length does, lone surrogates included", function () {
    const unit = fc.oneof(
      fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
      fc.constantFrom("a", "😀", "\ud83d", "\ude00"),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 50 }), (text) => countCodePoints(text) === [...text].length),
      { numRuns: 2_000 },
    );
  });
});
