import assert from "node:assert/strict";
import { allowedThrottledShare, percent, recommendMemory, throttledShare } from "../../bench/targets.js";

const row = (memoryMb: number, throttled: number, periods: number) => ({
  memoryMb,
  figures: { throttling: { throttled, periods } },
});

describe("bench: the memory-size rule", function () {
  it("recommends the smallest size throttled in at most the allowed share of its CPU periods", function () {
    const rows = [row(3538, 0, 400), row(1024, 128, 300), row(1769, 7, 240)];
    assert.equal(recommendMemory(rows)?.memoryMb, 1769);
  });

  it("does not depend on the rows' order or on the run's length, only on the share", function () {
    const longRun = [row(1769, 70, 2400), row(1024, 1280, 3000)];
    assert.equal(recommendMemory(longRun)?.memoryMb, 1769);
    const justOver = Math.ceil(allowedThrottledShare * 1000) + 1;
    assert.equal(recommendMemory([row(1769, justOver, 1000), row(3538, 0, 1000)])?.memoryMb, 3538);
  });

  it("recommends nothing without throttling counters (no cgroup) or when every size is throttled", function () {
    assert.equal(recommendMemory([{ memoryMb: 1769, figures: { throttling: undefined } }]), undefined);
    assert.equal(recommendMemory([row(1024, 90, 100), row(1769, 50, 100)]), undefined);
    assert.equal(throttledShare({ throttling: { throttled: 0, periods: 0 } }), undefined);
  });

  it("prints shares as percentages", function () {
    assert.equal(percent(0.047), "4.7 %");
    assert.equal(percent(0.43), "43 %");
  });
});
