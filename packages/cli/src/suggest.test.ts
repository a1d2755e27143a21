import assert from "node:assert/strict";
import { test } from "node:test";
import { didYouMean, editDistance, suggest } from "./suggest.ts";

test("editDistance counts an adjacent transposition as one edit", () => {
  assert.equal(editDistance("chekc", "check"), 1);
  assert.equal(editDistance("sceen", "screen"), 1);
  assert.equal(editDistance("trade", "trade"), 0);
  assert.equal(editDistance("", "abc"), 3);
  assert.equal(editDistance("abc", "xyz"), 3);
});

test("suggest keeps words within two edits, nearest first, and a prefix of three letters or more", () => {
  const known = ["check", "regimes", "hs", "lists", "trade", "report", "serve", "screen", "diamonds"];
  assert.deepEqual(suggest("chek", known), ["check"]);
  assert.deepEqual(suggest("diam", known), ["diamonds"]);
  assert.deepEqual(suggest("xyzzy", known), []);
  assert.equal(didYouMean("lsts", known), " — did you mean 'lists'?");
  assert.equal(didYouMean("qqqqqq", known), "");
});
