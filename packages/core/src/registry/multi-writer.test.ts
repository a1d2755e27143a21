/**
 * Issue 11 item 7: several registries (servers) over one PostgreSQL log. Concurrent writers must not fork the log,
 * and a writer that loses a race must catch up and retry, never answer LOG_INTEGRITY (the tampering error).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { openDecisionStore } from "../screening/decisions/index.ts";
import { fromB64, toB64 } from "./crypto.ts";
import { canonicalize } from "./jcs.ts";
import { leafHashOfText, verifyConsistency, verifyInclusion } from "./merkle.ts";
import { openRegistry, type Registry } from "./registry.ts";
import { openStore } from "./store.ts";
import { lot, TestWorld } from "./testkit.ts";

const pgUrl = process.env.EMBARGO_TEST_PG_URL;

test("three registries on one PostgreSQL log append concurrently: no errors, no fork, every event once, audit passes", {
  skip: pgUrl ? false : "EMBARGO_TEST_PG_URL is not set: the multi-writer PostgreSQL test did not run",
}, async () => {
  const url = pgUrl as string;
  const schema = `multi_writer_${process.pid}_${Date.now()}`;
  const w = new TestWorld();
  const open = () => openRegistry({ db: url, schema, operatorSecretKey: w.operator.secretKey });
  const regs: Registry[] = [];
  try {
    regs.push(await open());
    for (const e of w.standard()) await (regs[0] as Registry).append(e);
    regs.push(await open(), await open());
    const events = Array.from({ length: 90 }, (_, i) =>
      w.sign("mine-bw", {
        type: "REGISTER_ROUGH",
        time: "2023-05-01T00:00:00Z",
        outputs: [lot(`mw-${i}`, 1_000, { BW: 1_000 }, { pieces: 1 })],
      }),
    );
    const seen: { size: number; root: string }[] = [];
    // Each registry appends 30 events, one request at a time from 3 concurrent clients, interleaved with the others.
    const results = await Promise.all(
      regs.flatMap((reg, r) =>
        [0, 1, 2].map(async (c) => {
          const out: { seq: number; eventId: string }[] = [];
          for (let k = c; k < 30; k += 3) {
            out.push(await reg.append(events[r * 30 + k]));
            const cp = reg.checkpoint().checkpoint;
            seen.push({ size: cp.size, root: cp.root });
          }
          return out;
        }),
      ),
    );
    const acked = results.flat();
    assert.equal(acked.length, 90);
    const check = await open();
    regs.push(check);
    assert.equal(check.size, 8 + 90);
    const ids = new Set(acked.map((a) => a.eventId));
    assert.equal(ids.size, 90);
    const { checkpoint: final } = check.checkpoint();
    assert.equal(final.size, 98);
    for (const a of acked) {
      const row = check.view.events.get(a.eventId);
      assert.equal(row?.seq, a.seq, `event ${a.eventId}`);
      assert.ok(
        verifyInclusion(
          a.seq,
          final.size,
          leafHashOfText(canonicalize(row?.event)),
          check.merkle.inclusionProof(a.seq, final.size),
          fromB64(final.root),
        ),
      );
    }
    for (const s of seen)
      assert.ok(
        verifyConsistency(
          s.size,
          final.size,
          fromB64(s.root),
          fromB64(final.root),
          check.merkle.consistencyProof(s.size, final.size),
        ),
        `checkpoint ${s.size} is consistent with ${final.size}`,
      );
    const audit = await check.audit();
    assert.deepEqual(audit.problems, []);
    assert.equal(audit.ok, true);
    // Every writer sees the others' events once it has appended or refreshed.
    for (const reg of regs.slice(0, 3)) {
      await reg.refresh();
      assert.equal(reg.size, 98);
      assert.equal(toB64(reg.merkle.root()), final.root);
    }
  } finally {
    await Promise.all(regs.map((r) => r.close().catch(() => {})));
    const st = await openStore(url, schema);
    await st.dropSchema();
    await st.close();
  }
});

test("several processes opening stores on a brand-new PostgreSQL schema at the same moment all succeed", {
  skip: pgUrl ? false : "EMBARGO_TEST_PG_URL is not set: the concurrent schema-creation test did not run",
}, async () => {
  // Separate connections, as separate `embargo serve` processes starting together: without the DDL lock,
  // concurrent CREATE SCHEMA/TABLE IF NOT EXISTS fail with a unique violation in PostgreSQL's catalog.
  const url = pgUrl as string;
  for (let round = 0; round < 3; round++) {
    const regSchema = `ddl_race_reg_${process.pid}_${Date.now()}_${round}`;
    const decSchema = `ddl_race_dec_${process.pid}_${Date.now()}_${round}`;
    const opened = await Promise.allSettled([
      ...Array.from({ length: 4 }, () => openStore(url, regSchema)),
      ...Array.from({ length: 4 }, () => openDecisionStore(url, decSchema)),
    ]);
    const failures = opened.filter((r) => r.status === "rejected").map((r) => String(r.reason));
    const stores = opened.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    try {
      assert.deepEqual(failures, []);
      assert.equal(stores.length, 8);
      assert.deepEqual(await (stores[0] as Awaited<ReturnType<typeof openStore>>).checkpoints(), []);
    } finally {
      if (stores[0]) await stores[0].dropSchema();
      if (stores[4]) await stores[4].dropSchema();
      for (const s of stores) await s.close();
    }
  }
});
