/**
 * The one storage test suite, run against every backend (PGlite in memory, PGlite on disk, PostgreSQL).
 * Called from `store.test.ts`; kept separate so the crash test and others can reuse the scenario.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { fixedClock } from "../runtime/index.ts";
import { rawQuery } from "../runtime/sql-testkit.ts";
import { buildBundle, verifyBundle } from "./bundle.ts";
import { eventIdOf } from "./events.ts";
import type { SignedEvent } from "./model.ts";
import { auditDatabase, openRegistry, type Registry } from "./registry.ts";
import type { RegistryStore, StoredCheckpoint, StoredEvent } from "./store.ts";
import { docHash, kpCertificate, lot, TestWorld } from "./testkit.ts";

export const clock = fixedClock("2026-06-01T00:00:00Z");

/** Registers the standard cast and a small lineage: BW and RU rough → KP → merge → cut → grade. */
export async function populate(reg: Registry, w: TestWorld): Promise<void> {
  for (const e of w.standard()) await reg.append(e);
  const T = (d: string) => `${d}T00:00:00Z`;
  await reg.append(
    w.sign("mine-bw", {
      type: "REGISTER_ROUGH",
      time: T("2024-01-10"),
      outputs: [lot("bw-1", 10_000, { BW: 10_000 }, { pieces: 5 })],
    }),
  );
  await reg.append(
    w.sign("mine-ru", {
      type: "REGISTER_ROUGH",
      time: T("2023-06-10"),
      outputs: [lot("ru-1", 2_000, { RU: 2_000 }, { pieces: 2 })],
    }),
  );
  const cert = kpCertificate();
  await reg.append(
    w.sign("kp-bw", { type: "KP_EXPORT", time: T("2024-01-20"), inputs: ["bw-1"], body: { certificate: cert } }),
  );
  await reg.append(
    w.sign("kp-be", {
      type: "KP_IMPORT",
      time: T("2024-01-21"),
      inputs: ["bw-1"],
      body: { certNo: "BW-000123", receipt: { date: "2024-01-21", parcels: 1, weightMct: 10_000 } },
    }),
  );
  await reg.append(
    w.sign("node-be", {
      type: "G7_VERIFY",
      time: T("2024-01-22"),
      inputs: ["bw-1"],
      body: { certificateNo: "G7-BE-1", result: "PASS", measuredWeightMct: 10_000, measuredPieces: 5 },
    }),
  );
  const t = await reg.append(
    w.sign("trader-be", { type: "TRANSFER", time: T("2024-01-25"), inputs: ["bw-1"], body: { to: "cutter-in" } }),
  );
  await reg.append(
    w.sign("cutter-in", { type: "ACCEPT", time: T("2024-01-26"), inputs: ["bw-1"], body: { transfer: t.eventId } }),
  );
  await reg.append(
    w.sign("cutter-in", {
      type: "SPLIT",
      time: T("2024-01-27"),
      inputs: ["bw-1"],
      outputs: [lot("bw-1a", 6_000, { BW: 6_000 }, { pieces: 3 }), lot("bw-1b", 4_000, { BW: 4_000 }, { pieces: 2 })],
    }),
  );
  await reg.append(
    w.sign("cutter-in", {
      type: "MANUFACTURE",
      time: T("2024-02-10"),
      inputs: ["bw-1a"],
      outputs: [
        lot("pol-1", 1_200, { BW: 1_200 }, { form: "POLISHED_STONE", cnCode: "71023900", processedIn: ["IN"] }),
        lot("pol-2", 800, { BW: 800 }, { form: "POLISHED_STONE", cnCode: "71023900", processedIn: ["IN"] }),
      ],
      body: { loss: { weightMct: 4_000, byCountry: { BW: 4_000 }, unknownMct: 0 } },
    }),
  );
  await reg.append(
    w.sign("lab-us", {
      type: "GRADE",
      time: T("2024-02-12"),
      inputs: ["pol-1"],
      body: { reportNo: "GIA-1", reportSha256: docHash("report") },
    }),
  );
}

