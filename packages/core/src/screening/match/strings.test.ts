import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { sortPairs } from "./candidate-index.ts";
import { boundedEditDistance, editDistance, sortedJoin } from "./strings.ts";

// Short strings over a small alphabet, so that transpositions, repeats and near misses are common.
const word = fc.string({ unit: fc.constantFrom("a", "b", "c", "d"), maxLength: 12 });

test("boundedEditDistance is the edit distance when within the bound, else bound + 1 (banded: property against the full DP)", () => {
  fc.assert(
    fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, max) => {
      const d = editDistance(a, b);
      assert.equal(boundedEditDistance(a, b, max), d <= max ? d : max + 1);
    }),
    { numRuns: 20_000 },
  );
});

test("boundedEditDistance: transpositions count one edit, at the band's edges too", () => {
  assert.equal(boundedEditDistance("abcd", "bacd", 1), 1);
  assert.equal(boundedEditDistance("abcdef", "abcdfe", 1), 1);
  assert.equal(boundedEditDistance("ab", "ba", 0), 1);
  assert.equal(boundedEditDistance("ivanov", "ivanvo", 2), 1);
  assert.equal(boundedEditDistance("castro", "castillo", 2), 3);
  assert.equal(boundedEditDistance("vyacehslav", "vyacheslav", 2), 1);
  assert.equal(boundedEditDistance("", "abc", 2), 3);
  assert.equal(boundedEditDistance("abc", "", 3), 3);
});

test("sortPairs orders deletion pairs (hash × 2^b + id) exactly as a typed-array sort (property, crowded buckets too)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 21 }),
      fc.array(fc.tuple(fc.oneof(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0x3ffff })), fc.nat()), {
        maxLength: 3000,
      }),
      (bits, raw) => {
        const mul = 2 ** bits;
        const pairs = Float64Array.from(raw, ([h, id]) => h * mul + (id % mul));
        const expected = pairs.slice().sort();
        sortPairs(pairs, mul);
        assert.deepEqual(pairs, expected);
      },
    ),
    { numRuns: 300 },
  );
});

test("sortedJoin sorts in place as Array.prototype.sort does (UTF-16 code units), short and long arrays", () => {
  const unit = fc.constantFrom("a", "b", "z", "A", "é", "ж", "0", "\u{1F600}", "");
  fc.assert(
    fc.property(
      fc.array(fc.string({ unit, maxLength: 4 }), { maxLength: 24 }),
      fc.constantFrom("", " "),
      (words, sep) => {
        const expected = [...words].sort().join(sep);
        const input = [...words];
        assert.equal(sortedJoin(input, sep), expected);
        assert.deepEqual(input, [...words].sort());
      },
    ),
    { numRuns: 5_000 },
  );
});
