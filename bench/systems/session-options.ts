/**
 * Session options for the floor and the original-method systems. One intra-op thread: for a 2-layer, 128-wide
 * model the per-run work is far too small to split, and measured here a second thread only adds wake-up and
 * synchronisation cost (twice the CPU time, a worse p99 and slower batches of 32). On Lambda, which below 3,008 MB
 * shows two vCPUs but grants at most memory/1,769 of one, a second spinning thread burns the quota outright.
 * The floor takes the fastest configuration this stack has, so "ours / floor" shows only the handler's own cost.
 */
export const floorSessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1 } as const;
