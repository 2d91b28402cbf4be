import type { Server } from "node:http";

/** How long requests in flight may take to finish after SIGTERM or SIGINT: the HTTP API's integration timeout. */
export const DRAIN_TIMEOUT_MS = 30_000;

/**
 * Stops the server on SIGTERM or SIGINT as a process manager expects: no new connections, idle keep-alive
 * connections closed, requests in flight answered, then exit 0. Past `drainTimeoutMs` the remaining connections
 * are cut; a second signal cuts them at once.
 */
export function closeOnSignals(server: Server, drainTimeoutMs = DRAIN_TIMEOUT_MS): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      server.closeAllConnections();
      return;
    }
    stopping = true;
    console.error(`${signal}: finishing requests in flight, then stopping`);
    server.close(() => process.exit(0));
    // Keep-alive connections that go idle once their answer is sent would otherwise hold close() open.
    server.closeIdleConnections();
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    idle.unref();
    setTimeout(() => server.closeAllConnections(), drainTimeoutMs).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
