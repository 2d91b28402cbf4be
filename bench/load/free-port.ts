import { createServer } from "node:net";

/** Asks the kernel for a free loopback port, so parallel runs never collide on a fixed one. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === "string") reject(new Error("no port assigned"));
        else resolve(address.port);
      });
    });
  });
}
