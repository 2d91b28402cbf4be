import type { Server } from "node:http";

const DEFAULT_PORT = 3000;

/**
 * The port from `PORT`: unset means 3000, 0 lets the system choose; anything else that is not a whole number
 * from 0 to 65535 (an empty value included, which Node would otherwise take as 0) is refused.
 */
export function readPort(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PORT;
  const port = /^\d{1,5}$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new Error(`PORT is "${raw}"; allowed: an integer from 0 to 65535 (unset: ${DEFAULT_PORT})`);
  }
  return port;
}

const LISTEN_PROBLEMS: Record<string, string> = {
  EADDRINUSE: "is already in use; stop what holds it or choose another with PORT (e.g. PORT=8080 npm start)",
  EACCES: "needs privileges this user lacks; choose one above 1023 with PORT (e.g. PORT=8080 npm start)",
};

/** Listens on `host:port`, resolving with the bound port, or rejecting with an error that says what to do. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => {
      const problem = LISTEN_PROBLEMS[error.code ?? ""];
      reject(problem === undefined ? error : new Error(`port ${port} on ${host} ${problem}`));
    };
    server.once("error", failed);
    server.listen(port, host, () => {
      server.off("error", failed);
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : port);
    });
  });
}
