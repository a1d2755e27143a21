/**
 * The spelling folds are passes over a buffer (folds.ts) for speed; their specification is the chains of regular
 * expressions they replaced, kept here. Checked as a property on random strings built from the letters and letter
 * groups the folds act on (and on any text for the consonant folds, which take any part), and on every part of the
 * test lists' names.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { test } from "node:test";
import fc from "fast-check";
import { createEngine } from "../../engine.ts";
import { getListSnapshots } from "../store.ts";
import { abjadConsonantsOf, consonantsOfKey, foldLatin } from "./folds.ts";
import { abjadConsonants, consonantsOf, prepareName } from "./names.ts";
import { foldKey } from "./normalise.ts";
import { fixtureEntities } from "./test-fixtures.ts";
import { smallListsDataDir } from "./test-lists.ts";

/** foldLatin as the chain of regular expressions it replaced (input: a-z only, as foldKey passes it). */
function foldLatinByRegex(token: string): string {
  let t = token;
  if (t.includes("x")) t = t.replace(/x/g, "ks");
  if (t.includes("w")) t = t.replace(/w/g, "v");
  if (t.includes("h"))
    t = t.replace(/ph/g, "f").replace(/th/g, "t").replace(/dh/g, "d").replace(/kh/g, "h").replace(/gh/g, "g");
  if (t.includes("ck")) t = t.replace(/ck/g, "k");
  if (t.includes("sh") || t.includes("sch"))
    t = t
      .replace(/schtsch|shch|shh/g, "Š")
      .replace(/tsch/g, "ch")
      .replace(/sch/g, "sh")
      .replace(/Š/g, "shch");
  if (t.includes("z")) t = t.replace(/[tc]z/g, "ts");
  if (t.includes("c")) t = t.replace(/c(?!h)/g, "k");
  if (t.includes("q")) t = t.replace(/q/g, "k");
  if (t.includes("o")) t = t.replace(/ou/g, "u").replace(/(?<=.)oe/g, "u");
  if (t.includes("y") || t.includes("j")) t = t.replace(/[yj]/g, "i");
  t = t.replace(/^i(?=[aeou])/, "");
  if (t.includes("io")) t = t.replace(/([^aeiou])io/g, "$1e");
  t = t.replace(/([aeiou])i(?=[aeou])/g, "$1");
  t = t.replace(/(.)\1+/g, "$1");
  if (t.length >= 5 && /[^aeiou]er$/.test(t)) t = `${t.slice(0, -2)}r`;
  return t === "" ? token : t;
}

function consonantsByRegex(key: string): string {
  return key
    .replace(/[aeiouy]/g, "")
    .replace(/v/g, "f")
    .replace(/p/g, "b")
    .replace(/(.)\1+/g, "$1");
}

function abjadConsonantsByRegex(latin: string): string {
  return consonantsByRegex(
    latin
      .replace(/^(?:w|ou(?=[aei]))/, "W")
      .replace(/x/g, "ks")
      .replace(/dj/g, "j")
      .replace(/ck/g, "k")
      .replace(/c(?!h)/g, "k")
      .replace(/tsh/g, "ch")
      .replace(/kh/g, "h")
      .replace(/gh/g, "g")
      .replace(/[td]h/g, (m) => m[0] as string)
      .replace(/ph/g, "f")
      .replace(/q/g, "k")
      .replace(/w/g, "u")
      .replace(/(?<=[^sc])h$/, ""),
  ).replace(/W/g, "w");
}

/** Letters and letter groups the folds look at, so that their patterns meet, overlap and repeat. */
const UNITS = [
  ..."abcdeghijklmnopqrstuvwxyz",
  "sch",
  "tsch",
  "shch",
  "shh",
  "schtsch",
  "ph",
  "th",
  "kh",
  "gh",
  "dh",
  "ck",
  "tz",
  "cz",
  "ou",
  "oe",
  "io",
  "ie",
  "ye",
  "er",
  "dj",
  "tsh",
  "aa",
  "ss",
];
const spelled = fc.array(fc.constantFrom(...UNITS), { minLength: 1, maxLength: 12 }).map((u) => u.join(""));
const anyText = fc.oneof(
  spelled,
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 10 }),
  fc.string({ unit: fc.constantFrom(..."WwouaeihstcdW\n\r\u2028Š"), maxLength: 10 }),
);

test("foldLatin: the passes give what the chain of regular expressions gives (property)", () => {
  fc.assert(
    fc.property(spelled, (s) => {
      assert.equal(foldLatin(s), foldLatinByRegex(s), JSON.stringify(s));
    }),
    { numRuns: 30_000 },
  );
});

test("consonant folds: the passes give what the regular expressions give, on any text (property)", () => {
  fc.assert(
    fc.property(anyText, (s) => {
      assert.equal(consonantsOfKey(s), consonantsByRegex(s), `consonantsOfKey ${JSON.stringify(s)}`);
      assert.equal(abjadConsonantsOf(s), abjadConsonantsByRegex(s), `abjadConsonantsOf ${JSON.stringify(s)}`);
    }),
    { numRuns: 30_000 },
  );
});

test("folds: every part of the test lists' names folds as the regular expressions fold it", async () => {
  const dataDir = await smallListsDataDir();
  const snapshots = await getListSnapshots(createEngine({ dataDir }));
  const entities = [...snapshots.flatMap((s) => s.entities), ...fixtureEntities];
  await rm(dataDir, { recursive: true, force: true });
  let parts = 0;
  for (const e of entities)
    for (const n of e.names)
      for (const t of prepareName(n.full).tokens) {
        parts++;
        for (const v of [t.latin, t.key, ...t.variants.map((x) => x.key)])
          if (v.length > 3 && /^[a-z]+$/.test(v)) assert.equal(foldKey(v), foldLatinByRegex(v), v);
        assert.equal(abjadConsonants(t.latin), abjadConsonantsByRegex(t.latin), t.latin);
        assert.equal(consonantsOf(t.key), consonantsByRegex(t.key), t.key);
      }
  assert.ok(parts > 10_000, `only ${parts} parts`);
});

test("folds: known spellings", () => {
  assert.equal(foldKey("schtschukin"), "shchukin");
  assert.equal(foldKey("tschaikowski"), "chaikovski");
  assert.equal(foldKey("poutine"), "putine");
  assert.equal(foldKey("pyotr"), "petr");
  assert.equal(foldKey("nikolayevich"), "nikolaevich");
  assert.equal(foldKey("gennadiy"), "genadi");
  assert.equal(foldKey("alexander"), "aleksandr");
  assert.equal(consonantsOf("mohamed"), "mhmd");
  assert.equal(consonantsOf("vladimir"), "fldmr");
  assert.equal(abjadConsonants("walid"), "wld");
  assert.equal(abjadConsonants("ouali"), "wl");
  assert.equal(abjadConsonants("djamel"), "jml");
  assert.equal(abjadConsonants("juma"), "jm");
  assert.equal(abjadConsonants("alouche"), "lch");
});
