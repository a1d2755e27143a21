import assert from "node:assert/strict";
import { test } from "node:test";
import { prepareName } from "./names.ts";

const latin = (full: string, type: "person" | "organization" = "organization") =>
  prepareName(full, { kind: "primary", type }).tokens.map((t) => t.latin);

test("prepareName: number words become digits (units, tens, hundreds)", () => {
  assert.deepEqual(latin("Three Stars Shipping"), ["3", "stars", "shipping"]);
  assert.deepEqual(latin("Forty Four Trading"), ["44", "trading"]);
  assert.deepEqual(latin("Two Hundred and Five Holdings"), ["205", "holdings"]);
  assert.deepEqual(latin("Twenty One"), ["21"]);
});

test("prepareName: a word that is an inherited object key is a word, not a number (issue 9)", () => {
  // `"constructor" in UNITS` was true for the plain-object tables: the word became a number token.
  assert.deepEqual(latin("Constructor Holding"), ["constructor", "holding"]);
  assert.deepEqual(latin("Ivan Constructor", "person"), ["ivan", "constructor"]);
});

test("prepareName: the sorted compact form of a one-part name is its compact form", () => {
  const n = prepareName("Rosneft", { kind: "primary", type: "organization" });
  assert.equal(n.compact, "rosneft");
  assert.equal(n.compactSorted, n.compact);
  const two = prepareName("Putin Vladimir", { kind: "primary", type: "person" });
  assert.equal(two.compact, "putinvladimir");
  assert.equal(two.compactSorted, "putinvladimir");
  const swapped = prepareName("Vladimir Putin", { kind: "primary", type: "person" });
  assert.equal(swapped.compactSorted, two.compactSorted);
});
