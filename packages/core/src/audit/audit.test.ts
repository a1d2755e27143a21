import assert from "node:assert/strict";
import { test } from "node:test";
import { createEngine } from "../engine.ts";
import { isEmbargoError } from "../errors/index.ts";
import { getRegimes } from "../regimes/index.ts";
import { generateKeyPair } from "../registry/crypto.ts";
import type { RegistryStore } from "../registry/store.ts";
import { openStore } from "../registry/store.ts";
import { fixedClock } from "../runtime/index.ts";
import { forEachSqlBackend, rawQuery } from "../runtime/sql-testkit.ts";
import { verifyAuditConsistency, verifyAuditProof } from "./integrity.ts";
import { openAuditLog } from "./log.ts";
import { engineRerun, replay } from "./replay.ts";
import { runCheckRequest, verdictAuditInput } from "./verdict.ts";
import { verifyAuditRecord } from "./verify.ts";

const engine = createEngine({ clock: fixedClock("2026-06-01T10:00:00Z") });
const operator = generateKeyPair();
const clock = fixedClock("2026-06-01T12:00:00.000Z");
const request = {
  shipment: {
    date: "2025-06-01",
    exporter: { name: "Acme GmbH", country: "DE" },
    consignee: { name: "TOO Example", country: "KZ" },
    destination: "KZ",
    items: [{ code: "8542.31", description: "processors", value: 12000, currency: "EUR", quantity: 100 }],
  },
  screening: false,
};

const isCode = (code: string) => (e: unknown) => isEmbargoError(e) && e.code === code;

forEachSqlBackend<RegistryStore>({
  label: "audit",
  open: openStore,
  pgUrl: process.env.EMBARGO_TEST_PG_URL,
  suite(backend, make) {
    test(`audit (${backend}): record → show → verify round trip, inclusion and consistency proofs`, async () => {
      const { store, cleanup } = await make();
      try {
        const log = await openAuditLog({ store, operatorSecretKey: operator.secretKey, clock });
        const { request: req, result } = await runCheckRequest(engine, request);
        const rec = await log.append(verdictAuditInput(req, result));
        assert.match(rec.id, /^[0-9a-f]{64}$/);
        assert.equal(rec.seq, 0);
        assert.equal(rec.at, "2026-06-01T12:00:00.000Z");
        assert.equal((rec.request as { asOf?: string }).asOf, result.asOf, "the date read at is pinned");
        assert.equal(rec.dataVersions.regimes, result.dataVersion);
        const old = log.checkpoint().checkpoint;
        const second = await log.append(verdictAuditInput(req, result));
        assert.notEqual(second.id, rec.id, "the same request recorded twice is two records");
        assert.equal(second.resultDigest, rec.resultDigest);

        const shown = await log.get(rec.id);
        assert.deepEqual(shown, rec);
        const v = await verifyAuditRecord(log, rec.id, engineRerun(engine));
        assert.deepEqual(v.integrity.problems, []);
        assert.equal(v.replay.matches, true, JSON.stringify(v.replay));
        assert.deepEqual(v.replay.changedData, []);
        assert.equal(v.ok, true);
        assert.equal(v.proof.checkpoint.size, 2);
        // Offline: the JSON of the proof verifies alone; a changed record or another key does not.
        const proof = JSON.parse(JSON.stringify(v.proof));
        assert.equal(verifyAuditProof(proof).ok, true);
        assert.equal(
          verifyAuditProof({ ...proof, record: { ...proof.record, summary: "NOT_RESTRICTED: fine" } }).ok,
          false,
        );
        assert.equal(verifyAuditProof(proof, { trustedVerifierKey: "someone+00000000+AAAA" }).ok, false);
        const cons = verifyAuditConsistency(old, log.checkpoint().checkpoint, log.consistencyProof(old.size));
        assert.equal(cons.ok, true);
        assert.deepEqual(
          (await log.list()).map((r) => r.seq),
          [1, 0],
        );
        assert.equal((await log.list({ kind: "screening_decision" })).length, 0);
        await assert.rejects(log.get("0".repeat(64)), isCode("AUDIT_NOT_FOUND"));
        await assert.rejects(log.get("nope"), isCode("AUDIT_ID_INVALID"));

        // Reopening reads the same log back.
        const again = await openAuditLog({ store, operatorSecretKey: operator.secretKey, clock });
        assert.equal(again.size, 2);
        assert.deepEqual(await again.get(second.id), second);
        await assert.rejects(
          openAuditLog({ store, operatorSecretKey: generateKeyPair().secretKey, clock }),
          isCode("AUDIT_INTEGRITY"),
        );
      } finally {
        await cleanup();
      }
    });

    test(`audit (${backend}): a tampered stored record is AUDIT_INTEGRITY, not INTERNAL`, async () => {
      const { store, cleanup } = await make();
      try {
        const log = await openAuditLog({ store, operatorSecretKey: operator.secretKey, clock });
        const { request: req, result } = await runCheckRequest(engine, request);
        const rec = await log.append(verdictAuditInput(req, result));
        await log.append(verdictAuditInput(req, result));
        // Rewrite the recorded summary, keeping the row self-consistent would need the id: only the leaf changes.
        await rawQuery(store, "UPDATE {schema}.registry_events SET leaf = replace(leaf, $1, $2) WHERE seq = 0", [
          result.overall,
          "NOT_RESTRICTED_X",
        ]);
        await assert.rejects(log.get(rec.id), isCode("AUDIT_INTEGRITY"));
        await assert.rejects(
          openAuditLog({ store, operatorSecretKey: operator.secretKey, clock }),
          isCode("AUDIT_INTEGRITY"),
        );
      } finally {
        await cleanup();
      }
    });
  },
});

