/**
 * The precompiled goods matcher of a regime set: every code prefix of every measure indexed once (cached per
 * `RegimeSet` in a WeakMap), so an item costs a handful of map look-ups instead of a scan of all measures.
 */
import type { RegimeSet } from "../regimes/load.ts";
import type { Citation, Exemption, Measure } from "../regimes/schema.ts";

/** How an item's code met a measure's goods scope. */
export type MatchHow = "prefix" | "broader_code" | "indicative" | "all_except";

/** One measure an item's code meets, before dates, countries, thresholds and exemptions are weighed. */
export interface CodeHit {
  /** Index of the measure in `RegimeSet.measures`. */
  mi: number;
  how: MatchHow;
  /** The listed prefix that matched (for `broader_code`, one of the listed prefixes under the item's code). */
  prefix?: string;
  /** Set when the hit came through an edition correlation (the correlated code). */
  via?: string;
  /** Relationship of that correlation (`1:n`/`n:n` make the hit a candidate only). */
  viaRelationship?: string;
  /** The item's code is written in another HS edition than the list and was compared as written. */
  editionDrift?: string;
  /** An excluded sub-code lies under the item's code: the item may fall outside the measure. */
  partlyExcluded?: boolean;
}

interface Entry {
  mi: number;
  prefix: string;
  how: "prefix" | "indicative";
}

/**
 * A set of prefixes with its ancestors, for "code starts with a prefix" and "a prefix lies under the code". The
 * look-up sets are built on first use: a run compiles every measure's sets but queries only those of the measures
 * its items' codes reach (a CLI check queries a handful of the ~150 sets; issue 10).
 */
export class PrefixSet {
  private readonly prefixes: readonly string[];
  private exact: Set<string> | undefined;
  private ancestors: Set<string> | undefined;
  constructor(prefixes: readonly string[]) {
    this.prefixes = [...prefixes];
  }
  private build(): void {
    const exact = new Set<string>();
    const ancestors = new Set<string>();
    for (const p of this.prefixes) {
      exact.add(p);
      for (let l = 2; l < p.length; l++) ancestors.add(p.slice(0, l));
    }
    this.exact = exact;
    this.ancestors = ancestors;
  }
  /** The number of distinct prefixes. */
  get size(): number {
    if (this.exact === undefined) this.build();
    return (this.exact as Set<string>).size;
  }
  /** The longest member that `code` starts with. */
  covering(code: string): string | undefined {
    if (this.exact === undefined) this.build();
    const exact = this.exact as Set<string>;
    for (let l = Math.min(code.length, 10); l >= 2; l--) {
      const s = l === code.length ? code : code.slice(0, l);
      if (exact.has(s)) return s;
    }
    return undefined;
  }
  /** Whether a longer member lies under `code` (the code is broader than some member). */
  under(code: string): boolean {
    if (this.ancestors === undefined) this.build();
    return (this.ancestors as Set<string>).has(code);
  }
}

/** Per-measure data compiled once. */
export interface CompiledMeasure {
  m: Measure;
  mi: number;
  /** Short human citation of the first legal basis. */
  citation: string;
  /** Codes scopes: the listed prefixes (to test a code's CN-8 children) and the "ex" codes among them. */
  include?: PrefixSet;
  exCodes?: ReadonlySet<string>;
  exclude?: PrefixSet;
  except?: PrefixSet;
  exemptions: { e: Exemption; codes?: PrefixSet }[];
}

/** The compiled form of a regime set. */
export interface CompiledRegimes {
  regimes: RegimeSet;
  measures: CompiledMeasure[];
  /** Listed prefix → measures listing it (codes `include` and description `indicative` codes). */
  exact: Map<string, Entry[]>;
  /**
   * Two-digit chapter → the entries whose prefix is longer than two digits, in index order: what {@link below}
   * scans for codes given at a broader level than the list (instead of a map keyed by every proper ancestor of
   * every prefix, which cost more to build than a CLI check spends looking up; issue 10).
   */
  byChapter: Map<string, Entry[]>;
  /** Code → the entries listed below it (memo of {@link below}, bounded). */
  broader: Map<string, readonly Entry[]>;
  /** Measures with an `all_except` scope. */
  allExcept: number[];
  /** Measure → its index in `regimes.measures`. */
  indexOf: Map<Measure, number>;
  /** The files summary every result names (shared, frozen). */
  fileSummary: readonly { file: string; jurisdiction: string; version: string; snapshotDate: string }[];
  /** Per-shipment contexts, keyed by the facts they depend on (bounded). */
  contexts: Map<string, unknown>;
  /** Reasons without item-specific content, shared between items (bounded). */
  reasons: Map<string, unknown>;
  /** Per measure, code and CN year: which CN-8 children of the code the measure lists (bounded). */
  children: Map<string, unknown>;
}

/** "Council Regulation (EU) No 833/2014, Art. 3k, Annex XXIII". */
export function citationText(c: Citation | undefined): string {
  if (!c) return "";
  return [
    c.instrument,
    c.article ? `Art. ${c.article.replace(/^Art(icle|\.)?\s*/i, "")}` : "",
    c.annex ? `Annex ${c.annex.replace(/^Annex\s*/i, "")}` : "",
  ]
    .filter(Boolean)
    .join(", ");
}

const cache = new WeakMap<RegimeSet, CompiledRegimes>();

function add(map: Map<string, Entry[]>, key: string, e: Entry): void {
  const list = map.get(key);
  if (list) list.push(e);
  else map.set(key, [e]);
}

