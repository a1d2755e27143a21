/**
 * Defect 6: the import decision reads the verified lineage (KP export and import events, transfers, the holders'
 * countries), not only the flags a miner declared at registration.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { decideImport, type LotFacts, loadRules, type RuleSet } from "./decide.ts";
import type { EventInit } from "./events.ts";
import { factsFromEvents } from "./facts.ts";
import type { SignedEvent } from "./model.ts";
import { RegistryState } from "./state.ts";
import { kpCertificate, lot, OPERATOR_ID, OPERATOR_KEY_ID, TestWorld } from "./testkit.ts";

const dataDir = fileURLToPath(new URL("../../../../data/", import.meta.url));
let rules: RuleSet;
test.before(async () => {
  rules = await loadRules(dataDir);
});
const ALL = ["INVOICE", "PACKING_LIST", "SELF_DECLARATION", "DDS_DIAMOND_ORIGIN"];
const T = (d: string) => `${d}T00:00:00Z`;

/** A registry state that accepts only valid events (every invariant checked), and the facts of a lot from it. */
function world() {
  const w = new TestWorld();
  const s = new RegistryState({ partyId: OPERATOR_ID, keyId: OPERATOR_KEY_ID, publicKey: w.operator.publicKey });
  let seq = 0;
  const put = (e: SignedEvent): string => {
    const id = s.check(e, { now: new Date("2026-06-01T00:00:00Z") });
    s.apply(e, id, seq++);
    return id;
  };
  for (const e of w.standard()) put(e);
  put(w.addParty("trader-ru", "RU", ["TRADER"]));
  put(w.addParty("kp-ru", "RU", ["KP_AUTHORITY"]));
  put(w.addParty("kp-in", "IN", ["KP_AUTHORITY"]));
  const add = (actor: string, init: Omit<EventInit, "actor" | "keyId">) => put(w.sign(actor, init));
  const facts = (lotId: string): LotFacts =>
    factsFromEvents(
      lotId,
      s.lineageEvents(lotId).map((r) => ({ eventId: r.id, event: r.event })),
    );
  return { w, add, facts };
}

/** Botswana rough (declared: not exported from Russia) moved to a Russian trader and exported under a Russian KP certificate. */
function botswanaViaRussia() {
  const x = world();
  x.add("mine-bw", {
    type: "REGISTER_ROUGH",
    time: T("2024-05-01"),
    outputs: [lot("bw-7", 10_000, { BW: 10_000 }, { pieces: 5, exportedFromRU: false })],
  });
  x.add("kp-bw", {
    type: "KP_EXPORT",
    time: T("2024-05-10"),
    inputs: ["bw-7"],
    body: {
      certificate: kpCertificate({
        certNo: "BW-000777",
        importer: "trader-ru",
        issuedOn: "2024-05-10",
        expiresOn: "2024-07-10",
      }),
    },
  });
  x.add("kp-ru", {
    type: "KP_IMPORT",
    time: T("2024-05-12"),
    inputs: ["bw-7"],
    body: { certNo: "BW-000777", receipt: { date: "2024-05-12", parcels: 1, weightMct: 10_000 } },
  });
  x.add("kp-ru", {
    type: "KP_EXPORT",
    time: T("2024-06-01"),
    inputs: ["bw-7"],
    body: {
      certificate: kpCertificate({
        certNo: "RU-000001",
        issuingAuthority: "kp-ru",
        validatedBy: "kp-ru",
        exporter: "trader-ru",
        importer: "trader-be",
        issuedOn: "2024-06-01",
        expiresOn: "2024-08-01",
      }),
    },
  });
  x.add("kp-be", {
    type: "KP_IMPORT",
    time: T("2024-06-03"),
    inputs: ["bw-7"],
    body: { certNo: "RU-000001", receipt: { date: "2024-06-03", parcels: 1, weightMct: 10_000 } },
  });
  return x;
}

test("Botswana rough exported from Russia under a Russian KP certificate is refused in the EU and the UK (2024-10-01)", () => {
  const { facts } = botswanaViaRussia();
  const f = facts("bw-7");
  assert.equal(f.lot.origin.exportedFromRU, false, "the miner declared it was not exported from Russia");
  assert.equal(f.route?.exportedFromRU, true);
  assert.equal(f.route?.lastInRussia, "2024-06-01");
  assert.ok(f.route?.why.some((w) => /Russian KP certificate RU-000001/.test(w)));
  for (const j of ["EU", "UK"] as const) {
    const d = decideImport(f, { jurisdiction: j, date: "2024-10-01", evidence: ALL }, rules);
    assert.equal(d.decision, "REFUSE", j);
    assert.ok(
      d.reasons.some((r) => r.effect === "REFUSE" && /exported from Russia/.test(r.text)),
      j,
    );
    assert.ok(
      d.reasons.some((r) => r.rule === "lineage" && /RU-000001/.test(r.text)),
      j,
    );
    // The declared flags alone (the old reading) would have admitted it.
    const declaredOnly = { ...f, route: undefined };
    assert.equal(
      decideImport(declaredOnly, { jurisdiction: j, date: "2024-10-01", evidence: ALL }, rules).decision,
      "ADMIT",
      j,
    );
    // Before the direct ban it was admissible.
    assert.equal(decideImport(f, { jurisdiction: j, date: "2023-12-31", evidence: ALL }, rules).decision, "ADMIT", j);
  }
  // The US bans loose diamonds by where they were mined (and unsorted ones if exported from Russia): this 7102 31 rough is Botswanan.
  assert.equal(decideImport(f, { jurisdiction: "US", date: "2024-10-01", evidence: ALL }, rules).decision, "ADMIT");
});

