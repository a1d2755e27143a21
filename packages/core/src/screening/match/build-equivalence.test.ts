/**
 * The index build's shortcuts give what the straightforward computation gives, on real list names (the bundled UN
 * and OFAC consolidated lists: Latin, Cyrillic, Arabic and Chinese names, legal forms, parts given by the list):
 * a name prepared through the build's token cache equals the name prepared alone (as a listed name and as a
 * query, whose query-only variants are memoised), postings lists are sorted and free of repeats, legal forms are
 * found as `findLegalForms` finds them over every name (the build skips names with no legal-form word), and the
 * deletion table holds exactly the hashes of every one-deletion variant of every vocabulary key.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, test } from "node:test";
import { createEngine } from "../../engine.ts";
import type { Entity } from "../model.ts";
import { getListSnapshots } from "../store.ts";
import { buildCandidateIndex } from "./candidate-index.ts";
import { findLegalForms } from "./legal-forms.ts";
import { legalFormWordOf, type PreparedToken, prepareName } from "./names.ts";
import { fixtureEntities } from "./test-fixtures.ts";
import { smallListsDataDir } from "./test-lists.ts";

let dataDir = "";
let entities: Entity[] = [];
before(async () => {
  dataDir = await smallListsDataDir();
  const snapshots = await getListSnapshots(createEngine({ dataDir }));
  entities = [...snapshots.flatMap((s) => s.entities), ...fixtureEntities];
});
after(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

test("prepareName through the build's token cache equals prepareName alone, for every listed name", () => {
  const cache = new Map<string, PreparedToken>();
  let names = 0;
  let shared = 0;
  for (const e of entities)
    for (const n of e.names) {
      if (n.full.trim() === "") continue;
      const options = { kind: n.kind, type: e.type, parts: n } as const;
      const before = cache.size;
      const cached = prepareName(n.full, { ...options, tokenCache: cache });
      shared += cached.tokens.length - (cache.size - before);
      assert.deepStrictEqual(cached, prepareName(n.full, options), n.full);
      names++;
    }
  // The lists are large enough for the comparison to mean something, and the cache is used.
  assert.ok(names > 1000, `${names} names`);
  assert.ok(shared > names, `${shared} tokens read from the cache`);
});

test("a query prepared through the screener's token cache (its query-only variants memoised) equals one prepared alone", () => {
  // Every listed name as a query, twice over one cache: the second pass reads every part's query variants from the
  // memo. Person and organisation readings of each (roles and legal forms differ), legal forms included.
  const cache = new Map<string, PreparedToken>();
  let queries = 0;
  for (let pass = 0; pass < 2; pass++)
    for (const e of [...entities, ...legalFormEntities()])
      for (const n of e.names) {
        if (n.full.trim() === "") continue;
        for (const type of [e.type, e.type === "person" ? "organization" : "person"] as const) {
          const cached = prepareName(n.full, { type, tokenCache: cache });
          assert.deepStrictEqual(cached, prepareName(n.full, { type }), `${n.full} (${type})`);
          queries++;
        }
      }
  assert.ok(queries > 2000, `${queries} queries`);
});

test("every postings list is in increasing name order without repeats, and names only reach their own keys", () => {
  const index = buildCandidateIndex(entities);
  let total = 0;
  for (const [key, id] of index.vocab) {
    const p = index.postings[id] as Int32Array;
    for (let i = 1; i < p.length; i++) assert.ok((p[i] as number) > (p[i - 1] as number), key);
    total += p.length;
    // A plain key (a part's own spelling) is reached only by names that have a part with that variant key.
    if (/^[a-z]+$/.test(key) && p.length > 0) {
      const n = index.names[p[0] as number];
      assert.ok(
        n?.scored.some((t) => t.variants.some((v) => v.key === key) || t.latin === key) || n?.compact === key,
        `${key} → ${n?.full}`,
      );
    }
  }
  assert.ok(total > index.names.length, `${total} postings`);
});

test("legal forms of every listed name are those findLegalForms finds over all its words", () => {
  let withForms = 0;
  for (const e of [...entities, ...legalFormEntities()])
    for (const n of e.names) {
      if (n.full.trim() === "") continue;
      const p = prepareName(n.full, { kind: n.kind, type: e.type, parts: n });
      // Over the words as read (a legal-form word one edit off read as that word: see legalFormWordOf).
      const expected = findLegalForms(p.tokens.map((t) => legalFormWordOf(t.latin))).map((f) => f.cls);
      assert.deepStrictEqual(p.legalForms, expected, n.full);
      if (expected.length > 0) withForms++;
    }
  assert.ok(withForms > 100, `${withForms} names with a legal form`);
});

/** Names with legal forms at the start, middle and end, long and short, of one word and of several. */
function legalFormEntities(): Entity[] {
  const forms = ["ooo", "zao", "gmbh", "ag", "llc", "plc", "limited liability company", "joint stock company", "co"];
  return forms.flatMap((f, i) =>
    [`${f} Neftegaz`, `Alfa ${f} Trade`, `Severny Potok ${f}`, f].map((full, j) => ({
      ...(entities[0] as Entity),
      id: `legal-${i}-${j}`,
      type: "organization" as const,
      names: [{ full, kind: "primary" as const }],
    })),
  );
}

/** FNV-1a of `key` without the character at `skip` (-1: none), computed from the start for each variant. */
function fnvSkip(key: string, skip: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    if (i === skip) continue;
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

test("the deletion table holds exactly the one-deletion hashes of every vocabulary key, sorted", () => {
  const index = buildCandidateIndex(entities);
  const expected: [number, number][] = [];
  for (const [k, id] of index.vocab)
    if (k.length >= 4 && /^[a-z0-9]+$/.test(k)) for (let i = -1; i < k.length; i++) expected.push([fnvSkip(k, i), id]);
  expected.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const unique = expected.filter((p, i) => i === 0 || p[0] !== expected[i - 1]?.[0] || p[1] !== expected[i - 1]?.[1]);
  const { hashes, ids } = index.deletes;
  assert.equal(hashes.length, unique.length);
  for (let i = 0; i < unique.length; i++) {
    const [h, id] = unique[i] as [number, number];
    if (hashes[i] !== h || ids[i] !== id) assert.fail(`pair ${i}: (${hashes[i]}, ${ids[i]}) != (${h}, ${id})`);
  }
  assert.equal(index.stats.deleteKeys, new Set(unique.map((p) => p[0])).size);
  assert.ok(unique.length > 10000, `${unique.length} pairs`);
});

test("every listed name is in the postings of each key of its scored parts, once per entity and kind", () => {
  const index = buildCandidateIndex(entities);
  let checked = 0;
  index.names.forEach((name, ni) => {
    if (name.kind === "weak_alias") return;
    for (const t of name.scored) {
      if (t.initial) continue;
      for (const v of t.variants) {
        const id = index.vocab.get(v.key);
        assert.ok(id !== undefined, v.key);
        const p = index.postings[id] as Int32Array;
        assert.ok(p.includes(ni), `${name.full}: ${v.key}`);
        checked++;
      }
    }
  });
  // A name repeated in one entity (same kind and text) is indexed once.
  index.entityNames.forEach((mine) => {
    const seen = new Set(mine.map((ni) => `${index.names[ni]?.kind}\u0000${index.names[ni]?.full}`));
    assert.equal(seen.size, mine.length);
  });
  assert.ok(checked > 10000, `${checked} keys`);
});
