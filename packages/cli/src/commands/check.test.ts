import assert from "node:assert/strict";
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { runEmbargo } from "../testing.ts";

// Test fixture regime data (invented measures; see its README): tests never depend on the bundled data.
const fixtures = fileURLToPath(new URL("../../../core/src/verdicts/fixtures", import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), "embargo-check-"));

function embargo(args: string[], env: Record<string, string> = {}) {
  return runEmbargo(["--data-dir", fixtures, ...args], { env });
}

function write(name: string, content: string): string {
  const p = path.join(tmp, name);
  writeFileSync(p, content);
  return p;
}

/** A batch's --json output: one JSON line per shipment, then the summary line (docs/verdicts.md). */
function batchOf(stdout: string) {
  const lines = stdout
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));
  const last = lines.pop();
  assert.ok(last.summary, "the last line is the summary");
  return { ...last, results: lines };
}

const shipment = {
  id: "S-1",
  date: "2025-06-01",
  exporter: { name: "Acme GmbH", country: "DE" },
  consignee: { name: "OOO Test", country: "RU" },
  destination: "RU",
  items: [{ code: "8471.50", description: "processing units", value: 1000, currency: "EUR", quantity: 1 }],
};

test("check --json: one object with asOf, dataVersion, overall, jurisdictions and flags; exit 1 when restricted", () => {
  const r = embargo(["check", write("s.json", JSON.stringify(shipment)), "--json"]);
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.asOf, "2025-06-01");
  assert.match(out.dataVersion, /^regimes-[0-9a-f]{12}$/);
  assert.equal(out.overall, "PROHIBITED");
  assert.ok(Array.isArray(out.flags));
  const eu = out.jurisdictions.find((j: { jurisdiction: string }) => j.jurisdiction === "EU");
  assert.equal(eu.applies, true);
  assert.equal(eu.verdict, "PROHIBITED");
  assert.equal(eu.coverage.status, "complete");
  assert.deepEqual(
    Object.keys(eu.items[0].reasons[0]).filter((k) => ["measureId", "citation", "summary"].includes(k)),
    ["measureId", "citation", "summary"],
  );
  assert.equal(eu.items[0].reasons[0].measureId, "fx-eu-industrial");
});

test("check: clean shipment exits 0; --as-of time travel; --scenario adds a jurisdiction", () => {
  const clean = { ...shipment, destination: "FR", consignee: { name: "SARL", country: "FR" } };
  const ok = embargo(["check", write("clean.json", JSON.stringify(clean))]);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /OVERALL: NOT_RESTRICTED/);
  const before = embargo(["check", write("s2.json", JSON.stringify(shipment)), "--as-of", "2022-01-01", "--json"]);
  assert.equal(JSON.parse(before.stdout).overall, "NOT_RESTRICTED");
  assert.equal(before.status, 0);
  const car = { ...shipment, items: [{ code: "870323" }] };
  const sc = embargo(["check", write("car.json", JSON.stringify(car)), "--scenario", "test-full-ban", "--json"]);
  const out = JSON.parse(sc.stdout);
  const scenario = out.jurisdictions.find((j: { jurisdiction: string }) => j.jurisdiction === "test-full-ban");
  assert.equal(scenario.verdict, "PROHIBITED");
  assert.equal(out.overall, "NOT_RESTRICTED", "a scenario never changes the overall verdict");
  assert.equal(sc.status, 0);
});

test("check: bad input exits 2 with the fields at fault", () => {
  const bad = embargo(["check", write("bad.json", JSON.stringify({ ...shipment, destination: "Russia" }))]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /SHIPMENT_INVALID/);
  assert.match(bad.stderr, /destination/);
  assert.equal(embargo(["check", path.join(tmp, "missing.json")]).status, 2);
  assert.equal(embargo(["check", write("notjson.json", "{ nope")]).status, 2);
  const sc = embargo(["check", write("s3.json", JSON.stringify(shipment)), "--scenario", "nope-nope", "--json"]);
  assert.equal(sc.status, 2);
  assert.equal(JSON.parse(sc.stdout).error.code, "SCENARIO_NOT_FOUND");
});

