// The compiled goods matcher against a reference: the eager index it replaced (every proper ancestor of every
// listed prefix as a map key, prefix sets built in the constructor), written out here as the oracle. The lazy
// prefix sets and the per-chapter scan for broader codes must give the same hits, in the same order, with the same
// prefixes, over the bundled regimes and the test fixtures.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { bundledDataDir } from "../data/index.ts";
import { loadRegimeSet, type RegimeSet } from "../regimes/load.ts";
import { type CodeHit, compileRegimes, lookupCode, type MatchHow, PrefixSet } from "./matcher.ts";

const bundled = await loadRegimeSet(path.join(bundledDataDir, "regimes"));
const fixtures = await loadRegimeSet(fileURLToPath(new URL("./fixtures/regimes/", import.meta.url)));

interface Entry {
  mi: number;
  prefix: string;
  how: "prefix" | "indicative";
}

/** The eager prefix set (the oracle). */
class EagerPrefixSet {
  readonly exact = new Set<string>();
  readonly ancestors = new Set<string>();
  constructor(prefixes: readonly string[]) {
    for (const p of prefixes) {
      this.exact.add(p);
      for (let l = 2; l < p.length; l++) this.ancestors.add(p.slice(0, l));
    }
  }
  covering(code: string): string | undefined {
    for (let l = Math.min(code.length, 10); l >= 2; l--) {
      const s = l === code.length ? code : code.slice(0, l);
      if (this.exact.has(s)) return s;
    }
    return undefined;
  }
  under(code: string): boolean {
    return this.ancestors.has(code);
  }
}

const RANK: Record<MatchHow, number> = { prefix: 3, all_except: 2, broader_code: 1, indicative: 0 };

/** The eager matcher (the oracle): the lookup as it was before the index became lazy. */
function eagerLookup(regimes: RegimeSet): (code: string, active: Uint8Array, via?: string) => CodeHit[] {
  const exact = new Map<string, Entry[]>();
  const broader = new Map<string, Entry[]>();
  const add = (map: Map<string, Entry[]>, k: string, e: Entry) => {
    const l = map.get(k);
    if (l) l.push(e);
    else map.set(k, [e]);
  };
  const exclude: (EagerPrefixSet | undefined)[] = [];
  const except: (EagerPrefixSet | undefined)[] = [];
  const allExcept: number[] = [];
  regimes.measures.forEach((m, mi) => {
    const index = (prefixes: readonly string[], how: Entry["how"]) => {
      for (const p of new Set(prefixes)) {
        const e: Entry = { mi, prefix: p, how };
        add(exact, p, e);
        for (let l = 2; l < p.length; l++) add(broader, p.slice(0, l), e);
      }
    };
    const g = m.goods;
    if (g.kind === "codes") {
      index(g.include, "prefix");
      if (g.exclude && g.exclude.length > 0) exclude[mi] = new EagerPrefixSet(g.exclude);
    } else if (g.kind === "all_except") {
      allExcept.push(mi);
      except[mi] = new EagerPrefixSet(g.except);
    } else if (g.indicative) index(g.indicative.prefixes, "indicative");
  });
  const upsert = (out: CodeHit[], h: CodeHit) => {
    for (let i = 0; i < out.length; i++) {
      const o = out[i] as CodeHit;
      if (o.mi !== h.mi) continue;
      if (
        RANK[h.how] > RANK[o.how] ||
        (RANK[h.how] === RANK[o.how] && (h.prefix?.length ?? 0) > (o.prefix?.length ?? 0))
      )
        out[i] = h;
      return;
    }
    out.push(h);
  };
  return (code, active, via) => {
    const out: CodeHit[] = [];
    for (let l = 2; l <= Math.min(code.length, 10); l++) {
      for (const e of exact.get(l === code.length ? code : code.slice(0, l)) ?? []) {
        if (active[e.mi] === 0) continue;
        const ex = exclude[e.mi];
        let partlyExcluded = false;
        if (ex) {
          if (ex.covering(code) !== undefined) {
            const i = out.findIndex((h) => h.mi === e.mi);
            if (i >= 0) out.splice(i, 1);
            continue;
          }
          partlyExcluded = ex.under(code);
        }
        const h: CodeHit = { mi: e.mi, how: e.how, prefix: e.prefix };
        if (partlyExcluded) h.partlyExcluded = true;
        if (via !== undefined) h.via = via;
        upsert(out, h);
      }
    }
    for (const e of broader.get(code) ?? []) {
      if (active[e.mi] === 0 || out.some((h) => h.mi === e.mi)) continue;
      const h: CodeHit = { mi: e.mi, how: e.how === "indicative" ? "indicative" : "broader_code", prefix: e.prefix };
      if (via !== undefined) h.via = via;
      out.push(h);
    }
    for (const mi of allExcept) {
      if (active[mi] === 0) continue;
      const x = except[mi] as EagerPrefixSet;
      if (x.covering(code) !== undefined) continue;
      const h: CodeHit = { mi, how: "all_except" };
      if (x.under(code)) h.partlyExcluded = true;
      if (via !== undefined) h.via = via;
      upsert(out, h);
    }
    return out;
  };
}

