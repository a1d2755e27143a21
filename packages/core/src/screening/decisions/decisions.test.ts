import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { isEmbargoError } from "../../errors/index.ts";
import { fixedClock } from "../../runtime/index.ts";
import { forEachSqlBackend, rawQuery } from "../../runtime/sql-testkit.ts";
import { entityDigest, queryFingerprint } from "../match/allow-list.ts";
import type { Entity, ListSnapshot } from "../model.ts";
import { createScreener } from "../screener.ts";
import { applyDecisions, listDecisions, listingDigest, parseDecisionInputs, recordDecisions } from "./decisions.ts";
import { type DecisionStore, openDecisionStore } from "./store.ts";

function entity(id: string, names: string[], extra: Partial<Entity> = {}): Entity {
  return {
    id: `test-list:${id}`,
    list: "test-list",
    sourceId: id,
    type: "person",
    names: names.map((full, i) => ({ full, kind: i === 0 ? "primary" : "alias" })),
    birthDates: ["1962-05-01"],
    nationalities: ["RU"],
    countries: ["RU"],
    addresses: [],
    identifiers: [],
    programmes: ["RUSSIA-EO14024"],
    sanctionKind: "asset_freeze",
    ...extra,
  };
}

function snapshot(entities: Entity[]): ListSnapshot {
  return {
    list: "test-list",
    title: "Test list",
    date: "2026-01-01",
    sha256: "0".repeat(64),
    source: "test",
    entities,
  };
}

const ivanov = entity("1", ["IVANOV, Sergei Borisovich"]);
const petrov = entity("2", ["PETROV, Aleksandr"]);
const screener = createScreener([snapshot([ivanov, petrov])]);
// The same listing after an update that added an alias: it must alert again.
const ivanovChanged = entity("1", ["IVANOV, Sergei Borisovich", "IVANOFF, Serguei"]);
const screenerChanged = createScreener([snapshot([ivanovChanged, petrov])]);
const query = { name: "Sergei Ivanov", type: "person" as const };
const clock = fixedClock("2026-06-01T12:00:00Z");

