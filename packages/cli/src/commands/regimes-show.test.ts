// `embargo regimes show <member>` lists the member's known regimes (Russia, Belarus) with their encoding status.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runEmbargo } from "../testing.ts";

test("regimes show lists the known regimes with status, dates and citation (text and --json)", () => {
  const text = runEmbargo(["regimes", "show", "CA"]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /Known regimes \(\d+ encoded, \d+ partial, \d+ not encoded;/);
  assert.match(text.stdout, /ca-sema-russia-sch4-oil-exploration\s+not_encoded\s+export\s+RU\s+2014-12-19/);
  const json = runEmbargo(["regimes", "show", "EU", "--json"]);
  assert.equal(json.status, 0, json.stderr);
  const body = JSON.parse(json.stdout) as {
    knownRegimes: { id: string; status: string; effective: { from: string } }[];
    knownRegimeCounts: Record<string, number>;
  };
  const p12 = body.knownRegimes.find((k) => k.id === "eu-833-package-12-additions");
  assert.equal(p12?.status, "not_encoded");
  assert.equal(p12?.effective.from, "2023-12-19");
  assert.equal(
    Object.values(body.knownRegimeCounts).reduce((a, b) => a + b, 0),
    body.knownRegimes.length,
  );
});
