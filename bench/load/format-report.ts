import type { LoadReport, LoadVerdict } from "./run-load.js";

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;

export function formatLoadReport(report: LoadReport, verdict: LoadVerdict): string {
  const rows = [...report.tally.byRequest.entries()].map(([name, entry]) => {
    const statuses = [...entry.statuses.entries()].map(([status, count]) => `${status}×${count}`).join(" ");
    return `  ${name.padEnd(32)} expected ${entry.expected}  got ${statuses || "none"}`;
  });
  return [
    `load: ${report.connections} connections, ${report.durationSeconds.toFixed(1)} s, 127.0.0.1`,
    `  requests: ${report.sent} sent, ${report.completed} responses received, ${report.inFlightAtStop} in flight ` +
      `when the clock stopped; ${report.handledByServer} answered by the handler (server log); ` +
      `${report.errors} errors, ${report.timeouts} timeouts`,
    `  ${report.requestsPerSecond.toFixed(0)} requests/s, latency p50 ${report.latencyP50Ms.toFixed(1)} ms, p99 ${report.latencyP99Ms.toFixed(1)} ms`,
    `  statuses: ${report.tally.total - report.tally.unexpectedStatus}/${report.tally.total} as expected, ` +
      `${report.tally.badBody} bodies off contract`,
    ...rows,
    `  server RSS: ${mb(report.rssAfterTenPercentBytes)} after 10 % of requests, ${mb(report.rssAfterRunBytes)} after the run ` +
      `(${report.rssGrowth >= 0 ? "+" : ""}${(report.rssGrowth * 100).toFixed(1)} %), peak ${mb(report.peakRssBytes)}`,
    ...report.tally.examples.map((e) => `  example: ${e}`),
    verdict.ok ? "PASS" : `FAIL: ${verdict.failures.join("; ")}`,
  ].join("\n");
}
