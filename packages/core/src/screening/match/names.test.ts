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

test("prepareName: St., Sankt and Санкт before a word are Saint; ST alone stays", () => {
  assert.deepEqual(latin("St. Petersburg Bank"), ["saint", "petersburg", "bank"]);
  assert.deepEqual(latin("Sankt-Peterburg"), ["saint", "peterburg"]);
  assert.deepEqual(latin("Санкт-Петербург"), ["saint", "peterburg"]);
  assert.deepEqual(latin("ST"), ["st"]);
  assert.deepEqual(latin("Ivan Stoyanov", "person"), ["ivan", "stoyanov"]);
});

test("prepareName: oil company, Neftyanaya Kompaniya and Нефтяная компания are NK, as Russian names abbreviate it", () => {
  assert.deepEqual(latin("NK Rosneft"), ["nk", "rosneft"]);
  assert.deepEqual(latin("Rosneft Oil Company"), ["rosneft", "nk"]);
  assert.deepEqual(latin("Neftyanaya Kompaniya Lukoil"), ["nk", "lukoil"]);
  assert.deepEqual(latin("Нефтяная компания Роснефть"), ["nk", "rosneft"]);
  // "Oil" alone, and "company" after another word, stay as they were.
  assert.deepEqual(latin("Oil Trading Company"), ["oil", "trading", "company"]);
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

test("prepareName: one token cache for many names, each name with its own roles and flags (the cache is never changed)", () => {
  const tokenCache = new Map();
  const comparable = (n: ReturnType<typeof prepareName>) =>
    n.tokens.map((t) => ({ ...t, variants: t.variants.map((v) => ({ ...v })) }));
  const cases: [string, Parameters<typeof prepareName>[1]][] = [
    ["PETROV, Ivan Sergeevich", { kind: "primary", type: "person" }],
    ["Ivan Petrov", { kind: "alias", type: "person", parts: { family: "Ivan" } }],
    ["Petrov Trading LLC", { kind: "primary", type: "organization" }],
    ["Ivan Petrov Limited Liability Company", { kind: "alias", type: "unknown" }],
    ["I. Petrov", { kind: "alias", type: "person" }],
    ["Petrov Petrov", { kind: "alias", type: "person", parts: { given: "Petrov" } }],
  ];
  // Each name, prepared after all the others through one cache, is what it is when prepared on its own.
  const shared = cases.map(([full, o]) => prepareName(full, { ...o, tokenCache }));
  for (const [i, [full, o]] of cases.entries()) {
    const alone = prepareName(full, o);
    assert.deepEqual(comparable(shared[i] as ReturnType<typeof prepareName>), comparable(alone), full);
    assert.deepEqual(
      prepareName(full, { ...o, tokenCache }).tokens.map((t) => t.role),
      alone.tokens.map((t) => t.role),
    );
  }
  // Cached parts are the unassigned originals: no role, no legal form, personal.
  for (const t of tokenCache.values()) {
    assert.equal(t.role, "unknown");
    assert.equal(t.legal, undefined);
    assert.equal(t.personal, true);
  }
  // A part that a name holds twice is two objects (positions in a name are told apart by identity).
  const twice = shared[5] as ReturnType<typeof prepareName>;
  assert.notEqual(twice.tokens[0], twice.tokens[1]);
  assert.deepEqual(
    twice.tokens.map((t) => t.role),
    ["given", "given"],
  );
  const org = shared[2] as ReturnType<typeof prepareName>;
  assert.ok(org.tokens.every((t) => !t.personal));
  assert.deepEqual(org.legalForms.length, 1);
});
