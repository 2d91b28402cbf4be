import assert from "node:assert/strict";
import { sessionFor } from "../../function/src/model/session.js";
import {
  intraOpThreads,
  lambdaMemoryMb,
  PARALLEL_MIN_TOKENS,
  sessionOptions,
  sessionThreads,
} from "../../function/src/model/threads.js";

describe("onnxruntime threads for the memory Lambda grants", function () {
  // [memory size in MB, vCPUs Lambda grants, intra-op threads expected]
  const sizes: readonly (readonly [number, string, number])[] = [
    [128, "0.07", 1],
    [512, "0.29", 1],
    [1024, "0.58", 1],
    [1769, "1.00", 1],
    [2048, "1.16", 1],
    [3008, "1.70", 1],
    [3537, "2.00 less 1 MB", 1],
    [3538, "2.00", 2],
    [5307, "3.00", 3],
    [7076, "4.00", 4],
    [8192, "4.63", 4],
    [10_240, "5.79", 5],
  ];
  for (const [memoryMb, vcpus, threads] of sizes) {
    const expected = threads === 1 ? [1] : [1, threads];
    it(`${memoryMb} MB (${vcpus} vCPU): sessions of ${expected.join(" and ")} thread(s)`, function () {
      assert.equal(intraOpThreads(memoryMb), threads);
      assert.deepEqual(sessionThreads(memoryMb), expected);
    });
  }

  it("one session of one thread outside Lambda (no memory size)", function () {
    assert.deepEqual(sessionThreads(undefined), [1]);
  });

  it("never more threads than Lambda's largest size grants", function () {
    assert.equal(intraOpThreads(1_000_000), 5);
  });

  it("refuses a size that is not positive", function () {
    assert.throws(() => intraOpThreads(0), RangeError);
    assert.throws(() => intraOpThreads(Number.NaN), RangeError);
  });

  it("gives every session the thread count asked for, one inter-op thread and spinning off", function () {
    for (const threads of [1, 2, 5]) {
      const options = sessionOptions(threads);
      assert.equal(options.intraOpNumThreads, threads);
      assert.equal(options.interOpNumThreads, 1);
      assert.deepEqual(options.extra, { session: { intra_op: { allow_spinning: "0" } } });
    }
  });

  it("reads AWS_LAMBDA_FUNCTION_MEMORY_SIZE, ignoring what is not a size", function () {
    assert.equal(lambdaMemoryMb({ AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "3538" }), 3538);
    assert.equal(lambdaMemoryMb({ AWS_LAMBDA_FUNCTION_MEMORY_SIZE: " 1769 " }), 1769);
    for (const raw of [undefined, "", "0", "-5", "1.5e3", "lots"])
      assert.equal(lambdaMemoryMb({ AWS_LAMBDA_FUNCTION_MEMORY_SIZE: raw }), undefined, String(raw));
  });
});

describe("which session runs a request, by memory size and work size", function () {
  // [rows, padded sequence length, what the run is]
  const runs: readonly (readonly [number, number, string])[] = [
    [1, 12, "a single short sentence"],
    [8, 16, "8 short sentences"],
    [1, 128, "one 128-token sentence"],
    [1, PARALLEL_MIN_TOKENS - 1, "just under the threshold"],
    [1, PARALLEL_MIN_TOKENS, "exactly the threshold"],
    [32, 20, "32 short sentences"],
  ];
  // [memory size in MB, threads of the session each run above gets]
  const expected: readonly (readonly [number, readonly number[]])[] = [
    [1024, [1, 1, 1, 1, 1, 1]],
    [1769, [1, 1, 1, 1, 1, 1]],
    [3537, [1, 1, 1, 1, 1, 1]],
    [3538, [1, 1, 1, 1, 2, 2]],
    [7076, [1, 1, 1, 1, 4, 4]],
    [10_240, [1, 1, 1, 1, 5, 5]],
  ];
  for (const [memoryMb, threads] of expected) {
    it(`${memoryMb} MB: ${threads.join(", ")} thread(s)`, function () {
      // Each session stands for its thread count, as threads.ts plans the sessions for this size.
      const [session, parallel] = sessionThreads(memoryMb);
      runs.forEach(([rows, sequence, what], i) =>
        assert.equal(sessionFor({ session, parallel }, rows, sequence), threads[i], what),
      );
    });
  }

  it("counts work as rows × padded length: many short rows reach it as one long row does", function () {
    const sessions = { session: "one thread", parallel: "many threads" };
    assert.equal(sessionFor(sessions, PARALLEL_MIN_TOKENS / 16, 16), "many threads");
    assert.equal(sessionFor(sessions, PARALLEL_MIN_TOKENS / 16, 15), "one thread");
  });
});
