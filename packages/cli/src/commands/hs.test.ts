import assert from "node:assert/strict";
import { test } from "node:test";
import { runEmbargoAsync } from "../testing.ts";

/** Spawns the real binary, as a user would (async, so the cases run concurrently). */
const embargo = (args: string[]) => runEmbargoAsync(args);

interface Entry {
  code: string;
  edition: string;
  level: string;
  description: string;
  leaf?: string;
}

test("embargo hs <code>: entry, parents, children and HS2017 correlation", async () => {
  const r = await embargo(["hs", "8542.31"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^854231 {2}Electronic integrated circuits; processors and controllers/);
  assert.match(r.stdout, /Parents:\n {2}XVI .*\n {2}85 .*\n {2}8542 {6}Electronic integrated circuits/);
  assert.match(r.stdout, /Children \(CN2026\) \(3\):\n {2}85423111 {2}Multi-component integrated circuits \(MCOs\)/);
  assert.match(r.stdout, /HS2017 correlation .*:\n {2}854231 {2}n:1/);
});

test("embargo hs <code> --json prints the entry with description, parents and children", async () => {
  const r = await embargo(["hs", "8542 31 11", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const v = JSON.parse(r.stdout) as Entry & { parents: Entry[]; children: Entry[]; years: number[] };
  assert.equal(v.code, "85423111");
  assert.equal(v.edition, "CN2026");
  assert.equal(v.level, "cn8");
  assert.equal(v.leaf, "Multi-component integrated circuits (MCOs)");
  assert.match(v.description, /^Electronic integrated circuits › /);
  assert.deepEqual(
    v.parents.map((p) => p.code),
    ["XVI", "85", "8542", "854231"],
  );
  assert.deepEqual(v.children, []);
  assert.deepEqual(v.years, [2023, 2024, 2025, 2026]);
});

test("embargo hs <text> ranks matches; --json gives { query, results }", async () => {
  const [human, json] = await Promise.all([
    embargo(["hs", "integrated", "circuits", "--limit", "3"]),
    embargo(["hs", "integrated circuits", "--json", "--limit", "5", "--edition", "hs2017"]),
  ]);
  assert.equal(human.status, 0, human.stderr);
  const lines = human.stdout.trim().split("\n");
  assert.equal(lines.length, 4); // header + 3
  assert.match(lines[1] ?? "", /^8542 +HS2022 +heading +[\d.]+ +Electronic integrated circuits$/);
  assert.equal(json.status, 0, json.stderr);
  const v = JSON.parse(json.stdout) as {
    query: string;
    results: { code: string; edition: string; level: string; description: string; score: number }[];
  };
  assert.equal(v.query, "integrated circuits");
  assert.equal(v.results.length, 5);
  assert.equal(v.results[0]?.code, "8542");
  assert.ok(v.results.every((x) => x.edition === "HS2017" && typeof x.score === "number"));
});

test("unknown code exits 2 with HS_CODE_NOT_FOUND; junk exits 2 with HS_CODE_INVALID", async () => {
  const [missing, missingJson, junk, badEdition] = await Promise.all([
    embargo(["hs", "854299"]),
    embargo(["hs", "854299", "--json"]),
    embargo(["hs", "854"]),
    embargo(["hs", "8542", "--edition", "HS1996"]),
  ]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /\[HS_CODE_NOT_FOUND\]/);
  assert.equal(missingJson.status, 2);
  assert.equal((JSON.parse(missingJson.stdout) as { error: { code: string } }).error.code, "HS_CODE_NOT_FOUND");
  assert.equal(junk.status, 2);
  assert.match(junk.stderr, /\[HS_CODE_INVALID\]/);
  assert.equal(badEdition.status, 2);
  assert.match(badEdition.stderr, /\[HS_EDITION_INVALID\]/);
});

test("an HS code that does not exist: not found (exit 2) with the nearest existing codes", async () => {
  const r = await embargo(["hs", "854299"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no HS2022 code 854299 — did you mean 854239 \(Electronic integrated circuits; n\.e\.c\./);
  assert.match(r.stderr, /\[HS_CODE_NOT_FOUND\]/);
  const cn = await embargo(["hs", "85423150", "--json"]);
  assert.equal(cn.status, 2);
  const err = JSON.parse(cn.stdout).error;
  assert.equal(err.code, "HS_CODE_NOT_FOUND");
  assert.deepEqual([...err.details.suggestions].sort(), ["85423111", "85423119", "85423190"]);
});
