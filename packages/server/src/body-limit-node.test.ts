// The body limit at the node level (nodeBodyLimit in edges.ts), through a real server from startServer on port 0.
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { after, before, test } from "node:test";
import { createEngine, memoryLogger } from "@embargo/core";
import { type RunningServer, startServer } from "./index.ts";

const LIMIT = 64 * 1024;
const CHUNK = 16 * 1024;
const logger = memoryLogger();
let server: RunningServer;

before(async () => {
  server = await startServer({
    engine: createEngine(),
    port: 0,
    logger,
    warmers: [],
    handleSignals: false,
    lameDuckMs: 0,
    edges: { maxBodyBytes: LIMIT, rateLimit: false },
  });
});
after(() => server.close());

function get(pathname: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port: server.port, path: pathname, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => {
        body += d;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
  });
}

/** Opens a raw socket, sends `head`, then chunked pieces of CHUNK bytes for ever (or `body` then the end). */
function rawRequest(head: string, forever: boolean, body?: string): Promise<{ response: string; sent: number }> {
  return new Promise((resolve) => {
    const socket = net.connect(server.port, "127.0.0.1");
    let response = "";
    let sent = 0;
    let stopped = false;
    const piece = Buffer.concat([
      Buffer.from(`${CHUNK.toString(16)}\r\n`),
      Buffer.alloc(CHUNK, 0x20),
      Buffer.from("\r\n"),
    ]);
    const finish = () => {
      if (stopped) return;
      stopped = true;
      socket.destroy();
      resolve({ response, sent });
    };
    socket.on("data", (d) => {
      response += d.toString("latin1");
      // The whole answer (head and JSON body) is in once the body parses.
      const at = response.indexOf("\r\n\r\n");
      if (at >= 0) {
        try {
          JSON.parse(response.slice(at + 4));
          finish();
        } catch {
          // more to come
        }
      }
    });
    socket.on("error", finish);
    socket.on("close", finish);
    socket.on("connect", () => {
      socket.write(head);
      if (!forever) {
        socket.write(body ?? "");
        return;
      }
      const pump = () => {
        while (!stopped) {
          sent += CHUNK;
          if (!socket.write(piece)) {
            socket.once("drain", pump);
            return;
          }
        }
      };
      pump();
    });
  });
}

test("a chunked body streamed for ever is a 413 after reading at most the limit plus one chunk; /healthz answers meanwhile", async () => {
  const before = logger.entries.length;
  const head =
    "POST /v1/screen HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  const [huge, health] = await Promise.all([rawRequest(head, true), get("/healthz")]);
  assert.equal(health.status, 200);
  assert.match(huge.response, /^HTTP\/1\.1 413 /);
  assert.match(huge.response, /\r\nconnection: close\r\n/i);
  assert.match(huge.response, /\r\ncontent-security-policy: /i);
  const error = JSON.parse(huge.response.slice(huge.response.indexOf("\r\n\r\n") + 4)).error;
  assert.equal(error.code, "BODY_TOO_LARGE");
  assert.equal(error.category, "invalid_input");
  assert.equal(typeof error.message, "string");
  assert.equal(error.issues[0].field, "body");
  // What the server read before refusing (its log entry): over the limit, by at most one socket read of one chunk.
  const refused = logger.entries.slice(before).find((e) => e.msg?.startsWith("request body over the limit"))?.obj as {
    bytesRead: number;
    limit: number;
  };
  assert.ok(refused, "the refusal is logged");
  assert.equal(refused.limit, LIMIT);
  assert.ok(refused.bytesRead > LIMIT, `read ${refused.bytesRead}`);
  assert.ok(refused.bytesRead <= LIMIT + CHUNK + 64, `read ${refused.bytesRead} bytes of a body limited to ${LIMIT}`);
  // The server is still fine afterwards.
  assert.equal((await get("/healthz")).status, 200);
});

test("a declared Content-Length over the limit is a 413 without reading the body", async () => {
  const head = `POST /v1/screen HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${LIMIT + 1}\r\n\r\n`;
  const r = await rawRequest(head, false);
  assert.match(r.response, /^HTTP\/1\.1 413 /);
  assert.equal(JSON.parse(r.response.slice(r.response.indexOf("\r\n\r\n") + 4)).error.code, "BODY_TOO_LARGE");
});

test("a chunked body within the limit reaches the route unchanged", async () => {
  const json = JSON.stringify({ name1: "Ivan Petrov", name2: "Ivan Petrov", type: "person" });
  // Two chunks: the route sees the concatenation.
  const half = Math.floor(json.length / 2);
  const a = json.slice(0, half);
  const b = json.slice(half);
  const body = `${a.length.toString(16)}\r\n${a}\r\n${b.length.toString(16)}\r\n${b}\r\n0\r\n\r\n`;
  const head =
    "POST /v1/screen/compare HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  const r = await rawRequest(head, false, body);
  // The route parsed both halves (a body cut short would not be valid JSON: a 400).
  assert.match(r.response, /^HTTP\/1\.1 200 /);
});
