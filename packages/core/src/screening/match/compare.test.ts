import assert from "node:assert/strict";
import { test } from "node:test";
import { isEmbargoError } from "../../errors/index.ts";
import { compareNames, comparePairs, compareRequestJsonSchema, featureSummary } from "./compare.ts";

test("compareNames: score, verdict and features that sum to the score", () => {
  const r = compareNames("Vladimir Putin", "PUTIN, Vladimir Vladimirovich", { type: "person" });
  assert.equal(r.verdict, "match");
  const sum = r.explanation.features.reduce((a, f) => a + f.contribution, 0);
  assert.ok(Math.abs(Math.max(0, Math.min(1, sum)) - r.score) < 1e-3, `${sum} vs ${r.score}`);
  const org = compareNames("Romashka OOO", "Romashka AO", { type: "organization" });
  const f = org.explanation.features.find((x) => x.feature === "legal_form_mismatch");
  assert.ok(f && f.contribution < 0);
  const sumOrg = org.explanation.features.reduce((a, x) => a + x.contribution, 0);
  assert.ok(Math.abs(sumOrg - org.score) < 1e-3);
  assert.match(featureSummary(org.explanation), /legal_form_mismatch −0\.\d{4}/);
  assert.equal(compareNames("Ivan Horvath", "Sergei Ivanov").verdict, "no_match");
});

test("comparePairs: one pair or a batch; a bad body is an invalid_input error with issues", () => {
  assert.equal(comparePairs({ name1: "A", name2: "A" }).length, 1);
  const batch = comparePairs({
    pairs: [
      { name1: "Fidel Castro", name2: "Fidel Castillo" },
      { name1: "x y", name2: "x y", type: "vessel" },
    ],
  });
  assert.equal(batch.length, 2);
  assert.notEqual(batch[0]?.verdict, "match");
  for (const bad of [
    {},
    { name1: "a" },
    { name1: "a", name2: "b", type: "planet" },
    { pairs: [] },
    { name1: "a", name2: "b", x: 1 },
  ]) {
    assert.throws(
      () => comparePairs(bad),
      (e) =>
        isEmbargoError(e) &&
        e.code === "COMPARE_BODY_INVALID" &&
        e.category === "invalid_input" &&
        (e.issues?.length ?? 0) > 0,
      JSON.stringify(bad),
    );
  }
  const schema = compareRequestJsonSchema();
  assert.ok(JSON.stringify(schema).includes("name1"));
});