function storeSuite(kind: string, open: () => Promise<{ store: DecisionStore; cleanup(): Promise<void> }>) {
  describe(`decision store (${kind})`, () => {
    test("a false positive suppresses the hit while the listing is unchanged, and alerts again when it changes", async () => {
      const { store, cleanup } = await open();
      try {
        const before = screener.screen(query);
        assert.equal(before.hits[0]?.entityId, ivanov.id, "the hit exists before any decision");
        const [rec] = await recordDecisions(
          store,
          screener,
          parseDecisionInputs({
            query,
            entityId: ivanov.id,
            verdict: "false_positive",
            reviewer: "analyst-1",
            reason: "customer born 1990, listed person 1962",
          }),
          clock,
        );
        assert.ok(rec);
        assert.equal(rec.seq >= 1, true);
        assert.equal(rec.at, "2026-06-01T12:00:00.000Z", "time from the injected clock");
        assert.equal(rec.fingerprint, queryFingerprint(query));
        assert.equal(rec.entityDigest, entityDigest(ivanov), "a single listing: exactly the allow-list digest");
        assert.equal(rec.reviewer, "analyst-1");
        assert.equal(rec.list, "test-list");
        assert.equal(rec.sourceId, "1");
        assert.equal(rec.caption, "IVANOV, Sergei Borisovich");

        // Same query, same listing → suppressed, with who/when/why.
        const same = screener.screen({ name: "IVANOV Sergei", type: "person" });
        const latest = await store.latest([same.fingerprint]);
        const applied = applyDecisions(same, latest, screener);
        assert.equal(
          applied.hits.find((h) => h.entityId === ivanov.id),
          undefined,
        );
        const sup = applied.suppressed.find((s) => s.entityId === ivanov.id) as { reviewer: string; reason?: string };
        assert.equal(sup.reviewer, "analyst-1");
        assert.equal(sup.reason, "customer born 1990, listed person 1962");

        // Changed listing → the hit is back, marked listing_changed with the earlier decision.
        const changed = screenerChanged.screen(query);
        const back = applyDecisions(changed, await store.latest([changed.fingerprint]), screenerChanged);
        const hit = back.hits.find((h) => h.entityId === ivanov.id);
        assert.equal(hit?.decision.status, "listing_changed");
        assert.equal(hit?.decision.decision?.seq, rec.seq);
        assert.equal(back.suppressed.length, 0);

        // Another query (different date of birth) is not covered by the decision.
        const other = screener.screen({ ...query, dob: "1962" });
        const o = applyDecisions(other, await store.latest([other.fingerprint]), screener);
        assert.equal(o.hits.find((h) => h.entityId === ivanov.id)?.decision.status, "none");
      } finally {
        await cleanup();
      }
    });

    test("a later confirmation supersedes the false positive; the log keeps both, newest first", async () => {
      const { store, cleanup } = await open();
      try {
        const base = { query, entityId: ivanov.id, reviewer: "analyst-1" };
        await recordDecisions(
          store,
          screener,
          parseDecisionInputs({ ...base, verdict: "false_positive", reason: "different DOB" }),
          clock,
        );
        const later = fixedClock("2026-06-02T09:00:00Z");
        await recordDecisions(
          store,
          screener,
          parseDecisionInputs({ ...base, reviewer: "supervisor", verdict: "confirmed", reason: "passport matches" }),
          later,
        );
        const r = screener.screen(query);
        const applied = applyDecisions(r, await store.latest([r.fingerprint]), screener);
        const hit = applied.hits.find((h) => h.entityId === ivanov.id);
        assert.equal(hit?.decision.status, "confirmed");
        assert.equal(hit?.decision.decision?.reviewer, "supervisor");
        assert.equal(hit?.decision.listingChanged, false);

        const log = await listDecisions(store, { entityId: ivanov.id });
        assert.deepEqual(
          log.map((d) => [d.verdict, d.reviewer, d.at]),
          [
            ["confirmed", "supervisor", "2026-06-02T09:00:00.000Z"],
            ["false_positive", "analyst-1", "2026-06-01T12:00:00.000Z"],
          ],
        );
        // By query name (any word order: the fingerprint is order-free), by verdict, paging.
        assert.equal((await listDecisions(store, { name: "Ivanov Sergei", type: "person" })).length, 2);
        assert.equal((await listDecisions(store, { name: "Ivanov Sergei" })).length, 0, "type is part of the query");
        assert.equal((await listDecisions(store, { verdict: "confirmed" })).length, 1);
        const page1 = await listDecisions(store, { limit: 1 });
        const page2 = await listDecisions(store, { limit: "1", before: String(page1[0]?.seq) });
        assert.equal(page2[0]?.verdict, "false_positive");
        assert.equal((await listDecisions(store, { entityId: petrov.id })).length, 0);
      } finally {
        await cleanup();
      }
    });

    test("the log is append-only: the database refuses UPDATE, DELETE and TRUNCATE", async () => {
      const { store, cleanup } = await open();
      try {
        await recordDecisions(
          store,
          screener,
          parseDecisionInputs({ query, entityId: ivanov.id, verdict: "confirmed", reviewer: "a" }),
          clock,
        );
        for (const sql of [
          "UPDATE {schema}.screening_decisions SET reviewer = 'mallory'",
          "DELETE FROM {schema}.screening_decisions",
          "TRUNCATE {schema}.screening_decisions",
        ])
          await assert.rejects(rawQuery(store, sql), /append-only/, sql);
        assert.equal((await listDecisions(store, {}))[0]?.reviewer, "a");
      } finally {
        await cleanup();
      }
    });

    test("a batch is all or nothing: an unknown entity fails it with the row named", async () => {
      const { store, cleanup } = await open();
      try {
        const inputs = parseDecisionInputs({
          decisions: [
            { query, entityId: ivanov.id, verdict: "confirmed", reviewer: "a" },
            { query, entityId: "test-list:404", verdict: "confirmed", reviewer: "a" },
          ],
        });
        await assert.rejects(recordDecisions(store, screener, inputs, clock), (e: unknown) => {
          assert.ok(isEmbargoError(e));
          assert.equal(e.code, "SCREEN_ENTITY_NOT_FOUND");
          assert.equal(e.category, "not_found");
          assert.equal(e.issues[0]?.row, 2);
          return true;
        });
        assert.equal((await listDecisions(store, {})).length, 0);
      } finally {
        await cleanup();
      }
    });
  });
}

