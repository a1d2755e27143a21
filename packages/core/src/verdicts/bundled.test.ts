// Integration tests against the bundled regime data (data/regimes/). The unit tests use invented fixtures;
// these check that verdicts read the real files sensibly. Dates and codes are taken from the data itself, so the
// tests follow the data rather than restate it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { bundledDataDir } from "../data/index.ts";
import { loadRegimeSet } from "../regimes/load.ts";
import type { Measure } from "../regimes/schema.ts";
import { compareRegimes } from "./compare.ts";
import { decide } from "./decide.ts";
import type { CheckResult } from "./result.ts";
import { parseShipment, type ShipmentInput } from "./shipment.ts";

const regimes = await loadRegimeSet(path.join(bundledDataDir, "regimes"));
const examples = fileURLToPath(new URL("../../../../examples/", import.meta.url));

function dayBefore(d: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}

function codesOf(m: Measure | undefined): string[] {
  return m?.goods.kind === "codes" ? m.goods.include : [];
}

const run = (s: ShipmentInput, scenario?: string): CheckResult =>
  decide(parseShipment(s), { regimes, ...(scenario ? { scenario } : {}) });

test("the bundled regime data loads with every member and the full-ban scenario", () => {
  assert.deepEqual([...regimes.members].sort(), ["CA", "EU", "JP", "UK", "US"]);
  assert.ok(regimes.scenarios.includes("g7-full-ban-2023"));
});

test("the example shipment: CHPL goods to a non-partner transit hub need the no-Russia clause and raise diversion risk", () => {
  const doc = JSON.parse(readFileSync(path.join(examples, "shipment.json"), "utf8"));
  const r = run(doc);
  assert.equal(r.dataVersion, regimes.version);
  const clause = r.flags.find((f) => f.code === "NO_RUSSIA_CLAUSE_REQUIRED" && f.jurisdiction === "EU");
  assert.ok(clause, "Art. 12g flag");
  assert.ok(clause.effective?.from, "the flag carries its dates");
  assert.ok(r.flags.some((f) => f.code === "DIVERSION_RISK"));
  const eu = r.jurisdictions.find((j) => j.jurisdiction === "EU");
  assert.equal(eu?.verdict, "REVIEW");
  assert.notEqual(r.overall, "NOT_RESTRICTED");
  // The same goods to an Annex VIII partner: no clause.
  const partner = run({ ...doc, destination: "US", consignee: { name: "Inc", country: "US" }, endUser: undefined });
  assert.ok(!partner.flags.some((f) => f.code === "NO_RUSSIA_CLAUSE_REQUIRED"));
});

test("time travel on the EU diamonds import ban (dates read from the data)", () => {
  const m = regimes.measure("eu-833-3p-diamonds-direct");
  assert.ok(m, "measure present");
  const code = codesOf(m)[0] as string;
  const imp = (date: string) =>
    run({
      date,
      exporter: { name: "Almazy LLC", country: "RU" },
      consignee: { name: "Antwerp NV", country: "BE" },
      destination: "BE",
      items: [{ code, originCountry: "RU", carats: 0.7, value: 1000, currency: "EUR", quantity: 1 }],
    });
  const on = imp(m.effective.from);
  const euOn = on.jurisdictions.find((j) => j.jurisdiction === "EU");
  assert.ok(euOn?.items[0]?.reasons.some((x) => x.measureId === m.id && x.effect === "PROHIBITED"));
  assert.equal(euOn?.verdict, "PROHIBITED");
  const before = imp(dayBefore(m.effective.from));
  const euBefore = before.jurisdictions.find((j) => j.jurisdiction === "EU");
  assert.ok(!euBefore?.items[0]?.reasons.some((x) => x.measureId === m.id));
});

test("the full-ban scenario appears as one more jurisdiction on exports to Russia", () => {
  const sc = regimes.measuresOf("g7-full-ban-2023")[0];
  assert.ok(sc);
  const r = run(
    {
      date: "2025-06-01",
      exporter: { name: "Acme GmbH", country: "DE" },
      consignee: { name: "OOO", country: "RU" },
      destination: "RU",
      items: [{ code: "940360", description: "wooden furniture" }],
    },
    "g7-full-ban-2023",
  );
  const j = r.jurisdictions.find((x) => x.jurisdiction === "g7-full-ban-2023");
  assert.equal(j?.type, "scenario");
  assert.equal(j?.applies, true);
  assert.notEqual(j?.verdict, "NOT_APPLICABLE");
});

test("the comparison over chapter 85 names members, dates and gaps", () => {
  const cmp = compareRegimes(regimes, { chapter: "85", asOf: "2025-06-01", scenario: "g7-full-ban-2023" });
  assert.ok(cmp.rows.length > 1);
  assert.ok(cmp.rows.some((r) => r.restrictedBy.includes("EU")));
  for (const r of cmp.rows)
    for (const c of r.cells) if (c.status === "prohibited" || c.status === "licence") assert.ok(c.since);
});
