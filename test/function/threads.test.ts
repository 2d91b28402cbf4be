import assert from "node:assert/strict";
import { intraOpThreads, lambdaMemoryMb, sessionOptionsForMemory } from "../../function/src/model/threads.js";

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
    it(`${memoryMb} MB (${vcpus} vCPU): ${threads} thread${threads === 1 ? "" : "s"}, spinning off`, function () {
      assert.equal(intraOpThreads(memoryMb), threads);
      const options = sessionOptionsForMemory(memoryMb);
      assert.equal(options.intraOpNumThreads, threads);
      assert.equal(options.interOpNumThreads, 1);
      assert.deepEqual(options.extra, { session: { intra_op: { allow_spinning: "0" } } });
    });
  }

  it("one thread outside Lambda (no memory size)", function () {
    assert.equal(sessionOptionsForMemory(undefined).intraOpNumThreads, 1);
  });

  it("never more threads than Lambda's largest size grants", function () {
    assert.equal(intraOpThreads(1_000_000), 5);
  });

  it("refuses a size that is not positive", function () {
    assert.throws(() => intraOpThreads(0), RangeError);
    assert.throws(() => intraOpThreads(Number.NaN), RangeError);
  });

  it("reads AWS_LAMBDA_FUNCTION_MEMORY_SIZE, ignoring what is not a size", function () {
    assert.equal(lambdaMemoryMb({ AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "3538" }), 3538);
    assert.equal(lambdaMemoryMb({ AWS_LAMBDA_FUNCTION_MEMORY_SIZE: " 1769 " }), 1769);
    for (const raw of [undefined, "", "0", "-5", "1.5e3", "lots"])
      assert.equal(lambdaMemoryMb({ AWS_LAMBDA_FUNCTION_MEMORY_SIZE: raw }), undefined, String(raw));
  });
});
