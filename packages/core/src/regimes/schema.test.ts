import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { bundledDataDir } from "../data/index.ts";
import { EmbargoError } from "../errors/index.ts";
import { regimeJsonSchemaFiles } from "./json-schema.ts";
import { parseCountryGroups, parseRegimeFile } from "./load.ts";
import { clone, groupsFile, measure, regimeFile } from "./testkit.ts";

/** Runs `fn`, expects a REGIME_FILE_INVALID naming `file`, and returns its issues. */
function rejects(fn: () => unknown, file: string) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof EmbargoError, String(e));
    assert.equal(e.code, "REGIME_FILE_INVALID");
    assert.equal(e.category, "invalid_input");
    assert.ok(e.issues.length > 0);
    for (const i of e.issues) assert.equal(i.file, file);
    return e.issues;
  }
  assert.fail("expected REGIME_FILE_INVALID");
}

test("a valid regime file parses, with defaults filled in", () => {
  const doc = regimeFile("EU");
  const { exemptions: _dropped, ...m } = doc.measures[0]!;
  const parsed = parseRegimeFile({ ...doc, measures: [m] }, "eu.json");
  assert.equal(parsed.measures.length, 1);
  assert.deepEqual(parsed.measures[0]?.exemptions, [], "exemptions default to []");
  const scenario = parseRegimeFile(
    regimeFile("g7-test-scenario", [
      measure("s1", "g7-test-scenario", { goods: { kind: "all_except", nomenclature: "HS2022", except: [] } }),
    ]),
    "s.json",
  );
  assert.equal(scenario.measures[0]?.goods.kind, "all_except");
});

test("a missing field is rejected with the file and the JSON path", () => {
  const doc = clone(regimeFile()) as unknown as { measures: Record<string, unknown>[] };
  delete doc.measures[0]?.title;
  const issues = rejects(() => parseRegimeFile(doc, "eu.json"), "eu.json");
  assert.ok(issues.some((i) => i.path === "measures[0].title"));
});

test("a bad code prefix is rejected at its index (dots, odd lengths, letters)", () => {
  for (const bad of ["8542.31", "85423", "85A2", "8"]) {
    const doc = regimeFile("EU", [
      measure("m1", "EU", { goods: { kind: "codes", nomenclature: "HS2022", include: ["8542", bad] } }),
    ]);
    const issues = rejects(() => parseRegimeFile(doc, "eu.json"), "eu.json");
    assert.deepEqual(
      issues.map((i) => i.path),
      ["measures[0].goods.include[1]"],
      bad,
    );
  }
});

test("a bad date, or an end before the start, is rejected", () => {
  const bad = regimeFile("EU", [measure("m1", "EU", { effective: { from: "2024-13-01" } })]);
  assert.ok(
    rejects(() => parseRegimeFile(bad, "eu.json"), "eu.json").some((i) => i.path === "measures[0].effective.from"),
  );
  const reversed = regimeFile("EU", [measure("m1", "EU", { effective: { from: "2024-03-01", until: "2024-02-29" } })]);
  const issues = rejects(() => parseRegimeFile(reversed, "eu.json"), "eu.json");
  assert.deepEqual(
    issues.map((i) => [i.code, i.path]),
    [["bad_dates", "measures[0].effective"]],
  );
  const grand = regimeFile("EU", [
    measure("m1", "EU", { grandfathering: { contractsConcludedBefore: "2024-01-01", executionUntil: "2023-01-01" } }),
  ]);
  assert.equal(rejects(() => parseRegimeFile(grand, "eu.json"), "eu.json")[0]?.path, "measures[0].grandfathering");
});

test("a measure of another jurisdiction than its file is rejected", () => {
  const doc = regimeFile("EU", [measure("m1", "US")]);
  const issues = rejects(() => parseRegimeFile(doc, "eu.json"), "eu.json");
  assert.deepEqual(
    issues.map((i) => [i.code, i.path]),
    [["jurisdiction_mismatch", "measures[0].jurisdiction"]],
  );
});

test("other schema rules: kebab ids, URLs in citations, ISO or @GROUP countries, known nomenclatures", () => {
  const cases: [Partial<Parameters<typeof measure>[2]>, string][] = [
    [{ id: "EU 833 Bad" }, "measures[0].id"],
    [{ legalBasis: [{ instrument: "x", url: "not a url" }] }, "measures[0].legalBasis[0].url"],
    [{ legalBasis: [] }, "measures[0].legalBasis"],
    [{ countries: ["Russia"] }, "measures[0].countries[0]"],
    [{ goods: { kind: "codes", nomenclature: "HS2012", include: ["84"] } }, "measures[0].goods.nomenclature"],
    [{ coverage: { status: "partial", note: "" } }, "measures[0].coverage.note"],
    [{ flags: ["lower_case"] }, "measures[0].flags[0]"],
  ];
  for (const [extra, at] of cases) {
    const doc = regimeFile("EU", [measure("m1", "EU", extra as Parameters<typeof measure>[2])]);
    const issues = rejects(() => parseRegimeFile(doc, "eu.json"), "eu.json");
    assert.ok(
      issues.some((i) => i.path === at),
      `${at}: ${JSON.stringify(issues)}`,
    );
  }
});

test("country groups: valid file parses; a note about a non-member is rejected", () => {
  const g = parseCountryGroups(groupsFile());
  assert.equal(g.groups.NON_PARTNERS?.mode, "complement");
  const bad = clone(groupsFile());
  bad.groups.PARTNERS = { ...bad.groups.PARTNERS!, memberNotes: { KZ: "not a member" } };
  const issues = rejects(() => parseCountryGroups(bad, "country-groups.json"), "country-groups.json");
  assert.deepEqual(
    issues.map((i) => [i.code, i.path]),
    [["unknown_member", "groups.PARTNERS.memberNotes.KZ"]],
  );
  const noCitation = clone(groupsFile());
  noCitation.groups.PARTNERS = { ...noCitation.groups.PARTNERS!, citations: [] };
  assert.ok(
    rejects(() => parseCountryGroups(noCitation, "country-groups.json"), "country-groups.json").some(
      (i) => i.path === "groups.PARTNERS.citations",
    ),
  );
});

test("the committed JSON Schemas equal the ones generated from the code (scripts/gen-regime-schemas.ts)", async () => {
  const files = regimeJsonSchemaFiles();
  assert.deepEqual(Object.keys(files).sort(), ["country-groups.schema.json", "regime-file.schema.json"]);
  for (const [name, text] of Object.entries(files)) {
    const committed = await readFile(path.join(bundledDataDir, "regimes", name), "utf8");
    assert.equal(committed, text, `${name} is stale: run node --import tsx scripts/gen-regime-schemas.ts`);
    const schema = JSON.parse(text) as { $schema?: string; properties?: Record<string, unknown> };
    assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
    assert.ok(schema.properties && ("measures" in schema.properties || "groups" in schema.properties));
  }
});