/** A fresh, empty store (its own schema) on the backend under test, and how to drop it. */
export type MakeStore = () => Promise<{ store: RegistryStore; cleanup(): Promise<void> }>;

/**
 * Runs the shared storage suite against a backend. Registries are "reopened" on the same store object, which
 * replays the log from the database exactly as a new process would (the crash test covers real process restarts).
 */
export function runStoreSuite(name: string, makeStore: MakeStore): void {
  test(`[${name}] appends, reloads, proves, bundles and audits`, async () => {
    const { store, cleanup } = await makeStore();
    const w = new TestWorld();
    const open = () => openRegistry({ store, operatorSecretKey: w.operator.secretKey, clock });
    try {
      let reg = await open();
      await populate(reg, w);
      const size = reg.size;
      const root = reg.checkpoint().checkpoint.root;
      assert.equal(size, 18);
      // Batch: per-row errors, the rest committed.
      const rows = await reg.appendBatch([
        w.sign("mine-bw", {
          type: "REGISTER_ROUGH",
          time: "2024-03-01T00:00:00Z",
          outputs: [lot("bw-2", 100, { BW: 100 })],
        }),
        w.sign("mine-bw", {
          type: "REGISTER_ROUGH",
          time: "2024-03-01T00:00:00Z",
          outputs: [lot("bw-2", 100, { BW: 100 })],
        }),
        { not: "an event" },
      ]);
      assert.deepEqual(
        rows.map((r) => (r.ok ? "ok" : r.error.code)),
        ["ok", "LOT_ALREADY_EXISTS", "EVENT_INVALID"],
      );
      await reg.close();
      // Reopen: the same state and a consistent checkpoint.
      reg = await open();
      assert.equal(reg.size, size + 1);
      assert.equal(reg.view.lots.get("pol-1")?.holder, "cutter-in");
      const audit = await reg.audit();
      assert.deepEqual(audit.problems, []);
      assert.ok(audit.ok);
      assert.equal(audit.checkpoints, size + 1);
      // Bundle offline: verified with the pinned key; consistency from an earlier checkpoint.
      const bundle = buildBundle(reg, "pol-1", { sinceSize: size });
      assert.equal(bundle.consistency?.fromRoot, root);
      const text = JSON.stringify(bundle);
      const report = verifyBundle(JSON.parse(text), { trustedVerifierKey: reg.identity.verifierKey });
      assert.deepEqual(report.problems, []);
      assert.ok(report.valid && report.operatorPinned);
      assert.deepEqual(report.mines, ["mine-bw"]);
      // Tampered bundle: a changed weight breaks the signature and the inclusion proof.
      const bad = JSON.parse(text);
      const mf = bad.events.find((e: { event: { type: string } }) => e.event.type === "MANUFACTURE");
      mf.event.outputs[0].weightMct = 1_100;
      const badReport = verifyBundle(bad);
      assert.ok(!badReport.valid);
      assert.match(badReport.problems.join("\n"), /not included|signature/);
      const other = JSON.parse(text);
      other.events = other.events.filter((e: { event: { type: string } }) => e.event.type !== "SPLIT");
      assert.match(verifyBundle(other).problems.join("\n"), /creating event is missing/);
      assert.ok(!verifyBundle(JSON.parse(text), { trustedVerifierKey: "someone+00000000+AAAA" }).valid);
      // Tamper with a stored event: audit names it, open refuses the log.
      await rawQuery(
        store,
        `UPDATE {schema}.registry_events SET leaf = replace(leaf, '"weightMct":1200', '"weightMct":1300') WHERE leaf LIKE '%MANUFACTURE%'`,
      );
      const tampered = await auditDatabase({ store, operatorPublicKey: w.operator.publicKey });
      assert.ok(!tampered.ok);
      assert.ok(
        tampered.problems.some((p) => p.code === "LEAF_HASH_MISMATCH"),
        JSON.stringify(tampered.problems),
      );
      assert.ok(
        tampered.problems.some((p) => p.code === "BAD_SIGNATURE"),
        JSON.stringify(tampered.problems),
      );
      await assert.rejects(open(), (e: { code?: string }) => e.code === "LOG_INTEGRITY");
    } finally {
      await cleanup();
    }
  });

  test(`[${name}] concurrent appends are group-committed; each caller gets its own result`, async () => {
    const { store, cleanup } = await makeStore();
    const w = new TestWorld();
    try {
      const reg = await openRegistry({ store, operatorSecretKey: w.operator.secretKey, clock });
      await reg.appendBatch(w.standard());
      const evs = Array.from({ length: 40 }, (_, i) =>
        w.sign("mine-bw", {
          type: "REGISTER_ROUGH",
          time: "2024-01-10T00:00:00Z",
          outputs: [lot(`c-${i % 30}`, 100 + i, { BW: 100 + i })],
        }),
      );
      const results = await Promise.allSettled(evs.map((e) => reg.append(e)));
      const ok = results
        .filter((r) => r.status === "fulfilled")
        .map((r) => (r as PromiseFulfilledResult<{ seq: number }>).value.seq);
      const bad = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code);
      assert.equal(ok.length, 30);
      assert.deepEqual(
        [...ok].sort((a, b) => a - b),
        Array.from({ length: 30 }, (_, i) => 8 + i),
      );
      assert.deepEqual(bad, Array(10).fill("LOT_ALREADY_EXISTS"));
      const mixed = await Promise.all([
        reg.appendBatch([{ bad: 1 }, evs[0]]),
        reg.appendBatch([
          w.sign("mine-bw", {
            type: "REGISTER_ROUGH",
            time: "2024-01-10T00:00:00Z",
            outputs: [lot("c-new", 1, { BW: 1 })],
          }),
        ]),
      ]);
      assert.deepEqual(
        mixed.map((rows) => rows.map((r) => (r.ok ? "ok" : `${r.index}:${r.error.code}`))),
        [["0:EVENT_INVALID", "1:REPLAYED_EVENT"], ["ok"]],
      );
      const audit = await reg.audit();
      assert.ok(audit.ok, JSON.stringify(audit.problems));
      // Fewer checkpoints than appends: concurrent callers shared commits.
      assert.ok(audit.checkpoints < 8 + 31, `${audit.checkpoints} checkpoints`);
      await reg.close();
    } finally {
      await cleanup();
    }
  });

  test(`[${name}] a second writer that lost a race catches up and appends (no error); another operator key is refused`, async () => {
    const { store, cleanup } = await makeStore();
    const w = new TestWorld();
    try {
      const a = await openRegistry({ store, operatorSecretKey: w.operator.secretKey, clock });
      const b = await openRegistry({ store, operatorSecretKey: w.operator.secretKey, clock });
      const events = w.standard();
      await a.append(events[0]);
      await a.append(events[1]);
      // b's memory is behind (size 0): under the write lock it reads a's events (PostgreSQL), or its seq conflicts,
      // it reloads and retries (PGlite); either way the event lands after a's, and nothing is reported.
      assert.deepEqual(await b.append(events[2]), { seq: 2, eventId: eventIdOf(events[2] as SignedEvent) });
      assert.equal(b.size, 3);
      await a.append(events[3]);
      assert.equal(a.size, 4);
      assert.equal((await b.audit()).ok, true);
      const other = new TestWorld();
      await assert.rejects(
        openRegistry({ store, operatorSecretKey: other.operator.secretKey, clock }),
        (e: { code?: string }) => e.code === "LOG_INTEGRITY",
      );
    } finally {
      await cleanup();
    }
  });

  test(`[${name}] one statement per commit: any batch size, exact text round trip, all or nothing`, async () => {
    const { store, cleanup } = await makeStore();
    try {
      // Text that a careless array-literal encoding would break: quotes, backslashes, commas, braces, NULL, unicode.
      const tricky = ['{"a":"q\\"u\\\\o,te"}', "{x,y}", "NULL", "null", "", " é 💎 \t\n ", "\\", '"'];
      const events: StoredEvent[] = Array.from({ length: 1_500 }, (_, i) => ({
        seq: i,
        eventId: `id-${i}`,
        leafHash: `h-${i}`,
        leaf: `${tricky[i % tricky.length]}#${i}`,
      }));
      const cp: StoredCheckpoint = { size: 1_500, root: "root-1500", note: "note\n— x y\n" };
      // 1,500 rows: more than the 1,000-row chunks the previous multi-statement INSERT used.
      await store.append(events, cp);
      assert.deepEqual(await store.events(), events);
      assert.deepEqual(await store.checkpoints(), [cp]);
      // A taken seq or a repeated event id in the middle of a batch: nothing of the batch is written.
      const next = (seq: number, eventId: string): StoredEvent => ({ seq, eventId, leafHash: "h", leaf: "l" });
      for (const bad of [
        [next(1_500, "n-1"), next(7, "n-2"), next(1_502, "n-3")],
        [next(1_500, "n-1"), next(1_501, "id-3"), next(1_502, "n-3")],
      ]) {
        await assert.rejects(
          store.append(bad, { size: 1_503, root: "r", note: "n" }),
          (e: { code?: string }) => e.code === "STORE_CONFLICT",
        );
        assert.equal((await store.events(1_500)).length, 0);
        assert.deepEqual(await store.checkpoints(), [cp]);
      }
    } finally {
      await cleanup();
    }
  });

  test(`[${name}] an early signature check counts only with the key that verifies the event at commit`, async () => {
    const { store, cleanup } = await makeStore();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let failed = false;
    // The first commit waits for the gate, then fails (as a full disk would); later commits go through.
    const flaky: RegistryStore = {
      kind: store.kind,
      init: () => store.init(),
      events: (from) => store.events(from),
      eventById: (id) => store.eventById(id),
      checkpoints: () => store.checkpoints(),
      getMeta: (k) => store.getMeta(k),
      setMeta: (k, v) => store.setMeta(k, v),
      dropSchema: () => store.dropSchema(),
      forSchema: (s) => store.forSchema(s),
      close: () => store.close(),
      async appendLocked(_from, plan) {
        const p = await plan([]);
        if (p) await this.append(p.events, p.checkpoint);
      },
      async append(events, cp) {
        if (failed) return store.append(events, cp);
        failed = true;
        await gate;
        throw new Error("simulated write failure");
      },
    };
    try {
      const w = new TestWorld();
      const reg = await openRegistry({ store: flaky, operatorSecretKey: w.operator.secretKey, clock });
      const rough = (id: string) =>
        w.sign("m", { type: "REGISTER_ROUGH", time: "2024-01-10T00:00:00Z", outputs: [lot(id, 10, { BW: 10 })] });
      const first = reg.appendBatch([w.addParty("m", "BW", ["MINER"])]);
      const byKey1 = rough("k1-lot");
      // The same party id and key id registered again, with a new public key (the first registration will fail).
      const again = w.addParty("m", "BW", ["MINER"]);
      const byKey2 = rough("k2-lot");
      while (!reg.view.parties.has("m")) await new Promise<void>((r) => setImmediate(r));
      // Arrives while the first registration is applied in memory but not committed: both signatures are checked
      // early against key 1 (one passes, one fails) before that commit fails and memory is rebuilt.
      const second = reg.appendBatch([again, byKey1, byKey2]);
      release();
      await assert.rejects(first, /simulated write failure/);
      const rows = await second;
      assert.deepEqual(
        rows.map((r) => (r.ok ? "ok" : r.error.code)),
        ["ok", "BAD_SIGNATURE", "ok"],
      );
      assert.equal(reg.size, 2);
      const audit = await reg.audit();
      assert.ok(audit.ok, JSON.stringify(audit.problems));
      await reg.close();
    } finally {
      await cleanup();
    }
  });
}