/** Compiles (once per regime set) the prefix index of every measure. */
export function compileRegimes(regimes: RegimeSet): CompiledRegimes {
  const hit = cache.get(regimes);
  if (hit) return hit;
  const exact = new Map<string, Entry[]>();
  const byChapter = new Map<string, Entry[]>();
  const allExcept: number[] = [];
  const measures: CompiledMeasure[] = regimes.measures.map((m, mi) => {
    const cm: CompiledMeasure = {
      m,
      mi,
      citation: citationText(m.legalBasis[0]),
      exemptions: m.exemptions.map((e) => (e.codes ? { e, codes: new PrefixSet(e.codes.prefixes) } : { e })),
    };
    const index = (prefixes: readonly string[], how: Entry["how"]) => {
      for (const p of new Set(prefixes)) {
        const e: Entry = { mi, prefix: p, how };
        add(exact, p, e);
        if (p.length > 2) add(byChapter, p.slice(0, 2), e);
      }
    };
    const g = m.goods;
    if (g.kind === "codes") {
      index(g.include, "prefix");
      cm.include = new PrefixSet(g.include);
      if (g.exCodes && g.exCodes.length > 0) cm.exCodes = new Set(g.exCodes);
      if (g.exclude && g.exclude.length > 0) cm.exclude = new PrefixSet(g.exclude);
    } else if (g.kind === "all_except") {
      allExcept.push(mi);
      cm.except = new PrefixSet(g.except);
    } else if (g.indicative) {
      index(g.indicative.prefixes, "indicative");
    }
    return cm;
  });
  const compiled: CompiledRegimes = {
    regimes,
    measures,
    exact,
    byChapter,
    broader: new Map(),
    allExcept,
    indexOf: new Map(regimes.measures.map((m, i) => [m, i])),
    fileSummary: Object.freeze(
      regimes.files.map((f) =>
        Object.freeze({ file: f.file, jurisdiction: f.jurisdiction, version: f.version, snapshotDate: f.snapshotDate }),
      ),
    ),
    contexts: new Map(),
    reasons: new Map(),
    children: new Map(),
  };
  cache.set(regimes, compiled);
  return compiled;
}

/**
 * The measures an item's code meets, restricted to `active` measures (non-zero entries). At most one hit per
 * measure, the most specific: a listed prefix beats an all-except scope, which beats a broader code or an
 * indicative code.
 */
export function lookupCode(c: CompiledRegimes, code: string, active: Uint8Array, via?: string): CodeHit[] {
  const out: CodeHit[] = [];
  const n = Math.min(code.length, 10);
  for (let l = 2; l <= n; l++) {
    const entries = c.exact.get(l === code.length ? code : code.slice(0, l));
    if (!entries) continue;
    for (const e of entries) {
      if (active[e.mi] === 0) continue;
      const cm = c.measures[e.mi] as CompiledMeasure;
      let partlyExcluded = false;
      if (cm.exclude) {
        if (cm.exclude.covering(code) !== undefined) {
          removeHit(out, e.mi);
          continue;
        }
        partlyExcluded = cm.exclude.under(code);
      }
      const h: CodeHit = { mi: e.mi, how: e.how, prefix: e.prefix };
      if (partlyExcluded) h.partlyExcluded = true;
      if (via !== undefined) h.via = via;
      upsert(out, h);
    }
  }
  const under = below(c, code);
  if (under.length > 0) {
    for (const e of under) {
      if (active[e.mi] === 0) continue;
      if (out.some((h) => h.mi === e.mi)) continue;
      const h: CodeHit = { mi: e.mi, how: e.how === "indicative" ? "indicative" : "broader_code", prefix: e.prefix };
      if (via !== undefined) h.via = via;
      out.push(h);
    }
  }
  for (const mi of c.allExcept) {
    if (active[mi] === 0) continue;
    const except = (c.measures[mi] as CompiledMeasure).except as PrefixSet;
    if (except.covering(code) !== undefined) continue;
    const h: CodeHit = { mi, how: "all_except" };
    if (except.under(code)) h.partlyExcluded = true;
    if (via !== undefined) h.via = via;
    upsert(out, h);
  }
  return out;
}

const NONE: readonly Entry[] = [];

/**
 * The entries whose listed prefix lies strictly under `code` (starts with it and is longer), in index order — the
 * order in which measures and their prefixes were indexed, so the first entry of a measure is its first listed
 * prefix under the code.
 */
function below(c: CompiledRegimes, code: string): readonly Entry[] {
  if (code.length < 2) return NONE;
  const hit = c.broader.get(code);
  if (hit) return hit;
  const out: Entry[] = [];
  for (const e of c.byChapter.get(code.slice(0, 2)) ?? NONE)
    if (e.prefix.length > code.length && e.prefix.startsWith(code)) out.push(e);
  const list = out.length > 0 ? out : NONE;
  if (c.broader.size >= 4096) c.broader.clear();
  c.broader.set(code, list);
  return list;
}

const RANK: Record<MatchHow, number> = { prefix: 3, all_except: 2, broader_code: 1, indicative: 0 };

function upsert(out: CodeHit[], h: CodeHit): void {
  for (let i = 0; i < out.length; i++) {
    const o = out[i] as CodeHit;
    if (o.mi !== h.mi) continue;
    // Same measure: keep the more specific kind of match, and the longer prefix within a kind.
    if (RANK[h.how] > RANK[o.how] || (RANK[h.how] === RANK[o.how] && (h.prefix?.length ?? 0) > (o.prefix?.length ?? 0)))
      out[i] = h;
    return;
  }
  out.push(h);
}

function removeHit(out: CodeHit[], mi: number): void {
  const i = out.findIndex((h) => h.mi === mi);
  if (i >= 0) out.splice(i, 1);
}
