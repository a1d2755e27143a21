import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { type Declaration, decideImport, type LotFacts, loadRules, type RuleSet } from "./decide.ts";
import type { Lot } from "./model.ts";
import { kpCertificate, lot } from "./testkit.ts";

const dataDir = fileURLToPath(new URL("../../../../data/", import.meta.url));
let rules: RuleSet;
test.before(async () => {
  rules = await loadRules(dataDir);
});

const facts = (l: Lot, more: Partial<LotFacts> = {}): LotFacts => ({
  lot: l,
  kpCertificates: [],
  g7Verified: false,
  ...more,
});
const decide = (l: Lot, d: Declaration, more: Partial<LotFacts> = {}) => decideImport(facts(l, more), d, rules);
const ALL = ["INVOICE", "PACKING_LIST", "SELF_DECLARATION", "DDS_DIAMOND_ORIGIN"];

// Polished stone cut in India from Russian rough.
const polishedRu = (mct: number) =>
  lot("p", mct, { RU: mct }, { form: "POLISHED_STONE", cnCode: "71023900", processedIn: ["IN"] });
const roughRu = lot("r", 300, { RU: 300 }, { form: "ROUGH_STONE", exportedFromRU: true });

test("direct ban: Russian rough refused from 2024-01-01 in the EU (any weight), admitted the day before", () => {
  const before = decide(roughRu, { jurisdiction: "EU", date: "2023-12-31", evidence: ALL });
  assert.equal(before.decision, "ADMIT");
  assert.ok(before.reasons.some((r) => r.rule === "eu-833-3p-diamonds-direct" && r.effect === "INFO"));
  const after = decide(roughRu, { jurisdiction: "EU", date: "2024-01-01", evidence: ALL });
  assert.equal(after.decision, "REFUSE");
  assert.ok(
    after.reasons.some(
      (r) => r.rule === "eu-833-3p-diamonds-direct" && r.effect === "REFUSE" && /3p\(1\)/.test(r.citation ?? ""),
    ),
  );
  assert.equal(decide(roughRu, { jurisdiction: "UK", date: "2024-01-01" }).decision, "REFUSE");
  assert.equal(decide(roughRu, { jurisdiction: "UK", date: "2023-12-31" }).decision, "ADMIT");
  // Transit through Russia, any origin (EU Art. 3p(2): coversTransit in the regime data).
  const transit = lot("t", 300, { BW: 300 }, { form: "ROUGH_STONE", transitedRU: true });
  const tr = decide(transit, { jurisdiction: "EU", date: "2024-01-01", evidence: ALL });
  assert.equal(tr.decision, "REFUSE");
  assert.ok(tr.reasons.some((r) => r.effect === "REFUSE" && /transited Russia/.test(r.text)));
  assert.equal(decide(transit, { jurisdiction: "EU", date: "2023-12-31", evidence: ALL }).decision, "ADMIT");
});

test("US: EO 14068 from 2022-03-11, unsorted from 2024-03-01", () => {
  const d = decide(roughRu, { jurisdiction: "US", date: "2022-03-11", evidence: ALL });
  assert.equal(d.decision, "REFUSE");
  assert.ok(
    d.reasons.some((r) => r.rule === "us-ofac-eo14068-diamonds-russian-origin" && /14068/.test(r.citation ?? "")),
  );
  assert.equal(decide(roughRu, { jurisdiction: "US", date: "2022-03-10" }).decision, "ADMIT");
  const unsorted = lot("u", 300, { BW: 300 }, { form: "ROUGH_STONE", cnCode: "71021000", exportedFromRU: true });
  assert.equal(decide(unsorted, { jurisdiction: "US", date: "2024-02-29" }).decision, "ADMIT");
  assert.equal(decide(unsorted, { jurisdiction: "US", date: "2024-03-01", evidence: ALL }).decision, "REFUSE");
});