test("audit: a tampered row rewritten consistently (leaf, hash and id) still fails the signed checkpoint", async () => {
  const store = await openStore("memory", "audit_rewrite");
  try {
    const log = await openAuditLog({ store, operatorSecretKey: operator.secretKey, clock });
    const { request: req, result } = await runCheckRequest(engine, request);
    await log.append(verdictAuditInput(req, result));
    const { canonicalize } = await import("../registry/jcs.ts");
    const { sha256Hex, toHex } = await import("../registry/crypto.ts");
    const { leafHashOfText } = await import("../registry/merkle.ts");
    const [row] = await store.events();
    const entry = JSON.parse(row?.leaf ?? "");
    entry.summary = "NOT_RESTRICTED: nothing to see";
    const leaf = canonicalize(entry);
    await rawQuery(store, "UPDATE {schema}.registry_events SET leaf = $1, leaf_hash = $2, event_id = $3", [
      leaf,
      toHex(leafHashOfText(leaf)),
      sha256Hex(leaf),
    ]);
    await assert.rejects(
      openAuditLog({ store, operatorSecretKey: operator.secretKey, clock }),
      (e: unknown) => isCode("AUDIT_INTEGRITY")(e) && /signed checkpoint/.test((e as Error).message),
    );
  } finally {
    await store.close();
  }
});

test("audit: replay after a regime data change reports the digest mismatch and the versions that differ", async () => {
  const log = await openAuditLog({ db: "memory", operatorSecretKey: operator.secretKey, clock });
  try {
    const { request: req, result } = await runCheckRequest(engine, request);
    const rec = await log.append(verdictAuditInput(req, result));
    assert.equal((await replay(rec, engineRerun(engine))).matches, true);
    // Another engine whose regime data carry another version (as after `embargo regimes update`).
    const changed = createEngine({ clock: fixedClock("2026-06-01T10:00:00Z") });
    const base = await getRegimes(changed);
    changed.replace("regimes", { ...base, version: "regimes-000000000000" });
    const r = await replay(rec, engineRerun(changed));
    assert.equal(r.matches, false);
    assert.notEqual(r.currentResultDigest, rec.resultDigest);
    assert.deepEqual(r.changedData, [
      { name: "regimes", recorded: result.dataVersion, current: "regimes-000000000000" },
    ]);
    // A request that can no longer be run is reported as data, not thrown.
    const broken = await replay({ ...rec, request: { shipment: {} } }, engineRerun(engine));
    assert.equal(broken.matches, false);
    assert.equal(broken.error?.code, "CHECK_REQUEST_INVALID");
  } finally {
    await log.close();
  }
});

test("audit: several writers (processes sharing one PostgreSQL log) append without forks or false alarms", {
  skip: process.env.EMBARGO_TEST_PG_URL ? false : "EMBARGO_TEST_PG_URL is not set",
}, async () => {
  const url = process.env.EMBARGO_TEST_PG_URL as string;
  const schema = `audit_mw_${process.pid}_${Date.now()}`;
  // Separate connections, as separate server processes would have (opened one after the other: concurrent
  // CREATE … IF NOT EXISTS of the same schema can collide in PostgreSQL's catalog).
  const logs = [];
  for (let k = 0; k < 3; k++)
    logs.push(
      await openAuditLog({ store: await openStore(url, schema), operatorSecretKey: operator.secretKey, clock }),
    );
  try {
    const input = (w: number, i: number) => ({
      kind: "verdict" as const,
      request: { writer: w, i },
      result: { w, i },
      dataVersions: { regimes: "regimes-test" },
    });
    const recs = (
      await Promise.all(
        logs.map((log, w) => Promise.all(Array.from({ length: 15 }, (_, i) => log.append(input(w, i))))),
      )
    ).flat();
    assert.deepEqual(
      recs.map((r) => r.seq).sort((a, b) => a - b),
      Array.from({ length: 45 }, (_, i) => i),
      "every record has its own seq",
    );
    for (const log of logs) await log.refresh();
    const roots = logs.map((l) => l.checkpoint().checkpoint.root);
    assert.equal(new Set(roots).size, 1, "one tree, no fork");
    // Every writer proves every record; a fresh reader verifies the whole log against its signed checkpoint.
    for (const r of recs.filter((_, k) => k % 7 === 0))
      for (const log of logs) assert.equal(verifyAuditProof(await log.prove(r.id)).ok, true);
    const reader = await openAuditLog({
      store: await openStore(url, schema),
      operatorSecretKey: operator.secretKey,
      clock,
    });
    assert.equal(reader.size, 45);
    await reader.close();
  } finally {
    await logs[0]?.store.dropSchema();
    await Promise.all(logs.map((l) => l.close()));
  }
});
