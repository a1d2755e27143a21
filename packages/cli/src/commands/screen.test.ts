import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { runEmbargo } from "../testing.ts";

const state = mkdtempSync(path.join(tmpdir(), "embargo-screen-"));

const embargo = (args: string[]) => runEmbargo(["--state-dir", state, ...args]);

test('embargo screen "Сергей Иванов" --json finds the OFAC listing through transliteration (exit 1 = finding)', () => {
  const r = embargo(["screen", "Сергей Иванов", "--json"]);
  assert.equal(r.status, 1, r.stderr);
  const doc = JSON.parse(r.stdout) as {
    version: string;
    hits: { list: string; sourceId: string; score: number; explanation: { features: { feature: string }[] } }[];
  };
  assert.match(doc.version, /^screening-/);
  const hit = doc.hits.find((h) => h.list === "ofac-sdn" && h.sourceId === "16688");
  assert.ok(hit, r.stdout.slice(0, 500));
  assert.ok(hit.score >= 0.95);
  assert.ok(hit.explanation.features.some((f) => f.feature === "transliteration"));
});

test("embargo screen --batch: JSON line per row with per-row errors; CSV out; allow-list via --allow", () => {
  const csv = path.join(state, "names.csv");
  writeFileSync(
    csv,
    "name,type,country,dob\nSergei Ivanov,person,RU,\n,person,,\nZzyzx Qwertyuiop,organization,,\nBank Rossiya,,,\nJohn Doe,person,Russia,\n",
  );
  const j = embargo(["screen", "--batch", csv, "--json"]);
  assert.equal(j.status, 1, j.stderr);
  const lines = j.stdout
    .trim()
    .split("\n")
    .map(
      (l) =>
        JSON.parse(l) as {
          row: number;
          hits?: { list: string; sourceId: string; name: string; score: number; explanation: unknown }[];
          error?: { code: string };
        },
    );
  assert.equal(lines.length, 5);
  assert.deepEqual(
    lines.map((l) => l.row),
    [1, 2, 3, 4, 5],
  );
  assert.ok(lines[0]?.hits?.some((h) => h.sourceId === "16688"));
  assert.equal(lines[1]?.error?.code, "SCREEN_NAME_REQUIRED");
  assert.deepEqual(lines[2]?.hits, []);
  const rossiya = lines[3]?.hits?.[0];
  assert.ok(rossiya?.list && rossiya.sourceId && rossiya.name && rossiya.explanation);
  // Rows are parsed by the query contract POST /v1/screen parses its rows with: the same row error as over HTTP.
  assert.equal(lines[4]?.error?.code, "SCREEN_QUERY_INVALID");
  assert.match(j.stderr, /2 of 5 rows could not be screened/);

  const allow = embargo([
    "screen",
    "Sergei Ivanov",
    "--type",
    "person",
    "--country",
    "RU",
    "--allow",
    "ofac-sdn:16688",
    "--reviewer",
    "test.officer",
    "--reason",
    "different person",
  ]);
  assert.equal(allow.status, 0, allow.stderr);
  const stored = JSON.parse(readFileSync(path.join(state, "screening", "allow-list.json"), "utf8")) as {
    reviewer: string;
  }[];
  assert.equal(stored[0]?.reviewer, "test.officer");
  // CSV out, after the review of row 1's exact query: that hit is gone, the rest is unchanged.
  const c = embargo(["screen", "--batch", csv]);
  assert.equal(c.status, 1);
  const head = c.stdout.split("\n")[0];
  assert.equal(
    head,
    "row,name,status,list,source_id,listed_name,score,strength,programmes,explanation,error,listings,list_warnings",
  );
  // "clear" only in the lists named: every row carries the list warnings.
  assert.match(c.stdout, /\n3,Zzyzx Qwertyuiop,clear,.*the EU list is not loaded/);
  assert.match(c.stderr, /screened against ofac-sdn 2024-05-03 \(\d+ days old\)/);

  assert.ok(!/\n1,Sergei Ivanov,hit,ofac-sdn,16688,/.test(c.stdout));
});

test('embargo screen "Vladimir Putin": one profile with its OFAC and UK listings, and the lists\' dates and warnings', () => {
  const r = embargo(["screen", "Vladimir Putin"]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /MATCH\s+100%\s+ofac-sdn:35096\s+PUTIN, Vladimir Vladimirovich/);
  assert.match(r.stdout, /listed: ofac-sdn:35096 "PUTIN, Vladimir Vladimirovich" \[RUSSIA-EO14024\]/);
  assert.match(r.stdout, /listed: uk-ofsi:14196 "Vladimir Vladimirovich PUTIN" \[Russia\] since 2022-02-25/);
  assert.match(r.stdout, /born 1952-10-07/);
  assert.match(
    r.stdout,
    /\d+ hits? \(\d+ match(es)?\) in the lists as of OFAC SDN 2024-05-03, .*; the EU, Japan and Canada lists are not loaded/,
  );
  const none = embargo(["screen", "Zzyzx Qwertyuiop", "--json"]);
  assert.equal(none.status, 0, none.stderr);
  const doc = JSON.parse(none.stdout) as {
    summary: string;
    lists: { list: string; date?: string }[];
    warnings: { code: string }[];
  };
  assert.match(
    doc.summary,
    /^No hit in the lists as of OFAC SDN 2024-05-03, .*; the EU, Japan and Canada lists are not loaded/,
  );
  assert.ok(doc.lists.some((l) => l.list === "uk-ofsi" && l.date === "2025-04-14"));
  assert.ok(doc.warnings.some((w) => w.code === "LIST_STALE"));
});

test("embargo screen with a bad --type is bad input (exit 2)", () => {
  const r = embargo(["screen", "x", "--type", "planet"]);
  assert.equal(r.status, 2);
  // Parsed by the query contract POST /v1/screen uses: its code, worded as the flag.
  assert.match(r.stderr, /--type: .*"person"\|"organization".*\(got 'planet'\) \[SCREEN_QUERY_INVALID\]/);
});