test("indirect ban thresholds: 1.0 ct from 2024-03-01, 0.5 ct from 2024-09-01 (999/1000, 499/500 mct)", () => {
  for (const j of ["EU", "UK", "US"] as const) {
    const at = (mct: number, date: string) =>
      decide(polishedRu(mct), { jurisdiction: j, date, evidence: ALL }).decision;
    assert.equal(at(1000, "2024-02-29"), "ADMIT", `${j} 1000 before`);
    assert.equal(at(1000, "2024-03-01"), "REFUSE", `${j} 1000 on`);
    assert.equal(at(999, "2024-03-01"), "ADMIT", `${j} 999`);
    assert.equal(at(999, "2024-08-31"), "ADMIT", `${j} 999 Aug`);
    assert.equal(at(500, "2024-08-31"), "ADMIT", `${j} 500 Aug`);
    assert.equal(at(500, "2024-09-01"), "REFUSE", `${j} 500 Sep`);
    assert.equal(at(499, "2024-09-01"), "ADMIT", `${j} 499 Sep`);
  }
  const r = decide(polishedRu(1000), { jurisdiction: "EU", date: "2024-03-01", evidence: ALL });
  assert.ok(r.reasons.some((x) => x.rule === "eu-833-3p-diamonds-processed-1ct" && /≥ 1 ct/.test(x.text)));
});

test("a parcel without per-stone weights counts as above the threshold", () => {
  const parcel = lot(
    "pp",
    400,
    { RU: 400 },
    { form: "POLISHED_PARCEL", cnCode: "71023900", pieces: 10, processedIn: ["IN"] },
  );
  const d = decide(parcel, { jurisdiction: "EU", date: "2024-09-01", evidence: ALL });
  assert.equal(d.decision, "REFUSE");
  assert.ok(d.reasons.some((x) => /no per-stone weights/.test(x.text)));
  const known = { ...parcel, maxStoneMct: 60 };
  assert.equal(decide(known, { jurisdiction: "EU", date: "2024-09-01", evidence: ALL }).decision, "ADMIT");
  const stones = {
    ...parcel,
    pieces: 2,
    stones: [
      { stoneId: "s1", weightMct: 200 },
      { stoneId: "s2", weightMct: 200 },
    ],
  };
  assert.equal(decide(stones, { jurisdiction: "EU", date: "2024-09-01", evidence: ALL }).decision, "ADMIT");
});

test("synthetics: EU Part B from 2024-09-01, UK from 2025-04-24; US not covered → review when tainted", () => {
  const syn = lot(
    "s",
    600,
    { RU: 600 },
    { form: "POLISHED_STONE", nature: "SYNTHETIC", cnCode: "71049100", processedIn: ["IN"] },
  );
  assert.equal(decide(syn, { jurisdiction: "EU", date: "2024-08-31", evidence: ALL }).decision, "ADMIT");
  assert.equal(decide(syn, { jurisdiction: "EU", date: "2024-09-01", evidence: ALL }).decision, "REFUSE");
  assert.equal(decide(syn, { jurisdiction: "UK", date: "2025-04-23" }).decision, "ADMIT");
  assert.equal(decide(syn, { jurisdiction: "UK", date: "2025-04-24" }).decision, "REFUSE");
  const us = decide(syn, { jurisdiction: "US", date: "2025-04-24" });
  assert.equal(us.decision, "NEEDS_EVIDENCE");
  assert.equal(us.coverage, "partial");
});

