import assert from "node:assert/strict";
import { judgeLoad, runLoad, type LoadReport } from "../../bench/load/run-load.js";
import { startServerProcess, type ServerProcess } from "../../bench/load/server-process.js";

/*
 * A short version of `npm run loadtest`: a few seconds of the good+bad request mix against the real local API in
 * its own process. No timing assertions (those live in the benchmark); it asserts the contract under
 * concurrency: no connection error, every response with its expected status and the documented body (each 200
 * prediction: one list per sentence, labels in order, scores summing to 1), and no request
 * dropped (the handler's own log counts every request sent). The RSS leak check needs the full 30 s run.
 */
describe("local API under a short concurrent load", function () {
  let server: ServerProcess | undefined;
  let report: LoadReport;

  before(async function () {
    server = await startServerProcess();
    report = await runLoad({
      baseUrl: server.baseUrl,
      serverPid: server.pid,
      handledRequests: server.handledRequests,
      modelDir: server.modelDir,
      connections: 8,
      durationSeconds: 3,
    });
  });

  after(async function () {
    await server?.stop();
  });

  it("answers every request of the mix without a connection error or timeout", function () {
    assert.equal(report.errors, 0);
    assert.equal(report.timeouts, 0);
    assert.ok(report.completed > 100, `only ${report.completed} responses in 3 s`);
    assert.ok(report.inFlightAtStop <= report.connections);
    assert.equal(report.handledByServer, report.sent, "requests sent but never answered by the handler");
  });

  it("gives each request its expected status and a body that follows the contract", function () {
    const verdict = judgeLoad(report, false);
    assert.deepEqual(
      verdict.failures,
      [],
      verdict.failures.join("; ") + "\n" + report.tally.examples.join("\n"),
    );
    for (const [name, entry] of report.tally.byRequest) {
      assert.ok((entry.statuses.get(entry.expected) ?? 0) > 0, `${name} was never answered`);
    }
  });
});
