/**
 * Crash test: a child process appends in a loop and prints each acknowledged event; it is SIGKILLed mid-stream.
 * Reopening must find every acknowledged event, and the log must be consistent with its last checkpoint (audit).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { fixedClock } from "../runtime/index.ts";
import { generateKeyPair } from "./crypto.ts";
import { openRegistry } from "./registry.ts";

const child = fileURLToPath(new URL("./testdata/crash-child.ts", import.meta.url));

async function crashRun(
  db: string,
  schema: string,
  operatorSecretKey: string,
  killAfter: number,
): Promise<Map<number, string>> {
  const acked = new Map<number, string>();
  const p = spawn(process.execPath, ["--import", "tsx", child, db, schema, operatorSecretKey], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  p.stderr.on("data", (d) => {
    err += String(d);
  });
  let buf = "";
  await new Promise<void>((resolve, reject) => {
    p.stdout.on("data", (d) => {
      buf += String(d);
      let i = buf.indexOf("\n");
      while (i >= 0) {
        const m = /^ACK (\d+) ([0-9a-f]{64})$/.exec(buf.slice(0, i));
        if (m) acked.set(Number(m[1]), m[2] as string);
        buf = buf.slice(i + 1);
        i = buf.indexOf("\n");
      }
      if (acked.size >= killAfter && !p.killed) p.kill("SIGKILL");
    });
    p.on("exit", (_code, signal) =>
      signal === "SIGKILL" ? resolve() : reject(new Error(`child exited without being killed: ${err}`)),
    );
  });
  return acked;
}

async function crashTest(db: string, schema: string): Promise<void> {
  const op = generateKeyPair();
  // Two crash/restart rounds: the second writer starts on the log the first one left behind.
  const first = await crashRun(db, schema, op.secretKey, 60);
  const second = await crashRun(db, schema, op.secretKey, 40);
  const reg = await openRegistry({
    db,
    schema,
    operatorSecretKey: op.secretKey,
    clock: fixedClock("2026-06-01T00:00:00Z"),
  });
  try {
    for (const [seq, id] of [...first, ...second]) {
      const rec = reg.view.events.get(id);
      assert.ok(rec, `acknowledged event ${seq} (${id}) lost`);
      assert.equal(rec.seq, seq);
    }
    assert.ok(reg.size >= first.size + second.size);
    const audit = await reg.audit();
    assert.deepEqual(audit.problems, []);
    assert.equal(audit.latestCheckpoint?.size, reg.size, "log consistent with its last checkpoint");
  } finally {
    await reg.close();
  }
}

test("crash test (SIGKILL during appends) on PGlite: no acknowledged event lost, log consistent", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "embargo-crash-"));
  try {
    await crashTest(`pglite:${dir}`, "crash");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const pgUrl = process.env.EMBARGO_TEST_PG_URL;
test("crash test (SIGKILL during appends) on PostgreSQL", {
  skip: pgUrl ? false : "EMBARGO_TEST_PG_URL is not set: PostgreSQL crash test skipped",
}, async () => {
  const schema = `crash_${process.pid}_${Date.now()}`;
  try {
    await crashTest(pgUrl as string, schema);
  } finally {
    const pg = await import("pg");
    const c = new pg.default.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  }
});