/** Every listed prefix, each of its ancestors and a child of each, plus short, odd and unlisted codes. */
function probeCodes(regimes: RegimeSet): string[] {
  const codes = new Set<string>(["", "8", "00", "99", "9999999999", "84713000", "847130000000", "8542", "854231"]);
  const listed = (m: RegimeSet["measures"][number]): readonly string[] => {
    const g = m.goods;
    if (g.kind === "codes") return [...g.include, ...(g.exclude ?? [])];
    if (g.kind === "all_except") return g.except;
    return g.indicative?.prefixes ?? [];
  };
  for (const m of regimes.measures)
    for (const p of [...listed(m), ...m.exemptions.flatMap((e) => e.codes?.prefixes ?? [])]) {
      for (let l = 1; l <= p.length; l++) codes.add(p.slice(0, l));
      codes.add(`${p}0`);
      codes.add(`${p}19`);
    }
  return [...codes].sort();
}

/** A deterministic pseudo-random mask of active measures (about half of them). */
function mask(n: number, seed: number): Uint8Array {
  const a = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    a[i] = (x >>> 16) & 1;
  }
  return a;
}

for (const [name, regimes] of [
  ["bundled regimes", bundled],
  ["fixture regimes", fixtures],
] as const) {
  test(`lookupCode over the ${name} equals the eager index for every listed prefix, ancestor and child`, () => {
    const c = compileRegimes(regimes);
    const oracle = eagerLookup(regimes);
    const codes = probeCodes(regimes);
    assert.ok(codes.length > 20, `${codes.length} probe codes`);
    const n = regimes.measures.length;
    let hits = 0;
    let broaderHits = 0;
    for (const active of [new Uint8Array(n).fill(1), mask(n, 7), mask(n, 11)])
      for (const code of codes)
        for (const via of [undefined, "847130"]) {
          const want = oracle(code, active, via);
          assert.deepEqual(lookupCode(c, code, active, via), want, code);
          // Again: the second answer comes from the memo of codes listed below.
          assert.deepEqual(lookupCode(c, code, active, via), want, `${code} (memo)`);
          hits += want.length;
          broaderHits += want.filter((h) => h.how === "broader_code" || h.how === "indicative").length;
        }
    // The probes reach real hits of every kind the data has, not just empty answers.
    assert.ok(hits > 0 && broaderHits > 0, `${hits} hits, ${broaderHits} broader`);
  });
}

test("a prefix set built on first use answers as the eager one, including size and duplicates", () => {
  const prefixes = ["8471", "847130", "8542", "85423190", "8471", "03"];
  const lazy = new PrefixSet(prefixes);
  const eager = new EagerPrefixSet(prefixes);
  // under() first: the sets are built by whichever question comes first.
  for (const code of ["84", "847", "8471", "84713", "847130", "8542319", "85423190", "0", "03", "0301", ""])
    assert.equal(lazy.under(code), eager.under(code), code);
  const fresh = new PrefixSet(prefixes);
  for (const code of ["8471300000", "847130", "84719", "854231", "85423190", "0301", "03", "9"])
    assert.equal(fresh.covering(code), eager.covering(code), code);
  assert.equal(new PrefixSet(prefixes).size, 5);
  // The set keeps its own copy: changing the caller's array later changes nothing.
  const mine = ["2710"];
  const s = new PrefixSet(mine);
  mine.push("2711");
  assert.equal(s.covering("271100"), undefined);
  assert.equal(s.covering("271000"), "2710");
});