test("jewellery: EU Part C indirect ban not activated; US products incorporating Russian diamonds from 2024-03-01 and GL 103", () => {
  const ring = lot("ring", 1200, { RU: 1200 }, { form: "ARTICLE", cnCode: "71131900", processedIn: ["IN"] });
  const eu = decide(ring, { jurisdiction: "EU", date: "2025-01-01", evidence: ALL });
  assert.equal(eu.decision, "ADMIT");
  assert.ok(eu.reasons.some((r) => r.rule === "eu-833-3p-jewellery-direct" && /Part C/.test(r.text)));
  assert.equal(decide(ring, { jurisdiction: "US", date: "2024-02-29" }).decision, "ADMIT");
  // The products measure has no code list (heading 7113 is indicative): likely restricted, never a clean pass.
  const us = decide(ring, { jurisdiction: "US", date: "2024-03-01", evidence: ALL });
  assert.equal(us.decision, "NEEDS_EVIDENCE");
  assert.ok(us.reasons.some((r) => r.rule === "us-ofac-diamonds-in-products-1ct" && /likely restricted/.test(r.text)));
  const gl = decide(ring, {
    jurisdiction: "US",
    date: "2024-09-01",
    evidence: ALL,
    grandfathering: { locatedOutsideRussiaSince: "2023-06-01", evidenceDocIds: ["bill-of-lading-7"] },
  });
  assert.equal(gl.decision, "ADMIT");
  assert.ok(gl.reasons.some((r) => r.rule === "us-ofac-diamonds-in-products-1ct/gl-103"));
  // GL 103 exists from 2024-08-23.
  const early = decide(ring, {
    jurisdiction: "US",
    date: "2024-08-22",
    evidence: ALL,
    licences: ["GL 103"],
    grandfathering: { locatedOutsideRussiaSince: "2023-06-01", evidenceDocIds: ["bill-of-lading-7"] },
  });
  assert.equal(early.decision, "NEEDS_EVIDENCE");
  assert.ok(early.reasons.some((r) => /gl-103 is not valid on 2024-08-22/.test(r.text)));
  // A Russian-made ring is a direct hit, but the heading is indicative: likely restricted.
  const ruRing = lot("ru-ring", 300, { RU: 300 }, { form: "ARTICLE", cnCode: "71131100", processedIn: ["RU"] }); // silver: no gold ban
  assert.equal(decide(ruRing, { jurisdiction: "UK", date: "2024-01-01" }).decision, "NEEDS_EVIDENCE");
  assert.equal(decide(ruRing, { jurisdiction: "UK", date: "2023-12-31" }).decision, "ADMIT");
});

test("grandfathering and licences: need evidence, dates on both sides", () => {
  const p = polishedRu(1500);
  const gf = (since: string, docs: string[], date = "2024-07-01", j: "EU" | "UK" | "US" = "EU", licences?: string[]) =>
    decide(p, {
      jurisdiction: j,
      date,
      evidence: ALL,
      grandfathering: { locatedOutsideRussiaSince: since, evidenceDocIds: docs },
      ...(licences ? { licences } : {}),
    }).decision;
  assert.equal(gf("2024-02-01", ["doc"]), "ADMIT");
  assert.equal(gf("2024-02-01", []), "NEEDS_EVIDENCE");
  assert.equal(gf("2024-03-01", ["doc"]), "REFUSE"); // not before the ban entered into force
  assert.equal(gf("2024-02-01", ["doc"], "2024-06-23"), "REFUSE"); // before the 14th package
  assert.equal(gf("2024-02-01", ["doc"], "2024-06-24"), "ADMIT");
  assert.equal(gf("2024-02-29", ["doc"], "2024-04-01", "UK"), "ADMIT"); // GBSAN0002
  assert.equal(gf("2024-02-29", ["doc"], "2024-04-01", "UK", ["GBSAN0002"]), "ADMIT");
  assert.equal(gf("2024-03-01", ["doc"], "2024-04-01", "UK", ["GBSAN0002"]), "REFUSE");
  // GL 104 to 2025-08-31, GL 104A from 2025-08-28 to 2026-08-31.
  assert.equal(gf("2024-02-29", ["doc"], "2025-08-31", "US", ["GL 104"]), "ADMIT");
  assert.equal(gf("2024-02-29", ["doc"], "2025-09-01", "US", ["GL 104"]), "REFUSE"); // GL 104 expired
  assert.equal(gf("2024-02-29", ["doc"], "2025-09-01", "US", ["GL 104A"]), "ADMIT");
  assert.equal(gf("2024-02-29", ["doc"], "2025-08-27", "US", ["GL 104A"]), "REFUSE"); // not yet issued
  assert.equal(gf("2024-02-29", ["doc"], "2025-08-28", "US", ["GL 104A"]), "ADMIT");
  assert.equal(gf("2024-02-29", ["doc"], "2026-08-31", "US", ["gl-104a"]), "ADMIT");
  assert.equal(gf("2024-02-29", ["doc"], "2026-09-01", "US", ["GL 104A"]), "REFUSE"); // GL 104A expired
  assert.equal(gf("2024-02-29", ["doc"], "2026-09-01", "US"), "REFUSE"); // no licence left
  // A 0.7 ct stone needs to have been outside Russia before 2024-09-01 (GL 104A, 0.5 ct limb).
  const small = polishedRu(700);
  const usSmall = (since: string) =>
    decide(small, {
      jurisdiction: "US",
      date: "2026-01-15",
      evidence: ALL,
      licences: ["GL 104A"],
      grandfathering: { locatedOutsideRussiaSince: since, evidenceDocIds: ["doc"] },
    }).decision;
  assert.equal(usSmall("2024-08-31"), "ADMIT");
  assert.equal(usSmall("2024-09-01"), "REFUSE");
  // A licence the jurisdiction does not know is an input error, not a silent pass.
  assert.throws(
    () => decide(p, { jurisdiction: "UK", date: "2024-04-01", licences: ["GL 104A"] }),
    (e: unknown) => (e as { code?: string }).code === "LICENCE_UNKNOWN",
  );
  // Exemptions without a location date apply when declared (EU personal use), within the measure's dates.
  const personal = decide(
    roughRu,
    { jurisdiction: "EU", date: "2024-05-01", evidence: ALL, licences: ["personal-use"] },
    { kpCertificates: [kpCertificate()] },
  );
  assert.equal(personal.decision, "ADMIT");
  assert.ok(personal.reasons.some((r) => r.rule === "eu-833-3p-diamonds-direct/personal-use"));
});