test("check a CSV batch: per-row errors reported, the rest decided, exit 2; progress bar on request", () => {
  const rows = [
    "shipment_id,date,exporter_name,exporter_country,consignee_name,consignee_country,destination,code,value,currency,quantity",
    "A,2025-06-01,Acme,DE,OOO,RU,RU,8471.50,100,EUR,1",
    "A,2025-06-01,Acme,DE,OOO,RU,RU,0101,50,EUR,1",
    "B,2025-06-01,Acme,DE,Buyer,FR,FR,8471.50,100,EUR,1",
    "C,2025-06-01,Acme,DE,OOO,RU,Russia,84x,1,EUR,1",
  ];
  const file = write("batch.csv", `${rows.join("\n")}\n`);
  const r = embargo(["check", file, "--json"]);
  assert.equal(r.status, 2, r.stderr);
  const out = batchOf(r.stdout);
  assert.deepEqual(out.summary, {
    shipments: 3,
    prohibited: 1,
    licenceRequired: 0,
    review: 0,
    notRestricted: 1,
    errors: 1,
  });
  assert.deepEqual(out.results[0].rows, [1, 2]);
  assert.equal(out.results[0].overall, "PROHIBITED");
  assert.equal(out.results[2].error.code, "SHIPMENT_INVALID");
  assert.ok(out.results[2].error.issues.every((i: { row: number }) => i.row === 4));
  const text = embargo(["check", file]);
  assert.match(text.stdout, /row 4 \(C\): ERROR/);
  assert.match(text.stdout, /batch\.csv row 4 items\[0\]\.code/);

  // A long run draws a progress bar on stderr (forced on for a non-TTY with EMBARGO_PROGRESS=1).
  const many = [rows[0]];
  for (let i = 0; i < 250; i++) many.push(`R${i},2025-06-01,Acme,DE,Buyer,FR,FR,0101,1,EUR,1`);
  const long = embargo(["check", write("long.csv", `${many.join("\n")}\n`)], { EMBARGO_PROGRESS: "1" });
  assert.equal(long.status, 0, long.stderr);
  assert.match(long.stderr, /check \[.*\] 100% \| 250\/250/);
  assert.match(long.stdout, /250 shipment\(s\): 0 prohibited, 0 licence required, 0 to review, 250 not restricted/);
});

test("regimes list/show/diff/schema", () => {
  const list = embargo(["regimes", "list", "--json"]);
  assert.equal(list.status, 0, list.stderr);
  assert.deepEqual(JSON.parse(list.stdout).members, ["EU", "US", "JP"]);
  const show = embargo(["regimes", "show", "EU"]);
  assert.match(show.stdout, /fx-eu-industrial\s+export_ban/);
  assert.equal(embargo(["regimes", "show", "XX"]).status, 2);
  const diff = embargo([
    "regimes",
    "diff",
    "--codes",
    "847150,8703",
    "--as-of",
    "2025-01-01",
    "--scenario",
    "test-full-ban",
  ]);
  assert.equal(diff.status, 0, diff.stderr);
  assert.match(diff.stdout, /847150\s+BAN 2022-04-09\s+LIC 2022-02-24/);
  const csv = embargo(["regimes", "diff", "--chapter", "85", "--as-of", "2025-01-01", "--format", "csv"]);
  assert.match(csv.stdout, /^code,jurisdiction,status,verdict,since/);
  const json = JSON.parse(
    embargo(["regimes", "diff", "--codes", "847150", "--as-of", "2025-01-01", "--format", "json"]).stdout,
  );
  assert.deepEqual(json.gaps, [{ code: "847150", restrictedBy: ["EU", "US"], notRestrictedBy: ["JP"] }]);
  const schema = JSON.parse(embargo(["regimes", "schema"]).stdout);
  assert.ok(schema.properties.measures);
});

test("the examples run against the bundled data: the CSV batch reports its bad row and exits 2", () => {
  const root = fileURLToPath(new URL("../../../../", import.meta.url));
  const r = runEmbargo(["check", path.join(root, "examples/shipments.csv"), "--json"]);
  assert.equal(r.status, 2, r.stderr);
  const out = batchOf(r.stdout);
  assert.equal(out.summary.errors, 1);
  assert.equal(out.summary.shipments, 5);
  const bad = out.results.find((x: { error?: unknown }) => x.error);
  assert.deepEqual(bad.rows, [6]);
  const one = runEmbargo(["check", path.join(root, "examples/shipment.json"), "--json"]);
  assert.equal(one.status, 1, one.stderr);
  assert.ok(JSON.parse(one.stdout).flags.some((f: { code: string }) => f.code === "NO_RUSSIA_CLAUSE_REQUIRED"));
});

test("check --fx: a caller-supplied rate lets a USD value meet a EUR threshold", () => {
  const lux = { ...shipment, items: [{ code: "71131900", value: 1000, currency: "USD", quantity: 1 }] };
  const file = write("lux.json", JSON.stringify(lux));
  const without = JSON.parse(embargo(["check", file, "--json"]).stdout);
  const eu = (r: { jurisdictions: { jurisdiction: string; items: { verdict: string }[] }[] }) =>
    r.jurisdictions.find((j) => j.jurisdiction === "EU")?.items[0]?.verdict;
  assert.equal(eu(without), "REVIEW");
  const rates = write("rates.json", JSON.stringify({ source: "test rates", rates: { "USD/EUR": 0.9 } }));
  const withFx = JSON.parse(embargo(["check", file, "--fx", rates, "--json"]).stdout);
  assert.equal(eu(withFx), "PROHIBITED");
  assert.equal(embargo(["check", file, "--fx", write("badrates.json", '{"rates":{}}')]).status, 2);
});

