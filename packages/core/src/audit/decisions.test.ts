import assert from "node:assert/strict";
import { after, test } from "node:test";
import { fixedClock } from "../runtime/index.ts";
import { parseDecisionInputs } from "../screening/decisions/decisions.ts";
import type { DecisionRecord, NewDecision } from "../screening/decisions/model.ts";
import { type DecisionStore, openDecisionStore } from "../screening/decisions/store.ts";
import type { Entity } from "../screening/model.ts";
import { createScreener } from "../screening/screener.ts";
import { decisionAuditInput, recordDecisionsAudited } from "./decisions.ts";
import type { AuditInput } from "./model.ts";

const ivanov: Entity = {
  id: "test-list:1",
  list: "test-list",
  sourceId: "1",
  type: "person",
  names: [{ full: "IVANOV, Sergei Borisovich", kind: "primary" }],
  birthDates: ["1962-05-01"],
  nationalities: ["RU"],
  countries: ["RU"],
  addresses: [],
  identifiers: [],
  programmes: ["RUSSIA-EO14024"],
  sanctionKind: "asset_freeze",
};
const screener = createScreener([
  {
    list: "test-list",
    title: "Test list",
    date: "2026-01-01",
    sha256: "0".repeat(64),
    source: "test",
    entities: [ivanov],
  },
]);
const clock = fixedClock("2026-06-01T12:00:00Z");
const inputs = parseDecisionInputs({
  query: { name: "Sergei Ivanov", type: "person" },
  entityId: ivanov.id,
  verdict: "false_positive",
  reviewer: "analyst-1",
  reason: "customer born 1990, listed person 1962",
});
const store = await openDecisionStore("memory");
after(() => store.close());
const stored = () => store.list({ entityId: ivanov.id, limit: 100 });

test("a decision whose audit record cannot be appended is not recorded (the audit record is written first)", async () => {
  const before = (await stored()).length;
  const failingSink = async (_: AuditInput): Promise<never> => {
    throw new Error("audit log unavailable (injected)");
  };
  await assert.rejects(
    recordDecisionsAudited(store, screener, inputs, clock, failingSink),
    /audit log unavailable \(injected\)/,
  );
  assert.equal((await stored()).length, before, "no decision in force without its audit record");
});

test("audit record then decisions: the record holds what the stored decisions fix", async () => {
  const sunk: AuditInput[] = [];
  const { records, audit } = await recordDecisionsAudited(store, screener, inputs, clock, async (input) => {
    // The decision is not written yet when its audit record is appended.
    assert.equal((await stored()).length, 0);
    sunk.push(input);
    return { id: "a1" };
  });
  assert.deepEqual(audit, { id: "a1" });
  assert.equal(records.length, 1);
  assert.equal(sunk.length, 1);
  assert.deepEqual(sunk[0], decisionAuditInput(inputs, records, screener.version));
  assert.equal(sunk[0]?.summary, `false_positive ${ivanov.id}`);
  assert.equal((await stored()).length, 1);
});

test("a decision store that fails after the audit append: the error reaches the caller, the audit record stays", async () => {
  const failingStore = {
    append: async (_rows: NewDecision[], _at: string): Promise<DecisionRecord[]> => {
      throw new Error("decision store unavailable (injected)");
    },
  } as unknown as DecisionStore;
  const sunk: AuditInput[] = [];
  await assert.rejects(
    recordDecisionsAudited(failingStore, screener, inputs, clock, async (input) => {
      sunk.push(input);
      return { id: "a2" };
    }),
    /decision store unavailable/,
  );
  assert.equal(sunk.length, 1, "the documented half-state: a record of a decision that did not take effect");
});

test("without an audit trail the decisions are recorded alone", async () => {
  const n = (await stored()).length;
  const { records, audit } = await recordDecisionsAudited(store, screener, inputs, clock, undefined);
  assert.equal(records.length, 1);
  assert.equal(audit, undefined);
  assert.equal((await stored()).length, n + 1);
});
