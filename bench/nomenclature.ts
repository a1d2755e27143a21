// Nomenclature benchmarks: load time, code lookups/sec (Map) against a linear scan, and text searches/sec
// (inverted index) against a naive substring scan over every description — both baselines measured in the same run.
import path from "node:path";
import { performance } from "node:perf_hooks";
import { bundledDataDir } from "@embargo/core";
import { type Edition, type HsEntry, loadNomenclature, type Nomenclature } from "@embargo/core/nomenclature";
import { type BenchModule, type Figure, figure, timeRuns } from "./harness.ts";

const dir = path.join(bundledDataDir, "nomenclature");
const SECTIONS = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX XXI".split(" ");

/** Every entry of an edition, by walking the tree from its sections. */
function allEntries(nom: Nomenclature, edition: Edition): HsEntry[] {
  const out: HsEntry[] = [];
  const walk = (e: HsEntry) => {
    out.push(e);
    if (e.level !== "cn8" && !(edition === "HS2022" && e.level === "subheading"))
      for (const k of nom.children(e.code, edition)) walk(k);
  };
  for (const s of SECTIONS) {
    const e = nom.lookup(s, edition);
    if (e) walk(e);
  }
  return out;
}

/** Queries users type when they do not know their code (mixed lengths, plurals, prefixes). */
const QUERIES = [
  "integrated circuits",
  "ball bearings",
  "unmanned aircraft",
  "smartphones",
  "semicond",
  "diamonds",
  "machine tools",
  "aluminium plates",
  "optical fibres",
  "gas turbines",
  "lithium batteries",
  "frozen fish fillets",
  "crude petroleum oils",
  "telescopic sights",
  "radar apparatus",
  "printed circuit",
  "wood",
  "steel tubes seamless",
  "vaccines",
  "navigation receivers",
];

/** The naive way: lower-case every description and keep those containing every query word. */
function naiveSearch(docs: { text: string; entry: HsEntry }[], q: string, limit: number): HsEntry[] {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const hits: { entry: HsEntry; len: number }[] = [];
  for (const d of docs) {
    const t = d.text.toLowerCase();
    if (words.every((w) => t.includes(w))) hits.push({ entry: d.entry, len: t.length });
  }
  hits.sort((a, b) => a.len - b.len);
  return hits.slice(0, limit).map((h) => h.entry);
}

export const nomenclatureBench: BenchModule = {
  capability: "nomenclature",
  async run(): Promise<Figure[]> {
    const figures: Figure[] = [];

    // 1. Load: read, hash, parse and validate every file, build the HS 2022 tree. HS 2017 and each CN year are
    // built on first use, and the search index on the first search: measured separately, on fresh loads.
    const loadMs = await timeRuns(() => loadNomenclature(dir), 7, 1);
    figures.push(
      figure({
        name: "load data/nomenclature (read, hash, parse, validate, HS 2022 tree)",
        unit: "ms",
        samples: loadMs,
        betterIs: "lower",
        goal: "well under 1 s",
        goalCheck: (m) => m < 1000,
      }),
    );
    const cnMs: number[] = [];
    const indexMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const fresh = await loadNomenclature(dir);
      let t = performance.now();
      fresh.lookup("85423111");
      cnMs.push(performance.now() - t);
      t = performance.now();
      fresh.search("warm");
      indexMs.push(performance.now() - t);
    }
    figures.push(
      figure({
        name: "first 8-digit lookup after load (builds the CN 2026 tree)",
        unit: "ms",
        samples: cnMs,
        betterIs: "lower",
      }),
      figure({
        name: "first search after load (builds the default-scope index: HS 2022 + CN 2026 8-digit)",
        unit: "ms",
        samples: indexMs,
        betterIs: "lower",
      }),
    );

    const nom = await loadNomenclature(dir);
    nom.search("warm");

    // 2. Lookups: every HS 2022 code and every CN 2026 code, a third of them typed with dots or spaces.
    const hs = allEntries(nom, "HS2022");
    const cn = allEntries(nom, "CN2026").filter((e) => e.level === "cn8");
    const inputs = [...hs, ...cn].map((e, i) =>
      i % 3 === 1 && e.code.length >= 6
        ? `${e.code.slice(0, 4)}.${e.code.slice(4)}`
        : i % 3 === 2 && e.code.length === 8
          ? `${e.code.slice(0, 4)} ${e.code.slice(4, 6)} ${e.code.slice(6)}`
          : e.code,
    );
    let found = 0;
    const lookupMs = await timeRuns(() => {
      for (const c of inputs) if (nom.lookup(c)) found++;
    });
    if (found !== inputs.length * 9) throw new Error(`lookup bench: ${found} hits for ${inputs.length * 9} lookups`);
    const lookupRates = lookupMs.map((ms) => inputs.length / (ms / 1000));
    // Baseline: the same normalisation, then a linear scan of an array of the same entries (a sample of inputs,
    // since a full pass would be quadratic).
    const table = [...hs, ...cn];
    const sample = inputs.filter((_, i) => i % 10 === 0);
    const scanMs = await timeRuns(
      () => {
        for (const raw of sample) {
          const c = raw.replace(/[\s.-]/g, "");
          if (!table.find((e) => e.code === c)) throw new Error(`scan missed ${c}`);
        }
      },
      5,
      1,
    );
    const scanRates = scanMs.map((ms) => sample.length / (ms / 1000));
    const scanMedian = figure({ name: "scan", unit: "lookups/s", samples: scanRates, betterIs: "higher" }).median;
    figures.push(
      figure({
        name: `code lookups (${inputs.length} HS 2022 + CN 2026 codes, 2/3 with dots or spaces), 1 core`,
        unit: "lookups/s",
        samples: lookupRates,
        baseline: { name: `linear scan of ${table.length} entries`, median: scanMedian },
        betterIs: "higher",
      }),
    );

    // 3. Text search: 20 queries, top 20, default scope (HS 2022 + CN 2026 8-digit).
    const searchMs = await timeRuns(() => {
      for (const q of QUERIES) nom.search(q, { limit: 20 });
    });
    const searchRates = searchMs.map((ms) => QUERIES.length / (ms / 1000));
    const docs = table.map((entry) => ({ entry, text: entry.description }));
    const naiveMs = await timeRuns(() => {
      for (const q of QUERIES) naiveSearch(docs, q, 20);
    });
    const naiveRates = naiveMs.map((ms) => QUERIES.length / (ms / 1000));
    const naiveMedian = figure({ name: "naive", unit: "searches/s", samples: naiveRates, betterIs: "higher" }).median;
    figures.push(
      figure({
        name: `text searches (${QUERIES.length} queries, top 20, inverted index + BM25), 1 core`,
        unit: "searches/s",
        samples: searchRates,
        baseline: { name: `substring scan of ${docs.length} descriptions`, median: naiveMedian },
        betterIs: "higher",
        note: "the baseline does less work (no ranking beyond length, no stemming or prefix expansion)",
      }),
    );
    return figures;
  },
};