test("a lot that passed through Russia and was cut in India: EU counts inputs exported from Russia; a later pre-ban claim is contradicted by the lineage", () => {
  const x = botswanaViaRussia();
  // Belgium → India without KP (polished-stage trade is outside KP; rough here is simplified to a transfer).
  const t = x.add("trader-be", {
    type: "TRANSFER",
    time: T("2024-06-10"),
    inputs: ["bw-7"],
    body: { to: "cutter-in" },
  });
  x.add("cutter-in", { type: "ACCEPT", time: T("2024-06-11"), inputs: ["bw-7"], body: { transfer: t } });
  x.add("cutter-in", {
    type: "MANUFACTURE",
    time: T("2024-07-01"),
    inputs: ["bw-7"],
    outputs: [
      lot(
        "bw-7-p",
        700,
        { BW: 700 },
        { form: "POLISHED_STONE", cnCode: "71023900", processedIn: ["IN"], exportedFromRU: false },
      ),
    ],
    body: { loss: { weightMct: 9_300, byCountry: { BW: 9_300 }, unknownMct: 0 } },
  });
  const f = x.facts("bw-7-p");
  assert.deepEqual(f.route?.processedIn, ["IN"]);
  const eu = (date: string, more = {}) =>
    decideImport(f, { jurisdiction: "EU", date, evidence: ALL, ...more }, rules).decision;
  assert.equal(eu("2024-08-31"), "ADMIT"); // 0.7 ct: below the 1.0 ct limb
  assert.equal(eu("2024-09-01"), "REFUSE"); // Art. 3p(4): inputs exported from Russia, 0.5 ct and more
  // Declaring the stone outside Russia since 2024-01-15 is contradicted by the Russian KP export of 2024-06-01.
  const claimed = decideImport(
    f,
    {
      jurisdiction: "EU",
      date: "2024-09-01",
      evidence: ALL,
      grandfathering: { locatedOutsideRussiaSince: "2024-01-15", evidenceDocIds: ["invoice-1"] },
    },
    rules,
  );
  assert.equal(claimed.decision, "REFUSE");
  assert.ok(claimed.reasons.some((r) => /lineage shows the goods in Russia on 2024-06-01/.test(r.text)));
  // The UK and the US bar processed stones by where they were mined: Botswana.
  for (const j of ["UK", "US"] as const)
    assert.equal(decideImport(f, { jurisdiction: j, date: "2024-09-01", evidence: ALL }, rules).decision, "ADMIT", j);
});

test("held by a Russian trader without KP movement: exported from Russia is unknown, so the answer is NEEDS_EVIDENCE", () => {
  const x = world();
  x.add("mine-bw", {
    type: "REGISTER_ROUGH",
    time: T("2024-05-01"),
    outputs: [lot("bw-8", 2_000, { BW: 2_000 }, { pieces: 1 })],
  });
  const t = x.add("mine-bw", { type: "TRANSFER", time: T("2024-05-02"), inputs: ["bw-8"], body: { to: "trader-ru" } });
  // An offer alone moves nothing.
  assert.equal(x.facts("bw-8").route?.exportedFromRU, false);
  x.add("trader-ru", { type: "ACCEPT", time: T("2024-05-03"), inputs: ["bw-8"], body: { transfer: t } });
  const f = x.facts("bw-8");
  assert.equal(f.route?.exportedFromRU, "unknown");
  assert.ok(f.route?.why.some((w) => /trader-ru/.test(w)));
  const d = decideImport(f, { jurisdiction: "EU", date: "2024-10-01", evidence: ALL }, rules);
  assert.equal(d.decision, "NEEDS_EVIDENCE");
  assert.ok(d.reasons.some((r) => r.effect === "NEEDS_EVIDENCE" && /exported from Russia is unknown/.test(r.text)));
});

test("rough registered by a Russian miner was in Russia: exported from Russia, with the day", () => {
  const x = world();
  x.add("mine-ru", {
    type: "REGISTER_ROUGH",
    time: T("2024-01-10"),
    outputs: [lot("ru-9", 1_000, { RU: 1_000 }, { pieces: 1 })],
  });
  const f = x.facts("ru-9");
  assert.equal(f.route?.exportedFromRU, true);
  assert.equal(f.route?.lastInRussia, "2024-01-10");
  assert.equal(decideImport(f, { jurisdiction: "EU", date: "2024-02-01", evidence: ALL }, rules).decision, "REFUSE");
});