test("check screens the parties against the bundled lists unless --no-screening", () => {
  const root = fileURLToPath(new URL("../../../../", import.meta.url));
  const listed = {
    ...shipment,
    destination: "TR",
    consignee: { name: "Rosoboronexport", country: "RU" },
    items: [{ code: "0101" }],
  };
  const file = write("listed.json", JSON.stringify(listed));
  const spawn = (extra: string[]) =>
    runEmbargo(["--state-dir", path.join(tmp, "state"), "check", file, "--json", ...extra], {
      timeoutMs: 120_000,
      cwd: root,
    });
  const screened = spawn([]);
  assert.equal(screened.status, 1, screened.stderr);
  const out = JSON.parse(screened.stdout);
  assert.equal(out.parties.screened, true);
  assert.match(out.data.screening, /^screening-/);
  const consignee = out.parties.results.find((p: { role: string }) => p.role === "consignee");
  assert.ok(consignee.hits.length > 0, "a listed name is found");
  assert.ok(out.flags.some((f: { code: string }) => f.code === "PARTY_MATCH" || f.code === "PARTY_POSSIBLE_MATCH"));
  const off = JSON.parse(spawn(["--no-screening"]).stdout);
  assert.equal(off.parties.screened, false);
  assert.ok(off.notes.some((n: string) => /not screened .*--no-screening/.test(n)));
});

// Fixture regimes beside the bundled nomenclature: broader codes get their CN-8 children, unknown codes are refused.
const withNomenclature = (() => {
  const dir = mkdtempSync(path.join(tmpdir(), "embargo-check-nom-"));
  symlinkSync(path.join(fixtures, "regimes"), path.join(dir, "regimes"));
  symlinkSync(fileURLToPath(new URL("../../../../data/nomenclature", import.meta.url)), path.join(dir, "nomenclature"));
  return dir;
})();
const embargoN = (args: string[]) => runEmbargo(["--data-dir", withNomenclature, ...args], {});

test("check text: the headline comes first; a broader code lists its CN-8 children listed and not", () => {
  const s = { ...shipment, items: [{ code: "8542.31", description: "processors" }] };
  const r = embargoN(["check", write("children.json", JSON.stringify(s))]);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.split("\n");
  assert.match(lines[0] ?? "", /^Likely restricted: give the CN 8-digit code/);
  assert.match(r.stdout, /OVERALL: REVIEW \(likely restricted\)/);
  assert.match(r.stdout, /listed {6}85423190/);
  assert.match(r.stdout, /not listed {2}85423111/);
  const json = JSON.parse(embargoN(["check", write("children2.json", JSON.stringify(s)), "--json"]).stdout);
  const reason = json.jurisdictions.find((j: { jurisdiction: string }) => j.jurisdiction === "EU").items[0].reasons[0];
  assert.equal(reason.review, "likely_restricted");
  assert.deepEqual(
    reason.children.covered.map((k: { code: string }) => k.code),
    ["85423190"],
  );
  assert.equal(typeof json.headline, "string");
});

test("check rejects an impossible --as-of and a code in no edition (exit 2, field named); a batch row alone", () => {
  const asOf = embargoN(["check", write("s-asof.json", JSON.stringify(shipment)), "--as-of", "2024-13-45", "--json"]);
  assert.equal(asOf.status, 2);
  assert.equal(JSON.parse(asOf.stdout).error.code, "AS_OF_INVALID");
  const bad = embargoN(["check", write("s-code.json", JSON.stringify({ ...shipment, items: [{ code: "99999999" }] }))]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /SHIPMENT_INVALID/);
  assert.match(bad.stderr, /items\[0\]\.code/);
  const xx = embargoN(["check", write("s-xx.json", JSON.stringify({ ...shipment, destination: "XX" }))]);
  assert.equal(xx.status, 2);
  assert.match(xx.stderr, /destination/);
  const csv = [
    "shipment_id,date,exporter_name,exporter_country,consignee_name,consignee_country,destination,code,origin_country,carats,mining_country",
    "A,2025-06-01,Acme,DE,OOO,RU,RU,84715000,,,",
    "B,2025-06-01,Acme,DE,OOO,RU,RU,99999999,,,",
    "C,2025-06-01,Cutter,IN,BV,NL,NL,71023900,IN,1.2,RU",
  ].join("\n");
  const batch = embargoN(["check", write("b.csv", csv), "--json"]);
  assert.equal(batch.status, 2, batch.stderr);
  const out = batchOf(batch.stdout);
  assert.equal(out.summary.errors, 1);
  const b = out.results.find((x: { id?: string }) => x.id === "B");
  assert.equal(b.error.issues[0].row, 2);
  assert.equal(out.results.find((x: { id?: string }) => x.id === "A").overall, "PROHIBITED");
  // The fixture's processed-diamonds measure reads the mining country.
  const c = out.results.find((x: { id?: string }) => x.id === "C").result;
  const eu = c.jurisdictions.find((j: { jurisdiction: string }) => j.jurisdiction === "EU");
  assert.ok(
    eu.items[0].reasons.some((r: { measureId: string; summary: string }) => / mined or produced in RU/.test(r.summary)),
  );
});