test("country of mining (defect 5): a Russian-mined 0.7 ct stone cut in India, EU/UK/US, 2024-08-31 vs 2024-09-01", () => {
  const stone = polishedRu(700); // Indian origin (processedIn IN), mined in Russia (byCountry RU)
  for (const j of ["EU", "UK", "US"] as const) {
    assert.equal(decide(stone, { jurisdiction: j, date: "2024-08-31", evidence: ALL }).decision, "ADMIT", j);
    const d = decide(stone, { jurisdiction: j, date: "2024-09-01", evidence: ALL });
    assert.equal(d.decision, "REFUSE", j);
    assert.ok(
      d.reasons.some((r) => r.effect === "REFUSE" && /0\.5 ct/.test(r.text) && /mined in Russia/.test(r.text)),
      j,
    );
  }
  // The same stone mined in Botswana is admitted on both days.
  const bw = lot("b", 700, { BW: 700 }, { form: "POLISHED_STONE", cnCode: "71023900", processedIn: ["IN"] });
  for (const j of ["EU", "UK", "US"] as const)
    assert.equal(decide(bw, { jurisdiction: j, date: "2024-09-01", evidence: ALL }).decision, "ADMIT", j);
});

test("unknown origin is never probably fine", () => {
  const unk = lot(
    "x",
    800,
    { BW: 400 },
    { form: "POLISHED_STONE", cnCode: "71023900", unknownMct: 400, processedIn: ["IN"] },
  );
  const d = decide(unk, { jurisdiction: "EU", date: "2024-09-01", evidence: ALL });
  assert.equal(d.decision, "NEEDS_EVIDENCE");
  const exp = lot("y", 300, { BW: 300 }, { form: "ROUGH_STONE", exportedFromRU: "unknown" });
  assert.equal(decide(exp, { jurisdiction: "EU", date: "2024-01-01", evidence: ALL }).decision, "NEEDS_EVIDENCE");
  const ind = lot("z", 10, { BW: 10 }, { industrial: true, exportedFromRU: true });
  assert.equal(decide(ind, { jurisdiction: "EU", date: "2025-01-01" }).decision, "ADMIT");
});

