import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import http from "node:http";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { createEngine, silentLogger } from "@embargo/core";
import { createApp } from "./app.ts";
import { trackResources, warmUp } from "./lifecycle.ts";

const child = fileURLToPath(new URL("./testdata/serve-child.ts", import.meta.url));

/** GET over a fresh connection; resolves once the request is fully written, and with the whole answer later. */
function get(port: number, path: string): { sent: Promise<void>; answer: Promise<{ status: number; body: string }> } {
  let onSent: () => void = () => {};
  const sent = new Promise<void>((r) => {
    onSent = r;
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        body += d;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("finish", onSent);
    req.on("error", reject);
  });
  return { sent, answer };
}

test("SIGTERM during requests: every in-flight request completes and the process exits 0 within 2 s", async () => {
  const proc = spawn(process.execPath, ["--import", "tsx", child], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  proc.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((r) =>
    proc.on("exit", (code, signal) => r({ code, signal, at: performance.now() })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      const m = /PORT (\d+)/.exec(stdout);
      if (m) resolve(Number(m[1]));
    });
    proc.on("exit", () => reject(new Error(`server exited before listening: ${stderr}`)));
  });
  // Cold: nothing warmed, so these load the regimes while the signal arrives.
  const requests = Array.from({ length: 8 }, () => get(port, "/v1/regimes"));
  await Promise.all(requests.map((r) => r.sent));
  const signalled = performance.now();
  proc.kill("SIGTERM");
  const answers = await Promise.all(requests.map((r) => r.answer));
  for (const a of answers) {
    assert.equal(a.status, 200, a.body);
    assert.equal(typeof (JSON.parse(a.body) as { dataVersion?: unknown }).dataVersion, "string");
  }
  const exit = await exited;
  assert.equal(exit.code, 0, `exit ${exit.code} ${exit.signal}: ${stderr}`);
  assert.ok(exit.at - signalled < 2000, `exited ${Math.round(exit.at - signalled)} ms after SIGTERM`);
  assert.match(stdout, /CLOSED/);
});

test("/readyz is 503 while warming and 200 once the warmers ran; /healthz is 200 throughout", async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const engine = createEngine();
  const warm = warmUp(engine, [{ name: "slow", run: () => gate }], silentLogger);
  const app = createApp({ engine, readiness: warm.state, web: false });
  assert.equal((await app.request("/healthz")).status, 200);
  const before = await app.request("/readyz");
  assert.equal(before.status, 503);
  assert.deepEqual(((await before.json()) as { pending: string[] }).pending, ["slow"]);
  release();
  await warm.done;
  const after = await app.request("/readyz");
  assert.equal(after.status, 200);
  assert.equal(((await after.json()) as { status: string }).status, "ready");
});

test("a failed warmer is reported by /readyz but does not keep the server unready", async () => {
  const engine = createEngine();
  const warm = warmUp(
    engine,
    [
      {
        name: "broken",
        run: async () => {
          throw new Error("no data");
        },
      },
    ],
    silentLogger,
  );
  await warm.done;
  const app = createApp({ engine, readiness: warm.state, web: false });
  const r = await app.request("/readyz");
  assert.equal(r.status, 200);
  assert.equal(((await r.json()) as { failed: { name: string }[] }).failed[0]?.name, "broken");
});

test("trackResources closes what the engine loaded: close(), connection.closeSync(), and one level inside", async () => {
  const closed: string[] = [];
  const { engine, closeAll } = trackResources(createEngine());
  await engine.lazy("store", async () => ({ close: async () => void closed.push("store") }));
  await engine.lazy("duck", async () => ({ connection: { closeSync: () => void closed.push("duck") } }));
  await engine.lazy("cfg", async () => ({ registry: { close: async () => void closed.push("registry") }, keys: [] }));
  await engine.lazy("plain", async () => ({ rows: [1, 2, 3] }));
  await engine.lazy("failed", async () => Promise.reject(new Error("x"))).catch(() => {});
  engine.replace("injected", { close: () => void closed.push("injected") });
  await closeAll(silentLogger);
  assert.deepEqual(closed.sort(), ["duck", "injected", "registry", "store"]);
});
