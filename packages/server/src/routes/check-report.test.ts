import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { createEngine } from "@embargo/core";
import { parseCsv } from "@embargo/web/csv";
import { createApp } from "../app.ts";
import { canonicalJson } from "./check-report.ts";

// Test fixture regime data (invented measures; see its README).
const dataDir = fileURLToPath(new URL("../../../core/src/verdicts/fixtures", import.meta.url));
const now = new Date("2026-03-02T10:20:30.000Z");
const app = createApp({ engine: createEngine({ dataDir, clock: { now: () => now } }), web: false });

const body = {
  shipment: {
    date: "2025-06-01",
    exporter: { name: "Acme GmbH", country: "DE" },
    consignee: { name: "TOO Example", country: "KZ" },
    destination: "KZ",
    items: [
      { code: "8542.31", value: 12000, currency: "EUR", quantity: 100 },
      { code: "8471.50", description: "processing units" },
    ],
  },
};
const post = (format: string, b: unknown = body) =>
  app.request(`/v1/check/report?format=${format}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(b),
  });

interface Report {
  generatedAt: string;
  digest: { algorithm: string; value: string };
  request: unknown;
  result: { overall: string; dataVersion: string; jurisdictions: { jurisdiction: string; applies: boolean }[] };
}

test("the JSON report: the check's result, the clock's time, and a SHA-256 a reader can recompute", async () => {
  const res = await post("json");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-disposition") ?? "", /attachment; filename="embargo-check-2025-06-01-/);
  const rep = (await res.json()) as Report;
  assert.equal(rep.generatedAt, "2026-03-02T10:20:30.000Z");
  const plain = (await (
    await app.request("/v1/check", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    })
  ).json()) as unknown;
  assert.deepEqual(rep.result, plain, "the report holds the same result as POST /v1/check");
  assert.equal(rep.digest.algorithm, "SHA-256");
  const again = createHash("sha256")
    .update(canonicalJson({ request: rep.request, result: rep.result }))
    .digest("hex");
  assert.equal(rep.digest.value, again);
  // The same check gives the same digest; another shipment another.
  const rep2 = (await (await post("json")).json()) as Report;
  assert.equal(rep2.digest.value, rep.digest.value);
  const other = structuredClone(body);
  other.shipment.destination = "AM";
  other.shipment.consignee.country = "AM";
  const rep3 = (await (await post("json", other)).json()) as Report;
  assert.notEqual(rep3.digest.value, rep.digest.value);
});

test("canonicalJson sorts keys at every level and drops undefined", () => {
  assert.equal(canonicalJson({ b: [{ d: 1, c: undefined, a: "x" }], a: null }), '{"a":null,"b":[{"a":"x","d":1}]}');
});

test("the CSV report: one row per applicable member and line, with verdict, citations, data version and digest", async () => {
  const res = await post("csv");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/csv/);
  const rows = parseCsv(await res.text());
  const head = rows[0] ?? [];
  const col = (name: string) => head.indexOf(name);
  for (const name of ["member", "line", "code", "verdict", "reasons", "citations", "data version", "sha256"])
    assert.ok(col(name) >= 0, `column ${name}`);
  const rep = (await (await post("json")).json()) as Report;
  const applying = rep.result.jurisdictions.filter((j) => j.applies).length;
  assert.equal(rows.length - 1, applying * 2);
  const eu1 = rows.find((r) => r[col("member")] === "EU" && r[col("line")] === "1");
  assert.ok(eu1);
  assert.equal(eu1[col("code")], "854231");
  assert.equal(eu1[col("sha256")], rep.digest.value);
  assert.equal(eu1[col("data version")] !== "", true);
});

test("the PDF report: pdftotext reads the shipment, the verdicts, citations, data versions, time and digest", async () => {
  const res = await post("pdf");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/pdf");
  const pdf = new Uint8Array(await res.arrayBuffer());
  const text = execFileSync("pdftotext", ["-", "-"], { input: pdf, encoding: "utf8" }).replace(/\s+/g, " ");
  const rep = (await (await post("json")).json()) as Report;
  for (const s of [
    "Shipment check report",
    "2026-03-02T10:20:30.000Z",
    "Acme GmbH (DE)",
    "TOO Example (KZ)",
    "854231",
    "Verdicts per member and line",
    "Overall verdict: REVIEW",
    "fx-eu-no-russia-clause",
    "Data versions",
    rep.result.dataVersion,
    rep.digest.value,
  ])
    assert.ok(text.includes(s), `PDF text lacks ${s}`);
});

test("a bad format or a bad shipment is a 400 naming the field", async () => {
  const bad = await post("docx");
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /format/);
  const badCode = structuredClone(body);
  badCode.shipment.items[0] = { code: "85x", value: 1, currency: "EUR", quantity: 1 };
  const r = await post("pdf", badCode);
  assert.equal(r.status, 400);
  assert.match(await r.text(), /shipment\.items\[0\]\.code/);
});
