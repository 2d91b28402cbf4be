import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import {
  childPids,
  exitOf,
  portOpen,
  startServer,
  waitGone,
  type StartedServer,
} from "./support/server-child.js";

/*
 * `npm start` as a process: one node process that stops on SIGTERM and SIGINT after answering what is in flight,
 * request targets Node's parser lets through but a URL parser would choke on, clients that leave mid-body, and the
 * answers Node's HTTP parser gives by itself (docs/api.md, "The local API").
 */

interface RawReply {
  status: number;
  head: string;
  body: string;
}

/** Sends `request` byte for byte on a fresh connection and reads the one answer (the server closes or it ends). */
function rawRequest(port: number, request: string | Buffer): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.once("error", reject);
    socket.once("close", () => resolve(parseReply(Buffer.concat(chunks).toString("utf8"))));
    socket.write(request);
  });
}

function parseReply(text: string): RawReply {
  const split = text.indexOf("\r\n\r\n");
  const head = split === -1 ? text : text.slice(0, split);
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
    head,
    body: split === -1 ? "" : text.slice(split + 4),
  };
}

const get = (target: string): string =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`;

function post(target: string, body: Buffer, contentType = "application/json"): Buffer {
  const head =
    `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n` +
    `Content-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), body]);
}

function errorCode(reply: RawReply): string | undefined {
  return (JSON.parse(reply.body) as { error?: { code?: string } }).error?.code;
}

/** A connection that has sent the headers of a POST and part of its body, and waits to send the rest. */
async function halfSentPost(port: number, body: Buffer): Promise<{ socket: Socket; rest: Buffer }> {
  const socket = connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  const whole = post("/predict", body);
  const cut = whole.length - Math.floor(body.length / 2);
  socket.write(whole.subarray(0, cut));
  return { socket, rest: whole.subarray(cut) };
}

describe("npm start as a process (local/server.ts)", function () {
  describe("started as package.json's start script runs it (node --import tsx), LOG_LEVEL=DEBUG", function () {
    let server: StartedServer;

    before(async function () {
      server = await startServer("node", { LOG_LEVEL: "DEBUG" });
    });

    after(async function () {
      if (server.child.exitCode === null) server.child.kill("SIGKILL");
      await exitOf(server.child);
    });

    it("answers targets beginning with // as paths (JSON 404 from the handler), never as a host or a 500", async function () {
      for (const target of ["//", "//a:b@x/health", "///health", "//predict?x=1", "http://x/health"]) {
        const reply = await rawRequest(server.port, get(target));
        assert.equal(reply.status, 404, `${target}: ${reply.head}`);
        assert.match(reply.head, /content-type: application\/json/i, target);
        assert.equal(errorCode(reply), "not_found", target);
      }
      assert.doesNotMatch(server.output(), /Invalid URL|TypeError/);
    });

    it("passes invalid UTF-8 in a JSON body on as U+FFFD, as API Gateway passes text, and classifies it", async function () {
      const withBadByte = Buffer.concat([
        Buffer.from('{"sentence":"The cat'),
        Buffer.of(0xff),
        Buffer.from(' sat."}'),
      ]);
      const replaced = Buffer.from(JSON.stringify({ sentence: "The cat\ufffd sat." }));
      const bad = await rawRequest(server.port, post("/predict", withBadByte));
      const expected = await rawRequest(server.port, post("/predict", replaced));
      assert.equal(bad.status, 200, bad.body);
      assert.deepEqual(JSON.parse(bad.body), JSON.parse(expected.body));
      // Marked binary (base64 on the way to the function), the same bytes are refused: only there can they be seen.
      const binary = await rawRequest(server.port, post("/predict", withBadByte, "application/octet-stream"));
      assert.equal(binary.status, 400);
      assert.equal(errorCode(binary), "invalid_body");
    });

    it("writes one debug line, no stack, when a client leaves mid-body", async function () {
      const before = server.output().length;
      const { socket } = await halfSentPost(
        server.port,
        Buffer.from(JSON.stringify({ sentence: "a".repeat(500) })),
      );
      await sleep(100);
      socket.destroy();
      await sleep(500);
      const written = server.output().slice(before);
      assert.equal(written, "client closed the connection mid-body: POST /predict\n");
    });

    it("leaves Node's own answers to Node: 400 for a malformed request, 431 for headers over 16 KiB, empty bodies", async function () {
      const malformed = await rawRequest(server.port, "GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body, "");
      const huge = await rawRequest(
        server.port,
        `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(17 * 1024)}\r\n\r\n`,
      );
      assert.equal(huge.status, 431);
      assert.equal(huge.body, "");
    });

    it("on SIGTERM stops accepting, answers the request in flight, then exits 0", async function () {
      const { socket, rest } = await halfSentPost(
        server.port,
        Buffer.from(JSON.stringify({ sentence: "The cat sat on the mat." })),
      );
      const chunks: Buffer[] = [];
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
      await sleep(100);
      server.child.kill("SIGTERM");
      await sleep(300);
      assert.equal(await portOpen(server.port), false, "still accepting connections after SIGTERM");
      socket.write(rest);
      await closed;
      const reply = parseReply(Buffer.concat(chunks).toString("utf8"));
      assert.equal(reply.status, 200, reply.head);
      assert.equal((JSON.parse(reply.body) as unknown[]).length, 2);
      assert.deepEqual(await exitOf(server.child), { code: 0, signal: null });
    });
  });

  it("on SIGINT (Ctrl+C) closes the port and exits 0", async function () {
    const server = await startServer("node");
    server.child.kill("SIGINT");
    assert.deepEqual(await exitOf(server.child), { code: 0, signal: null });
    assert.equal(await portOpen(server.port), false);
  });

  it("`npm start` is npm and one node child; killing npm by pid ends both and closes the port", async function () {
    const server = await startServer("npm");
    const npmPid = server.child.pid!;
    const children = childPids(npmPid);
    assert.equal(children.length, 1, `npm's children: ${children.join(", ")}`);
    const nodePid = children[0]!;
    assert.match(readFileSync(`/proc/${nodePid}/cmdline`, "utf8").replaceAll("\0", " "), /local\/server\.ts/);
    assert.deepEqual(childPids(nodePid), [], "the server has children of its own");

    // A client leaving mid-body says nothing at the default log level.
    const before = server.output().length;
    const { socket } = await halfSentPost(server.port, Buffer.from("x".repeat(200)));
    socket.destroy();
    await sleep(300);
    assert.equal(server.output().slice(before), "");

    process.kill(npmPid, "SIGTERM");
    await exitOf(server.child);
    assert.ok(await waitGone(nodePid), `the server (pid ${nodePid}) outlived npm`);
    assert.equal(await portOpen(server.port), false);
  });
});
