import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MEGABYTES_PER_VCPU } from "../function/src/model/threads.js";

/** Lambda's documented ratio: a function with 1,769 MB has the equivalent of one vCPU (one vCPU-second per second). */

/*
 * Lambda does not document its scheduler period; the Linux default CFS period is used. Under sustained load the
 * mean latency depends only on the quota/period ratio; a longer period makes throttling pauses fewer but longer,
 * so p99 at small memory sizes is the figure most sensitive to this choice.
 */
const periodMicros = 100_000;

export interface CpuQuota {
  /** Write a pid here to confine that process (and the children it starts) to the quota. */
  procsFile: string;
  description: string;
  remove(): void;
}

export function vcpusForMemory(memoryMb: number): number {
  return memoryMb / MEGABYTES_PER_VCPU;
}

/**
 * Creates a cgroup whose CPU bandwidth equals what Lambda gives `memoryMb` (cgroup v2 `cpu.max`, or cgroup v1
 * `cpu.cfs_quota_us` where v2's cpu controller is not available). Needs root; returns undefined when the
 * machine does not allow it, and the caller reports the sizing table as not measured rather than guessing.
 */
export function createCpuQuota(name: string, memoryMb: number): CpuQuota | undefined {
  const quotaMicros = Math.round(vcpusForMemory(memoryMb) * periodMicros);
  const v2Root = "/sys/fs/cgroup";
  const v1Root = "/sys/fs/cgroup/cpu";
  try {
    if (existsSync(path.join(v2Root, "cgroup.controllers"))) {
      const controllers = readFileSync(path.join(v2Root, "cgroup.controllers"), "utf8");
      if (!controllers.split(/\s+/).includes("cpu")) return undefined;
      writeFileSync(path.join(v2Root, "cgroup.subtree_control"), "+cpu");
      const dir = path.join(v2Root, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "cpu.max"), `${quotaMicros} ${periodMicros}`);
      return {
        procsFile: path.join(dir, "cgroup.procs"),
        description: `cgroup v2 cpu.max "${quotaMicros} ${periodMicros}"`,
        remove: () => rmdirSync(dir),
      };
    }
    if (existsSync(path.join(v1Root, "cpu.cfs_quota_us"))) {
      const dir = path.join(v1Root, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "cpu.cfs_period_us"), String(periodMicros));
      writeFileSync(path.join(dir, "cpu.cfs_quota_us"), String(quotaMicros));
      return {
        procsFile: path.join(dir, "cgroup.procs"),
        description: `cgroup v1 cpu.cfs_quota_us=${quotaMicros} cpu.cfs_period_us=${periodMicros}`,
        remove: () => rmdirSync(dir),
      };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Throttling counters of a cgroup v1/v2 cpu.stat: of the CFS periods the cgroup ran in, how many hit the quota. */
export interface Throttling {
  periods: number;
  throttled: number;
}

export function readThrottling(procsFile: string): Throttling | undefined {
  try {
    const stat = readFileSync(path.join(path.dirname(procsFile), "cpu.stat"), "utf8");
    const periods = /nr_periods (\d+)/.exec(stat);
    const throttled = /nr_throttled (\d+)/.exec(stat);
    return periods && throttled
      ? { periods: Number(periods[1]), throttled: Number(throttled[1]) }
      : undefined;
  } catch {
    return undefined;
  }
}
