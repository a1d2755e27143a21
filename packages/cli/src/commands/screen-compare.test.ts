import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { parse } from "csv-parse/sync";
import { runEmbargoAsync } from "../testing.ts";

test("embargo screen compare: verdict and the feature table", async () => {
  const r = await runEmbargoAsync([
    "screen",
    "compare",
    "Vyacehslav Volodin",
    "VOLODIN, Vyacheslav",
    "--type",
    "person",
  ]);
  assert.equal(r.status, 0, r.stderr);
  // A transposed given name beside an exact family name: at least a possible match, labelled by its score's band.
  const head = /^(POSSIBLE MATCH|MATCH) (\d+\.\d)% {2}"Vyacehslav Volodin" vs "VOLODIN, Vyacheslav" \(person\)/.exec(
    r.stdout,
  );
  assert.ok(head, r.stdout);
  assert.equal(head[1], Number(head[2]) >= 95 ? "MATCH" : "POSSIBLE MATCH");
  assert.match(r.stdout, /name_parts +\+0\.\d{4} {2}'volodin'='volodin' exact/);
  const j = await runEmbargoAsync(["screen", "compare", "Romashka OOO", "Romashka AO", "--json"]);
  const v = JSON.parse(j.stdout) as { verdict: string; explanation: { features: { feature: string }[] } };
  assert.ok(v.explanation.features.some((f) => f.feature === "legal_form_mismatch"));
});

test("embargo screen compare --pairs: CSV in, the same rows plus score, verdict, explanation out", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "embargo-compare-"));
  const file = path.join(dir, "pairs.csv");
  writeFileSync(
    file,
    'name1,name2,type\nVladimir Putin,"PUTIN, Vladimir Vladimirovich",person\nFidel Castro,Fidel Castillo,\n',
  );
  const r = await runEmbargoAsync(["screen", "compare", "--pairs", file]);
  assert.equal(r.status, 0, r.stderr);
  const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
  assert.deepEqual(Object.keys(rows[0] ?? {}), ["name1", "name2", "type", "score", "verdict", "explanation"]);
  assert.equal(rows[0]?.verdict, "match");
  assert.notEqual(rows[1]?.verdict, "match");
  assert.match(rows[0]?.explanation ?? "", /^name_parts \+0\.\d{4}/);
  writeFileSync(file, "name1,name2,type\nA,B,planet\n");
  const bad = await runEmbargoAsync(["screen", "compare", "--pairs", file]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /COMPARE_BODY_INVALID/);
});
