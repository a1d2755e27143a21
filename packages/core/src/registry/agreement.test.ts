/**
 * One rule source: for a grid of (member, country of mining, processing, exported from Russia, carats, date) the
 * registry's import decision and the shipment verdict of the same goods agree, measure by measure.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { decide as verdict } from "../verdicts/decide.ts";
import type { Verdict } from "../verdicts/result.ts";
import { parseShipment } from "../verdicts/shipment.ts";
import { decideImport, loadRules, type RuleSet } from "./decide.ts";
import { kpCertificate, lot } from "./testkit.ts";

const dataDir = fileURLToPath(new URL("../../../../data/", import.meta.url));
let rules: RuleSet;
test.before(async () => {
  rules = await loadRules(dataDir);
});

const ALL = ["INVOICE", "PACKING_LIST", "SELF_DECLARATION", "DDS_DIAMOND_ORIGIN"];
const DEST = { EU: "DE", UK: "GB", US: "US" } as const;
const DATES = ["2023-12-31", "2024-01-01", "2024-02-29", "2024-03-01", "2024-08-31", "2024-09-01", "2025-06-01"];
const SEVERITY: Record<Verdict, number> = { NOT_RESTRICTED: 0, REVIEW: 1, LICENCE_REQUIRED: 2, PROHIBITED: 3 };

interface Case {
  mined: "RU" | "BW";
  cutIn?: "IN";
  exportedFromRU: boolean;
  carats: number;
}

const cases: Case[] = [];
for (const mined of ["RU", "BW"] as const)
  for (const cutIn of [undefined, "IN"] as const)
    for (const carats of [0.3, 0.7, 1.2])
      for (const exportedFromRU of [false, true]) {
        // A Russian-mined lot is exported from Russia; "exported from Russia" of processed inputs has no shipment field.
        if (mined === "RU" && !exportedFromRU) continue;
        if (cutIn && exportedFromRU && mined === "BW") continue;
        cases.push({ mined, ...(cutIn ? { cutIn } : {}), exportedFromRU, carats });
      }

test("registry decisions and shipment verdicts agree on a grid of members, mining countries, carats and dates", () => {
  let compared = 0;
  const outcomes = new Map<string, number>();
  for (const j of ["EU", "UK", "US"] as const)
    for (const c of cases)
      for (const date of DATES) {
        const mct = Math.round(c.carats * 1000);
        const l = lot(
          "g",
          mct,
          { [c.mined]: mct },
          {
            form: c.cutIn ? "POLISHED_STONE" : "ROUGH_STONE",
            cnCode: c.cutIn ? "71023900" : "71023100",
            processedIn: c.cutIn ? [c.cutIn] : [],
            exportedFromRU: c.exportedFromRU,
          },
        );
        const d = decideImport(
          { lot: l, kpCertificates: [kpCertificate()], g7Verified: true },
          { jurisdiction: j, date, evidence: ALL },
          rules,
        );
        // The same goods as a shipment line: origin = where cut (else mined), mining country, exported from.
        const dispatch = c.exportedFromRU && !c.cutIn ? "RU" : (c.cutIn ?? c.mined);
        const s = parseShipment({
          date,
          direction: "import",
          exporter: { name: "Seller", country: dispatch },
          consignee: { name: "Buyer", country: DEST[j] },
          destination: DEST[j],
          items: [
            {
              code: l.cnCode,
              originCountry: c.cutIn ?? c.mined,
              miningCountry: c.mined,
              ...(c.exportedFromRU && !c.cutIn ? { exportedFrom: "RU" } : {}),
              carats: c.carats,
            },
          ],
        });
        const r = verdict(s, { regimes: rules.regimes });
        const jr = r.jurisdictions.find((x) => x.jurisdiction === j);
        assert.ok(jr?.applies, `${j} applies to an import into ${DEST[j]}`);
        // Measure by measure: the verdict's measure reasons (its "data incomplete" coverage reasons are the
        // registry's `coverage: partial`, said apart).
        let worst: Verdict = "NOT_RESTRICTED";
        for (const it of jr.items)
          for (const reason of it.reasons)
            if (reason.kind !== "coverage" && SEVERITY[reason.effect] > SEVERITY[worst]) worst = reason.effect;
        const expected: Verdict =
          d.decision === "REFUSE" ? "PROHIBITED" : d.decision === "ADMIT" ? "NOT_RESTRICTED" : "REVIEW";
        const label = `${j} ${date} mined ${c.mined}${c.cutIn ? ` cut ${c.cutIn}` : ""}${c.exportedFromRU ? " exported from RU" : ""} ${c.carats} ct`;
        assert.equal(worst, expected, `${label}: registry ${d.decision}, verdict ${worst} (${jr.verdict})`);
        if (d.decision === "REFUSE") assert.equal(jr.verdict, "PROHIBITED", label);
        outcomes.set(d.decision, (outcomes.get(d.decision) ?? 0) + 1);
        compared++;
      }
  assert.equal(compared, 3 * cases.length * DATES.length);
  // The grid exercises both answers (not a vacuous agreement).
  assert.ok((outcomes.get("REFUSE") ?? 0) > 0 && (outcomes.get("ADMIT") ?? 0) > 0, JSON.stringify([...outcomes]));
});

test("declared licences: registry and verdict honour the same licence on the same days (GL 104/104A, GBSAN0002, EU pre-ban stock)", () => {
  const dates = [
    "2024-06-23",
    "2024-06-24",
    "2024-08-22",
    "2024-08-23",
    "2025-08-31",
    "2025-09-01",
    "2026-08-31",
    "2026-09-01",
  ];
  const plans = [
    { j: "US", licence: "gl-104" },
    { j: "US", licence: "gl-104a" },
    { j: "UK", licence: "gtl-gbsan0002" },
    { j: "EU", licence: "pre-ban-stock" },
  ] as const;
  const seen = new Set<string>();
  for (const { j, licence } of plans)
    for (const carats of [0.7, 1.2])
      for (const date of dates) {
        const mct = Math.round(carats * 1000);
        const l = lot("g", mct, { RU: mct }, { form: "POLISHED_STONE", cnCode: "71023900", processedIn: ["IN"] });
        const d = decideImport(
          { lot: l, kpCertificates: [], g7Verified: false },
          {
            jurisdiction: j,
            date,
            evidence: ALL,
            licences: [licence],
            // Outside Russia since before every limb's cut-off date.
            grandfathering: { locatedOutsideRussiaSince: "2024-02-01", evidenceDocIds: ["bill-of-lading"] },
          },
          rules,
        );
        const s = parseShipment({
          date,
          direction: "import",
          exporter: { name: "Cutter", country: "IN" },
          consignee: { name: "Buyer", country: DEST[j] },
          destination: DEST[j],
          declarations: [licence],
          items: [{ code: "71023900", originCountry: "IN", miningCountry: "RU", carats }],
        });
        const jr = verdict(s, { regimes: rules.regimes }).jurisdictions.find((x) => x.jurisdiction === j);
        let worst: Verdict = "NOT_RESTRICTED";
        for (const it of jr?.items ?? [])
          for (const reason of it.reasons)
            if (reason.kind !== "coverage" && SEVERITY[reason.effect] > SEVERITY[worst]) worst = reason.effect;
        const expected: Verdict =
          d.decision === "REFUSE" ? "PROHIBITED" : d.decision === "ADMIT" ? "NOT_RESTRICTED" : "REVIEW";
        assert.equal(worst, expected, `${j} ${licence} ${carats} ct ${date}: registry ${d.decision}, verdict ${worst}`);
        seen.add(`${licence}:${d.decision}`);
      }
  // Each licence is honoured on some day; those with dates inside the window are refused on another (GBSAN0002
  // is valid from the day its measure starts and has no expiry in the data).
  for (const { licence } of plans) {
    assert.ok(seen.has(`${licence}:ADMIT`), `${licence} honoured somewhere`);
    assert.equal(seen.has(`${licence}:REFUSE`), licence !== "gtl-gbsan0002", `${licence} refused outside its dates`);
  }
});
