import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { listen, readPort } from "../../local/listen.js";
import { runTsx, type ChildResult } from "../function/support/child.js";

const SERVER = path.join("local", "server.ts");

/** What `npm start` printed on stderr, as lines (tsx adds nothing of its own). */
const stderrLines = (result: ChildResult): string[] => result.stderr.trim().split("\n");

describe("local API port (local/listen.ts)", function () {
  it("PORT unset means 3000; a whole number from 0 to 65535 is used as given", function () {
    assert.equal(readPort(undefined), 3000);
    for (const [raw, port] of [
      ["0", 0],
      ["8080", 8080],
      ["65535", 65535],
    ] as const) {
      assert.equal(readPort(raw), port, raw);
    }
  });

  it("refuses an empty or invalid PORT, naming it and the allowed range", function () {
    for (const raw of ["", " ", "abc", "-1", "65536", "80.5", "1e3", "0x50", "99999999"]) {
      assert.throws(
        () => readPort(raw),
        { message: `PORT is "${raw}"; allowed: an integer from 0 to 65535 (unset: 3000)` },
        JSON.stringify(raw),
      );
    }
  });

  describe("a port another process holds", function () {
    let holder: Server;
    let port: number;

    before(async function () {
      holder = createServer();
      port = await listen(holder, 0, "127.0.0.1");
    });

    after(function () {
      holder.close();
    });

    it("listen() rejects with one sentence that names the port and says what to do", async function () {
      await assert.rejects(listen(createServer(), port, "127.0.0.1"), {
        message: `port ${port} on 127.0.0.1 is already in use; stop what holds it or choose another with PORT (e.g. PORT=8080 npm start)`,
      });
    });

    it("npm start prints that one line, no stack, and exits 1", async function () {
      const result = await runTsx([SERVER], { PORT: String(port) });
      assert.equal(result.code, 1, result.stderr);
      assert.deepEqual(stderrLines(result), [
        `port ${port} on 127.0.0.1 is already in use; stop what holds it or choose another with PORT (e.g. PORT=8080 npm start)`,
      ]);
    });
  });

  it("npm start with PORT= (empty) prints one line and exits 1 instead of taking a random port", async function () {
    const result = await runTsx([SERVER], { PORT: "" });
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual(stderrLines(result), ['PORT is ""; allowed: an integer from 0 to 65535 (unset: 3000)']);
  });
});
