import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { EMBARGO_USER_AGENT, fetchBytes } from "./fetcher.ts";

let server: Server;
let base = "";
let huge = 0;
const seenAgents: string[] = [];

before(async () => {
  server = createServer((req, res) => {
    seenAgents.push(String(req.headers["user-agent"]));
    const u = new URL(req.url ?? "/", "http://x");
    if (u.pathname === "/ok") {
      res.setHeader("content-type", "application/json");
      res.end('{"a":1}');
    } else if (u.pathname.startsWith("/hop/")) {
      const n = Number(u.pathname.slice(5));
      res.statusCode = 302;
      res.setHeader("location", n > 0 ? `/hop/${n - 1}` : "/ok");
      res.end();
    } else if (u.pathname === "/ftp") {
      res.statusCode = 301;
      res.setHeader("location", "ftp://example.org/file");
      res.end();
    } else if (u.pathname === "/declared-huge") {
      res.setHeader("content-length", String(10_000_000));
      res.write("x");
      // never finishes: the fetcher must refuse on the header alone
    } else if (u.pathname === "/streamed-huge") {
      // No Content-Length (chunked): 64 KiB chunks until the client goes away.
      const chunk = Buffer.alloc(65_536, 120);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) huge += chunk.length;
        if (!res.destroyed) res.once("drain", pump);
      };
      res.on("close", () => {});
      pump();
    } else if (u.pathname === "/slow") {
      setTimeout(() => res.end("late"), 2_000).unref();
    } else {
      res.statusCode = 404;
      res.end("<html><body>Not found</body></html>");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

test("downloads with Embargo's user-agent and reports the content type", async () => {
  const r = await fetchBytes(fetch, `${base}/ok`);
  assert.equal(new TextDecoder().decode(r.bytes), '{"a":1}');
  assert.equal(r.contentType, "application/json");
  assert.equal(seenAgents.at(-1), EMBARGO_USER_AGENT);
});

test("follows redirects up to the limit, refuses more and refuses non-http targets", async () => {
  const r = await fetchBytes(fetch, `${base}/hop/2`, { maxRedirects: 3 });
  assert.equal(r.url, `${base}/ok`);
  await assert.rejects(fetchBytes(fetch, `${base}/hop/5`, { maxRedirects: 3, errorCode: "X_FAILED" }), {
    code: "X_FAILED",
    category: "unavailable",
    message: /more than 3 redirects/,
  });
  await assert.rejects(fetchBytes(fetch, `${base}/ftp`), { code: "FETCH_FAILED", message: /ftp: URL refused/ });
});

test("an HTTP error status is unavailable, naming the URL and status", async () => {
  await assert.rejects(fetchBytes(fetch, `${base}/missing`), {
    code: "FETCH_FAILED",
    category: "unavailable",
    message: /\/missing: HTTP 404/,
  });
});

test("a declared Content-Length over the limit is refused before reading", async () => {
  await assert.rejects(fetchBytes(fetch, `${base}/declared-huge`, { maxBytes: 1_000_000 }), {
    code: "FETCH_TOO_LARGE",
    category: "integrity",
    message: /Content-Length 10000000/,
  });
});

test("a streamed body is cut as soon as it passes the limit (never buffered whole)", async () => {
  huge = 0;
  await assert.rejects(fetchBytes(fetch, `${base}/streamed-huge`, { maxBytes: 1_000_000 }), {
    code: "FETCH_TOO_LARGE",
    category: "integrity",
  });
  // The server is still pumping when the client cancels; it never gets far past the limit (socket buffers aside).
  assert.ok(huge < 50_000_000, `server wrote ${huge} bytes`);
});

test("a slow server times out as unavailable", async () => {
  await assert.rejects(fetchBytes(fetch, `${base}/slow`, { timeoutMs: 200 }), {
    code: "FETCH_FAILED",
    category: "unavailable",
    message: /timed out after 200 ms/,
  });
});

test("a test double without a body stream is read and held to the same limit", async () => {
  const fake = async () => ({ ok: true, status: 200, arrayBuffer: async () => new Uint8Array(10).buffer });
  assert.equal((await fetchBytes(fake, "http://x/")).bytes.byteLength, 10);
  await assert.rejects(fetchBytes(fake, "http://x/", { maxBytes: 5 }), { code: "FETCH_TOO_LARGE" });
});