// PGlite on disk and, when CI sets the URL, PostgreSQL (only the test reads the environment; core stays env-free).
forEachSqlBackend<DecisionStore>({
  label: "decisions",
  open: openDecisionStore,
  pgUrl: process.env.EMBARGO_TEST_PG_URL,
  suite: storeSuite,
});

test("decisions survive reopening the PGlite directory", async () => {
  const root = await mkdtemp(path.join(tmpdir(), "embargo-decisions-reopen-"));
  const d = path.join(root, "state", "screening", "decisions");
  try {
    const a = await openDecisionStore(`pglite:${d}`);
    await recordDecisions(
      a,
      screener,
      parseDecisionInputs({ query, entityId: petrov.id, verdict: "false_positive", reviewer: "r", reason: "why" }),
      clock,
    );
    await a.close();
    const b = await openDecisionStore(`pglite:${d}`);
    const log = await listDecisions(b, {});
    await b.close();
    assert.equal(log.length, 1);
    assert.equal(log[0]?.reason, "why");
    assert.deepEqual(log[0]?.query, query);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test("input validation: every row's issues at once, with paths", () => {
  assert.throws(
    () =>
      parseDecisionInputs({
        decisions: [
          { query: { name: "" }, entityId: "x", verdict: "maybe", reviewer: "r" },
          { query: { name: "A" }, entityId: "x", verdict: "false_positive", reviewer: "r" },
        ],
      }),
    (e: unknown) => {
      assert.ok(isEmbargoError(e));
      assert.equal(e.code, "DECISION_INVALID");
      const where = e.issues.map((i) => `${i.row}:${i.path}`);
      assert.ok(where.includes("1:query.name"), where.join());
      assert.ok(where.includes("1:verdict"), where.join());
      assert.ok(where.includes("2:reason"), "a false positive without a reason is refused");
      return true;
    },
  );
  assert.throws(() => parseDecisionInputs({ decisions: [] }), /must not be empty/);
  assert.throws(
    () => parseDecisionInputs({ query, entityId: "x", verdict: "confirmed", reviewer: "r", extra: 1 }),
    /decision is invalid/,
  );
});

test("a merged profile's digest covers every listing", () => {
  const other = entity("9", ["IVANOV, Sergei Borisovich"], { list: "other-list", id: "other-list:9" });
  assert.notEqual(listingDigest([ivanov, other]), listingDigest([ivanovChanged, other]));
  assert.equal(listingDigest([ivanov, other]), listingDigest([other, ivanov]), "order-free");
});

test("a merged profile: a change in any of its listings alerts again", async () => {
  const store = await openDecisionStore("memory");
  try {
    const a = entity("1", ["IVANOV, Sergei Borisovich"], { id: "list-a:1", list: "list-a" });
    const b = entity("7", ["IVANOV, Sergei Borisovich"], { id: "list-b:7", list: "list-b", programmes: ["RUSSIA"] });
    const snap = (list: string, e: Entity): ListSnapshot => ({ ...snapshot([e]), list, title: list });
    const s1 = createScreener([snap("list-a", a), snap("list-b", b)]);
    const hit = s1.screen(query).hits[0];
    assert.equal(hit?.listings.length, 2, "one hit for both listings (same name and date of birth)");
    await recordDecisions(
      store,
      s1,
      parseDecisionInputs({ query, entityId: "list-b:7", verdict: "false_positive", reviewer: "r", reason: "x" }),
      clock,
    );
    const r1 = s1.screen(query);
    assert.equal(applyDecisions(r1, await store.latest([r1.fingerprint]), s1).hits.length, 0, "suppressed");
    // Only the second list's record changes (a new programme): the profile alerts again.
    const b2 = { ...b, programmes: ["RUSSIA", "RUSSIA-EO14024"] };
    const s2 = createScreener([snap("list-a", a), snap("list-b", b2)]);
    const r2 = s2.screen(query);
    const again = applyDecisions(r2, await store.latest([r2.fingerprint]), s2);
    assert.equal(again.hits[0]?.decision.status, "listing_changed");
  } finally {
    await store.close();
  }
});