test("evidence by date: EU sunrise documents, mixed KP listing countries, G7 node for rough, DDS for polished", () => {
  const bw = lot("bw", 2000, { BW: 2000 }, { form: "ROUGH_PARCEL", pieces: 3 });
  const kpMixed = {
    certNo: "BW-1",
    issuingAuthority: "kp",
    exporter: "e",
    importer: "i",
    issuedOn: "2025-01-01",
    expiresOn: "2025-12-31",
    weightMct: 2000,
    valueUsdCents: 1,
    parcelCount: 1,
    hsCodes: ["7102.31"],
    mixed: true,
    origins: [],
    validatedBy: "kp",
    documentSha256: "0".repeat(64),
  };
  const ev = ["INVOICE", "PACKING_LIST"];
  assert.equal(decide(bw, { jurisdiction: "EU", date: "2024-02-29" }).decision, "ADMIT");
  assert.equal(decide(bw, { jurisdiction: "EU", date: "2024-03-01" }).decision, "NEEDS_EVIDENCE");
  assert.equal(
    decide(bw, { jurisdiction: "EU", date: "2025-02-28", evidence: ev }, { kpCertificates: [kpMixed] }).decision,
    "ADMIT",
  );
  const mar = decide(bw, { jurisdiction: "EU", date: "2025-03-01", evidence: ev }, { kpCertificates: [kpMixed] });
  assert.equal(mar.decision, "NEEDS_EVIDENCE");
  assert.ok(mar.reasons.some((r) => r.rule === "EU-mixed-kp-lists-countries"));
  assert.equal(
    decide(
      bw,
      { jurisdiction: "EU", date: "2025-03-01", evidence: ev },
      { kpCertificates: [kpMixed], g7Verified: true },
    ).decision,
    "ADMIT",
  );
  const listed = { ...kpMixed, origins: [{ country: "BW" }] };
  assert.equal(
    decide(bw, { jurisdiction: "EU", date: "2025-12-31", evidence: ev }, { kpCertificates: [listed] }).decision,
    "ADMIT",
  );
  assert.equal(
    decide(bw, { jurisdiction: "EU", date: "2026-01-01", evidence: ev }, { kpCertificates: [listed] }).decision,
    "NEEDS_EVIDENCE",
  );
  assert.equal(
    decide(bw, { jurisdiction: "EU", date: "2026-01-01", evidence: ev }, { kpCertificates: [listed], g7Verified: true })
      .decision,
    "ADMIT",
  );
  const pol = lot("pol", 500, { BW: 500 }, { form: "POLISHED_STONE", cnCode: "71023900", processedIn: ["IN"] });
  assert.equal(decide(pol, { jurisdiction: "EU", date: "2025-12-31", evidence: ev }).decision, "ADMIT");
  assert.equal(decide(pol, { jurisdiction: "EU", date: "2026-01-01", evidence: ev }).decision, "NEEDS_EVIDENCE");
  assert.equal(
    decide(pol, { jurisdiction: "EU", date: "2026-01-01", evidence: [...ev, "DDS_DIAMOND_ORIGIN"] }).decision,
    "ADMIT",
  );
  assert.equal(
    decide(
      { ...pol, weightMct: 499, origin: { ...pol.origin, byCountry: { BW: 499 } } },
      { jurisdiction: "EU", date: "2026-01-01", evidence: ev },
    ).decision,
    "ADMIT",
  );
  // US self-certification from 2024-03-01.
  assert.equal(decide(pol, { jurisdiction: "US", date: "2024-02-29" }).decision, "ADMIT");
  assert.equal(decide(pol, { jurisdiction: "US", date: "2024-03-01" }).decision, "NEEDS_EVIDENCE");
  assert.equal(
    decide(pol, { jurisdiction: "US", date: "2024-03-01", evidence: ["SELF_DECLARATION"] }).decision,
    "ADMIT",
  );
  // Every decision explains itself with coverage.
  const d = decide(pol, { jurisdiction: "UK", date: "2025-01-01" });
  assert.ok(d.reasons.some((r) => r.rule === "coverage" && /partial/.test(r.text)));
});
