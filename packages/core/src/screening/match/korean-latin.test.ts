import assert from "node:assert/strict";
import { test } from "node:test";
import { compareNames } from "./compare.ts";
import { isKoreanLatinName, koreanLatinKey } from "./korean-latin.ts";
import { prepareName } from "./names.ts";

const person = (a: string, b: string) => compareNames(a, b, { type: "person" }).score;

test("isKoreanLatinName: a Korean surname first or last, syllables only, three or more of them", () => {
  for (const n of ["kim jong un", "ri su yong", "park geun hye", "kim jongun", "jong su ri", "choe ryong hae"])
    assert.ok(isKoreanLatinName(n.split(" ")), n);
  for (const n of ["kim lee", "song ivanov", "ho chi minh", "vladimir putin", "kim", "wei shao kang ivanov"])
    assert.ok(!isKoreanLatinName(n.split(" ")), n);
});

test("koreanLatinKey: one key for one syllable's spellings, different keys for different syllables", () => {
  const same = [
    ["jong", "chong", "jeong", "jung"],
    ["yong", "young", "yeong"],
    ["myong", "myung", "myeong"],
    ["hyon", "hyun", "hyeon"],
    ["chol", "cheol", "chul"],
    ["pak", "park", "bak"],
    ["ri", "lee", "rhee", "yi"],
    ["choe", "choi"],
    ["kim", "gim"],
    ["taek", "thaek"],
    ["su", "soo", "sou"],
  ];
  for (const group of same)
    for (const s of group) assert.equal(koreanLatinKey(s), koreanLatinKey(group[0] as string), s);
  for (const [a, b] of [
    ["jong", "yong"],
    ["jang", "yang"],
    ["cho", "ho"],
    ["song", "tong"],
    ["myong", "pyong"],
    ["kwang", "kang"],
    ["chang", "chan"],
  ])
    assert.notEqual(koreanLatinKey(a as string), koreanLatinKey(b as string), `${a} / ${b}`);
});

test("Korean names in Latin letters: other syllables are other names, other spellings of a syllable the same name", () => {
  // Jong (정) and Yong (영) fold alike for Slavic names; Cho (조) and Ho (허) were one edit apart: 0.99 before.
  assert.ok(person("Jong Su RI", "RI, Su Yong") < 0.7);
  assert.ok(person("CHO, Yong Chol", "HO, Yong-chol") < 0.95);
  assert.ok(person("KIM, Song Chol", "KIM, Tong Chol") < 0.7);
  // The South's spellings and the North's (0.61, 0.53, 0.60 before).
  assert.ok(person("Kim Young Nam", "KIM, Yong Nam") >= 0.95);
  assert.ok(person("Park Bong Ju", "PAK, Pong Ju") >= 0.95);
  assert.ok(person("Hyun Young Chul", "HYON, Yong Chol") >= 0.95);
  assert.ok(person("Jang Song Thaek", "CHANG, Song Taek") >= 0.95);
  // Hangul against the Latin forms, and the same name written alike, as before.
  assert.ok(person("김영남", "Kim Young Nam") >= 0.95);
  assert.ok(person("Kim Jong Un", "KIM, Jong-un") >= 0.99);
  assert.ok(person("Kim Jong Un", "Kim Jongun") >= 0.95);
});

test("only people's names (or untyped ones) get Korean keys; a company's or a ship's parts keep the folds", () => {
  const ko = (full: string, type: "person" | "organization" | "vessel" | "unknown") =>
    prepareName(full, { kind: "primary", type }).scored.map((t) => t.ko);
  assert.deepEqual(ko("RI, Su Yong", "person"), ["ri", "su", "yong"]);
  assert.deepEqual(ko("Ri Su Yong", "unknown"), ["ri", "su", "yong"]);
  assert.deepEqual(ko("CHONG CHON GANG", "vessel"), ["", "", ""]);
  assert.deepEqual(ko("HONG PANG MINING COMPANY LIMITED", "organization"), ["", "", ""]);
  assert.deepEqual(ko("Vladimir Putin", "person"), ["", ""]);
  // A part in another script or an initial: the name is left as it is.
  assert.deepEqual(ko("RI S. Yong", "person"), ["", "", ""]);
});

test("Korean given names in another syllable order are other names; the surname may move to the end", () => {
  assert.ok(person("KIM Nam Chol", "KIM, Chol Nam") < 0.7);
  assert.ok(person("Il Su KIM", "KIM, Su Il") < 0.7);
  assert.ok(person("Su Il KIM", "KIM, Su Il") >= 0.95);
  assert.ok(person("Jong Un Kim", "KIM, Jong Un") >= 0.95);
});

test("hostile Korean-looking input: long parts and thousands of syllables stay linear and answer", () => {
  assert.equal(isKoreanLatinName(["kim", "a".repeat(10_000), "su"]), false);
  assert.equal(koreanLatinKey("jong".repeat(5_000)).length, "chong".length * 5_000);
  const many = `Kim ${"Su Yong ".repeat(500)}`;
  assert.ok(isKoreanLatinName(many.toLowerCase().trim().split(/\s+/)));
  const r = compareNames(many, "KIM, Su Yong", { type: "person" });
  assert.ok(r.score >= 0 && r.score < 0.7, String(r.score));
});
