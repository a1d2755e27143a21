import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { EmbargoError, type ErrorIssue, invalidInput, notFound } from "../errors/index.ts";
import type { SnapshotCache } from "../runtime/snapshot-cache.ts";
import { InvertedIndex } from "./search.ts";
import {
  EDITIONS,
  type Edition,
  type HsEdition,
  type HsEntry,
  type Nomenclature,
  type Relationship,
  type SearchHit,
  type SearchOptions,
} from "./types.ts";

/** The files `scripts/convert-nomenclature.ts` writes, in hashing order. */
export const NOMENCLATURE_FILES = ["hs2022.json", "hs2017.json", "correlation-hs2022-hs2017.json", "cn.json"] as const;

const CN_EDITION: Record<number, Edition> = { 2023: "CN2023", 2024: "CN2024", 2025: "CN2025", 2026: "CN2026" };
/** The newest CN edition bundled: the default for 8-digit codes. */
export const LATEST_CN: Edition = "CN2026";
const CN_NEWEST_FIRST: readonly Edition[] = ["CN2026", "CN2025", "CN2024", "CN2023"];
const ROMAN = new Set(
  "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX XXI".split(" ").map((s) => s),
);
const LEVEL_BY_LENGTH: Record<number, HsEntry["level"]> = { 2: "chapter", 4: "heading", 6: "subheading", 8: "cn8" };
/** Separator of the parts of a CN full label. */
const LABEL_SEPARATOR = " › ";

// ---- file shapes (validated row by row, so a damaged file names its row) -------------------------------------
type HsRow = [string, string, string?];
interface HsFile {
  edition: string;
  sections: [string, string][];
  rows: HsRow[];
}
interface CnFile {
  years: number[];
  sections: [string, string, number[]][];
  chapters: [string, string, string, number[]][];
  headings: [string, string, string, number[]][];
  subheadings: [string, string, string, number[]][];
  codes: [string, string, string, string | null, number[]][];
}
interface CorrelationFile {
  rows: [string, string, string][];
}

class Validator {
  readonly issues: ErrorIssue[] = [];
  constructor(readonly file: string) {}
  rows(doc: unknown, key: string, check: (row: unknown[]) => string | undefined): void {
    const rows = (doc as Record<string, unknown> | null)?.[key];
    if (!Array.isArray(rows)) {
      this.issues.push({ code: "invalid_type", file: this.file, path: key, message: `${key} must be an array` });
      return;
    }
    rows.forEach((row, i) => {
      const problem = Array.isArray(row) ? check(row) : "row must be an array";
      if (problem && this.issues.length < 20)
        this.issues.push({ code: "invalid_row", file: this.file, row: i + 1, path: `${key}[${i}]`, message: problem });
    });
  }
}

const isDigits = (v: unknown, lengths: number[]) =>
  typeof v === "string" && /^\d+$/.test(v) && lengths.includes(v.length);
const isText = (v: unknown) => typeof v === "string" && v.length > 0;
const isYears = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((y) => CN_EDITION[y as number]);

function validateHs(doc: unknown, file: string): HsFile {
  const v = new Validator(file);
  v.rows(doc, "sections", (r) => (ROMAN.has(r[0] as string) && isText(r[1]) ? undefined : "bad section row"));
  v.rows(doc, "rows", (r) =>
    !isDigits(r[0], [2, 4, 6])
      ? "code must be 2, 4 or 6 digits"
      : !isText(r[1])
        ? "description missing"
        : (r[0] as string).length === 2 && !ROMAN.has(r[2] as string)
          ? "chapter without a section"
          : undefined,
  );
  fail(v);
  return doc as HsFile;
}

function validateCn(doc: unknown, file: string): CnFile {
  const v = new Validator(file);
  v.rows(doc, "sections", (r) => (ROMAN.has(r[0] as string) && isText(r[1]) && isYears(r[2]) ? undefined : "bad row"));
  v.rows(doc, "chapters", (r) =>
    isDigits(r[0], [2]) && isText(r[1]) && ROMAN.has(r[2] as string) && isYears(r[3]) ? undefined : "bad row",
  );
  v.rows(doc, "headings", (r) =>
    isDigits(r[0], [4]) && isText(r[1]) && isDigits(r[2], [2]) && isYears(r[3]) ? undefined : "bad row",
  );
  v.rows(doc, "subheadings", (r) =>
    isDigits(r[0], [6]) && isText(r[1]) && isDigits(r[2], [2, 4]) && isYears(r[3]) ? undefined : "bad row",
  );
  v.rows(doc, "codes", (r) =>
    isDigits(r[0], [8]) &&
    isText(r[1]) &&
    isDigits(r[2], [2, 4, 6]) &&
    (r[3] === null || typeof r[3] === "string") &&
    isYears(r[4])
      ? undefined
      : "bad row",
  );
  fail(v);
  return doc as CnFile;
}

function validateCorrelation(doc: unknown, file: string): CorrelationFile {
  const v = new Validator(file);
  v.rows(doc, "rows", (r) =>
    isDigits(r[0], [6]) && isDigits(r[1], [6]) && ["1:1", "n:1", "1:n", "n:n"].includes(r[2] as string)
      ? undefined
      : "bad row",
  );
  fail(v);
  return doc as CorrelationFile;
}

function fail(v: Validator): void {
  if (v.issues.length === 0) return;
  throw new EmbargoError({
    code: "NOMENCLATURE_DATA_INVALID",
    category: "integrity",
    message: `${v.file}: ${v.issues.length} problem(s), first: ${v.issues[0]?.path ?? ""} ${v.issues[0]?.message ?? ""}`,
    issues: v.issues,
    details: { file: v.file },
  });
}

// ---- the tree of one edition ---------------------------------------------------------------------------------
class Tree {
  readonly byCode = new Map<string, HsEntry>();
  readonly kids = new Map<string, HsEntry[]>();
  add(e: HsEntry): void {
    this.byCode.set(e.code, e);
    if (e.parent !== undefined) {
      const list = this.kids.get(e.parent);
      if (list) list.push(e);
      else this.kids.set(e.parent, [e]);
    }
  }
  sortChildren(): void {
    for (const list of this.kids.values()) list.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }
}

/** One HS edition's tree; with `chapter`, every section and only that chapter's codes (built as in the full tree). */
function buildHs(file: HsFile, edition: Edition, chapter?: string): Tree {
  const tree = new Tree();
  for (const [code, name] of file.sections)
    tree.add({ code, edition, level: "section", description: name, section: code });
  const sectionOf = new Map<string, string>();
  for (const [code, description, chapterSection] of file.rows) {
    if (chapter !== undefined && !code.startsWith(chapter)) continue;
    if (code.length === 2 && chapterSection !== undefined) {
      sectionOf.set(code, chapterSection);
      tree.add({ code, edition, level: "chapter", description, parent: chapterSection, section: chapterSection });
      continue;
    }
    const entry: HsEntry = {
      code,
      edition,
      level: LEVEL_BY_LENGTH[code.length] as HsEntry["level"],
      description,
      parent: code.slice(0, code.length - 2),
    };
    const section = sectionOf.get(code.slice(0, 2));
    if (section !== undefined) entry.section = section;
    tree.add(entry);
  }
  tree.sortChildren();
  return tree;
}

/** Normalised text for comparisons, ignoring case and punctuation ("Tomatoes; fresh" ≈ "Tomatoes, fresh"). */
const squashCache = new Map<string, string>();
function squash(s: string): string {
  let v = squashCache.get(s);
  if (v === undefined) {
    v = s.toLowerCase().replace(/[^a-z0-9]+/g, "");
    squashCache.set(s, v);
  }
  return v;
}

/**
 * Years each CN code exists in (across its text variants), one shared sorted array per code and kind. With
 * `chapter`, only that chapter's codes (and every section) are indexed: their arrays are the same as in the full
 * index, since a code's variants all share its chapter.
 */
function cnYearsIndex(file: CnFile, chapter?: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const kinds = [file.sections, file.chapters, file.headings, file.subheadings, file.codes] as unknown[][][];
  for (let k = 0; k < kinds.length; k++)
    for (const row of kinds[k] as unknown[][]) {
      if (chapter !== undefined && k > 0 && !(row[0] as string).startsWith(chapter)) continue;
      const key = `${k}:${row[0] as string}`;
      const years = row[row.length - 1] as number[];
      const prev = out.get(key);
      out.set(key, prev ? [...new Set([...prev, ...years])].sort() : years);
    }
  return out;
}

/**
 * Builds one CN year's tree from the deduplicated rows (the rows that list `year`). Called lazily, per edition, so
 * loading does not pay for four CN trees when a caller needs one. With `chapter` the tree holds every section and
 * only that chapter's codes: each of them is built exactly as in the full tree (a CN code's parents and label lie
 * within its chapter), so a single lookup does not pay for the ten thousand others.
 */
function buildCnYear(file: CnFile, year: number, yearsOf: Map<string, number[]>, hs2022: Tree, chapter?: string): Tree {
  const edition = CN_EDITION[year] as Edition;
  const tree = new Tree();
  const sectionOf = new Map<string, string>();
  const inScope = (code: string) => chapter === undefined || code.startsWith(chapter);
  for (const [code, name, years] of file.sections)
    if (years.includes(year))
      tree.add({ code, edition, level: "section", description: name, section: code, years: yearsOf.get(`0:${code}`) });
  for (const [code, name, section, years] of file.chapters) {
    if (!years.includes(year) || !inScope(code)) continue;
    sectionOf.set(code, section);
    tree.add({
      code,
      edition,
      level: "chapter",
      description: name,
      parent: section,
      section,
      years: yearsOf.get(`1:${code}`),
    });
  }
  for (const [k, level, rows] of [
    [2, "heading", file.headings],
    [3, "subheading", file.subheadings],
  ] as const)
    for (const [code, name, parent, years] of rows) {
      if (!years.includes(year) || !inScope(code)) continue;
      const e: HsEntry = { code, edition, level, description: name, parent };
      const section = sectionOf.get(code.slice(0, 2));
      if (section !== undefined) e.section = section;
      e.years = yearsOf.get(`${k}:${code}`);
      tree.add(e);
    }
  for (const [code, leaf, parent, unit, years] of file.codes) {
    if (!years.includes(year) || !inScope(code)) continue;
    // Full label: the CN ancestors below the chapter, then the leaf. Where the CN file has no 6-digit node, the
    // HS 2022 subheading text (CN 2023–2026 are built on HS 2022) restores the level the leaf depends on.
    const parts: string[] = [];
    const squashed: string[] = [];
    let p = tree.byCode.get(parent);
    let has6 = false;
    while (p && (p.level === "heading" || p.level === "subheading")) {
      parts.unshift(p.description);
      squashed.push(squash(p.description));
      if (p.level === "subheading") has6 = true;
      p = p.parent === undefined ? undefined : tree.byCode.get(p.parent);
    }
    const leafSq = squash(leaf);
    const hs6 = has6 ? undefined : hs2022.byCode.get(code.slice(0, 6));
    if (hs6) {
      const hsSq = squash(hs6.description);
      if (hsSq !== leafSq && !squashed.includes(hsSq)) {
        parts.push(hs6.description);
        squashed.push(hsSq);
      }
    }
    if (!squashed.includes(leafSq)) parts.push(leaf);
    const e: HsEntry = { code, edition, level: "cn8", description: parts.join(LABEL_SEPARATOR), leaf, parent };
    const section = sectionOf.get(code.slice(0, 2));
    if (section !== undefined) e.section = section;
    if (unit !== null) e.supplementaryUnit = unit;
    e.years = yearsOf.get(`4:${code}`);
    tree.add(e);
  }
  tree.sortChildren();
  return tree;
}

// ---- the nomenclature ----------------------------------------------------------------------------------------
interface SearchState {
  index: InvertedIndex;
  /** Doc id → entry. */
  docs: HsEntry[];
}

class NomenclatureImpl implements Nomenclature {
  readonly editions: readonly Edition[] = EDITIONS;
  private readonly searchStates = new Map<Edition | "default", SearchState>();
  private links: { by22: Map<string, string[]>; by17: Map<string, string[]> } | undefined;

  private readonly trees = new Map<Edition, Tree>();
  /** HS 2017 / CN trees of one chapter ("CN2026:85"), for lookups made before (or without) the full tree. */
  private readonly chapterTrees = new Map<string, Tree>();
  private cnYears: Map<string, number[]> | undefined;

  constructor(
    readonly version: string,
    /** The HS 2022 tree, or how to build it on first use (then single lookups read one chapter's lines). */
    private readonly hs2022: Tree | (() => Tree),
    /** The other files, parsed on first use (a plain HS 2022 lookup needs none of them). */
    private readonly docs: { hs2017: () => HsFile; cn: () => CnFile; correlation: () => CorrelationFile },
    /** Row-per-line access to the raw bytes (validated, layout confirmed): one chapter without parsing the rest. */
    private readonly lines?: { hs2022: Buffer; hs2017: Buffer; cn: Buffer; correlation: Buffer },
  ) {
    if (typeof hs2022 !== "function") this.trees.set("HS2022", hs2022);
  }

  private get cn(): CnFile {
    return this.docs.cn();
  }

  private readonly cnChapters = new Map<string, CnFile>();
  /** The CN file cut to every section and one chapter's rows (from the lines, else from the parsed file). */
  private cnChapter(chapter: string): CnFile {
    if (!this.lines) return this.cn;
    let f = this.cnChapters.get(chapter);
    if (f === undefined) {
      const bytes = this.lines.cn;
      const [sections, ...rest] = CN_KEYS.map((k) =>
        rowsWhere(bytes, k, k === "sections" ? undefined : `\n["${chapter}`),
      );
      const [chapters, headings, subheadings, codes] = rest;
      f = { years: [], sections, chapters, headings, subheadings, codes } as unknown as CnFile;
      this.cnChapters.set(chapter, f);
    }
    return f;
  }

  /** An HS file cut to every section and one chapter's rows (only called with lines). */
  private hsChapter(file: "hs2022" | "hs2017", chapter: string): HsFile {
    if (!this.lines) return this.docs.hs2017();
    const bytes = this.lines[file];
    return {
      edition: file === "hs2022" ? "HS2022" : "HS2017",
      sections: rowsWhere(bytes, "sections") as HsFile["sections"],
      rows: rowsWhere(bytes, "rows", `\n["${chapter}`) as HsRow[],
    };
  }

  /**
   * The correlation links of one source code and of its targets only (what {@link correlate} reads for a single
   * subheading), from the lines; `undefined` when the full table is indexed already or the lines are not usable.
   */
  private linksOf(
    code: string,
    from: HsEdition,
  ): { by22: Map<string, string[]>; by17: Map<string, string[]> } | undefined {
    if (this.links || !this.lines) return undefined;
    const bytes = this.lines.correlation;
    const by22 = new Map<string, string[]>();
    const by17 = new Map<string, string[]>();
    const add = (rows: unknown[][]) => {
      for (const [a, b] of rows as [string, string][]) {
        if (!(by22.get(a) ?? []).includes(b)) push(by22, a, b);
        if (!(by17.get(b) ?? []).includes(a)) push(by17, b, a);
      }
    };
    // A code in column 1 starts its line; in column 2 it follows the first code.
    const col = (c: string, edition: HsEdition) => (edition === "HS2022" ? `\n["${c}"` : `","${c}",`);
    add(rowsWhere(bytes, "rows", col(code, from)));
    const to: HsEdition = from === "HS2022" ? "HS2017" : "HS2022";
    for (const t of (from === "HS2022" ? by22 : by17).get(code) ?? []) add(rowsWhere(bytes, "rows", col(t, to)));
    return { by22, by17 };
  }

  /** The correlation table both ways, indexed on first use. */
  private correlationLinks(): { by22: Map<string, string[]>; by17: Map<string, string[]> } {
    if (this.links) return this.links;
    const by22 = new Map<string, string[]>();
    const by17 = new Map<string, string[]>();
    for (const [a, b] of this.docs.correlation().rows) {
      push(by22, a, b);
      push(by17, b, a);
    }
    this.links = { by22, by17 };
    return this.links;
  }

  /** The tree of an edition, built on first use (HS 2017 and each CN year are built lazily). */
  private tree(edition: Edition): Tree {
    const hit = this.trees.get(edition);
    if (hit) return hit;
    let t: Tree;
    if (edition === "HS2022") t = (this.hs2022 as () => Tree)();
    else if (edition === "HS2017") t = buildHs(this.docs.hs2017(), "HS2017");
    else {
      const year = Number(edition.slice(2));
      if (!CN_EDITION[year])
        throw invalidInput("HS_EDITION_INVALID", `unknown edition '${edition}'`, undefined, { edition });
      this.cnYears ??= cnYearsIndex(this.cn);
      t = buildCnYear(this.cn, year, this.cnYears, this.tree("HS2022"));
    }
    this.trees.set(edition, t);
    return t;
  }

  /**
   * The tree to find `code` in: for an HS 2017 or CN edition whose full tree is not built yet, the tree of the
   * code's chapter only (a code's entry, parents and children are the same in both; sections go to the full tree,
   * since a section's children span chapters).
   */
  private treeOf(edition: Edition, code: string): Tree {
    const full = this.trees.get(edition);
    if (full) return full;
    if ((edition === "HS2022" && !this.lines) || !/^\d{2}/.test(code)) return this.tree(edition);
    const chapter = code.slice(0, 2);
    const key = `${edition}:${chapter}`;
    let t = this.chapterTrees.get(key);
    if (t === undefined) {
      if (edition === "HS2022") t = buildHs(this.hsChapter("hs2022", chapter), "HS2022", chapter);
      else if (edition === "HS2017") t = buildHs(this.hsChapter("hs2017", chapter), "HS2017", chapter);
      else {
        const year = Number(edition.slice(2));
        if (!CN_EDITION[year])
          throw invalidInput("HS_EDITION_INVALID", `unknown edition '${edition}'`, undefined, { edition });
        const file = this.cnChapter(chapter);
        t = buildCnYear(file, year, cnYearsIndex(file, chapter), this.treeOf("HS2022", chapter), chapter);
      }
      this.chapterTrees.set(key, t);
    }
    return t;
  }

  normalise(code: string): string {
    const raw = String(code).trim();
    const compact = raw.replace(/[\s.\-\u00a0]/g, "");
    if (/^\d+$/.test(compact) && [2, 4, 6, 8, 10].includes(compact.length)) return compact;
    const upper = compact.toUpperCase();
    if (ROMAN.has(upper)) return upper;
    throw invalidInput(
      "HS_CODE_INVALID",
      `'${raw}' is not a nomenclature code: expected 2, 4, 6, 8 or 10 digits (e.g. 8542, 8542.31, 8542 31 11) or a section numeral I–XXI`,
      [{ code: "invalid_format", field: "code", message: "expected 2/4/6/8/10 digits or a section numeral" }],
      { input: raw },
    );
  }

  lookup(code: string, edition?: Edition): HsEntry | undefined {
    const c = this.normalise(code);
    if (edition !== undefined) return this.treeOf(edition, c).byCode.get(c);
    if (c.length === 8) {
      for (const ed of CN_NEWEST_FIRST) {
        const hit = this.treeOf(ed, c).byCode.get(c);
        if (hit) return hit;
      }
      return undefined;
    }
    return this.treeOf("HS2022", c).byCode.get(c);
  }

  get(code: string, edition?: Edition): HsEntry {
    const hit = this.lookup(code, edition);
    if (hit) return hit;
    const c = this.normalise(code);
    const hint =
      c.length === 10
        ? " (10-digit TARIC/national codes are not bundled: look up its 8-digit CN code)"
        : c.length === 8 && edition === undefined
          ? " in CN 2023–2026"
          : edition?.startsWith("CN") && c.length <= 6
            ? " (the CN tree has nodes for only some 4/6-digit codes: look it up in HS2022)"
            : "";
    throw notFound(
      "HS_CODE_NOT_FOUND",
      `no ${edition ?? (c.length === 8 ? "CN" : "HS2022")} code ${c}${hint}`,
      edition === undefined ? { code: c } : { code: c, edition },
    );
  }

  parents(code: string, edition?: Edition): HsEntry[] {
    const e = this.get(code, edition);
    const tree = this.treeOf(e.edition, e.code);
    const out: HsEntry[] = [];
    let p = e.parent === undefined ? undefined : tree.byCode.get(e.parent);
    while (p) {
      out.unshift(p);
      p = p.parent === undefined ? undefined : tree.byCode.get(p.parent);
    }
    return out;
  }

  children(code: string, edition?: Edition): HsEntry[] {
    const e = this.get(code, edition);
    if (e.edition === "HS2022" && e.level === "subheading") {
      const cn = this.treeOf(LATEST_CN, e.code);
      // CN 8-digit codes hang from the CN heading when the CN tree has no node for their subheading.
      const out: HsEntry[] = [];
      for (const k of [e.code, e.code.slice(0, 4), e.code.slice(0, 2)])
        for (const x of cn.kids.get(k) ?? []) if (x.level === "cn8" && x.code.startsWith(e.code)) out.push(x);
      return out.sort((a, b) => (a.code < b.code ? -1 : 1));
    }
    return [...(this.treeOf(e.edition, e.code).kids.get(e.code) ?? [])];
  }

  search(text: string, options: SearchOptions = {}): SearchHit[] {
    const limit = Math.max(1, Math.min(options.limit ?? 20, 1000));
    if (options.edition !== undefined && !EDITIONS.includes(options.edition))
      throw invalidInput("HS_EDITION_INVALID", `unknown edition '${options.edition}'`, [
        { code: "invalid_value", field: "edition", message: "unknown edition" },
      ]);
    const state = this.searchIndex(options.edition ?? "default");
    const level = options.level;
    const accept = level === undefined ? () => true : (id: number) => state.docs[id]?.level === level;
    const hits = state.index.query(text, accept);
    const out: SearchHit[] = [];
    for (const h of hits.slice(0, limit)) {
      const entry = state.docs[h.id];
      if (entry) out.push({ entry, score: Math.round(h.score * 1000) / 1000 });
    }
    return out;
  }

  /**
   * One index per scope, built on its first search, so loading stays fast and the default scope does not pay for
   * the other editions. Default scope: HS 2022 sections to subheadings plus the latest CN's 8-digit codes (4- and
   * 6-digit codes are not repeated from the CN).
   */
  private searchIndex(scope: Edition | "default"): SearchState {
    const hit = this.searchStates.get(scope);
    if (hit) return hit;
    const docs: HsEntry[] =
      scope === "default"
        ? [
            ...this.tree("HS2022").byCode.values(),
            ...[...this.tree(LATEST_CN).byCode.values()].filter((e) => e.level === "cn8"),
          ]
        : [...this.tree(scope).byCode.values()];
    const state: SearchState = { index: new InvertedIndex(docs.map((d) => d.description)), docs };
    this.searchStates.set(scope, state);
    return state;
  }

  correlate(code: string, from: HsEdition, to: HsEdition): { code: string; relationship: Relationship }[] {
    for (const ed of [from, to])
      if (ed !== "HS2022" && ed !== "HS2017")
        throw invalidInput("HS_EDITION_INVALID", `correlation links HS2022 and HS2017 only, not '${ed}'`);
    const c = this.normalise(code);
    const tree = () => this.tree(from);
    let sources: string[];
    if (c.length >= 8) {
      const six = c.slice(0, 6);
      if (!this.treeOf(from, six).byCode.has(six))
        throw notFound("HS_CODE_NOT_FOUND", `no ${from} subheading ${six}`, { code: six });
      sources = [six];
    } else {
      const e = this.get(c, from);
      if (e.level === "subheading") sources = [e.code];
      else if (e.level === "section")
        sources = [...tree().byCode.values()]
          .filter((x) => x.level === "subheading" && x.section === e.code)
          .map((x) => x.code);
      else
        sources = [...tree().byCode.values()]
          .filter((x) => x.level === "subheading" && x.code.startsWith(e.code))
          .map((x) => x.code);
    }
    // Same edition: the identity, at 6 digits.
    if (from === to) return sources.sort().map((s) => ({ code: s, relationship: "1:1" as const }));
    const { by22, by17 } =
      (sources.length === 1 && sources[0] !== undefined ? this.linksOf(sources[0], from) : undefined) ??
      this.correlationLinks();
    const fwd = from === "HS2022" ? by22 : by17;
    const back = from === "HS2022" ? by17 : by22;
    const set = new Set(sources);
    const targets = new Set<string>();
    for (const s of sources) for (const t of fwd.get(s) ?? []) targets.add(t);
    // Relationship of the (possibly aggregated) source to each target, oriented from:to: "n" on the left when
    // the target also draws from codes outside the source; "n" on the right when the source splits.
    const right = targets.size > 1 ? "n" : "1";
    return [...targets].sort().map((t) => {
      const outside = (back.get(t) ?? []).some((x) => !set.has(x));
      return { code: t, relationship: `${outside ? "n" : "1"}:${right}` as Relationship };
    });
  }
}

function push(m: Map<string, string[]>, k: string, v: string): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

async function readBytes(dir: string, file: string): Promise<Buffer> {
  try {
    return await readFile(path.join(dir, file));
  } catch (e) {
    throw new EmbargoError({
      code: "NOMENCLATURE_DATA_MISSING",
      category: "unavailable",
      message: `nomenclature file ${file} cannot be read in ${dir} (run scripts/convert-nomenclature.ts)`,
      issues: [{ code: "missing_file", file, message: (e as Error).message }],
      details: { dir, file },
      cause: e,
    });
  }
}

function parseJson(file: string, bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch (e) {
    throw new EmbargoError({
      code: "NOMENCLATURE_DATA_INVALID",
      category: "integrity",
      message: `${file}: not valid JSON: ${(e as Error).message}`,
      issues: [{ code: "invalid_json", file, message: (e as Error).message }],
      details: { file },
    });
  }
}

/**
 * Row-per-line access to a converted file's bytes (`scripts/convert-nomenclature.ts` writes each row of each array
 * on its own line): the rows of array `key` whose line contains `needle` (default: every row), parsed without
 * parsing the rest of the file. Used only on bytes whose layout {@link linesMatchParse} confirmed when they were
 * validated, so the answer is the same as filtering the fully parsed file.
 */
function rowsWhere(bytes: Buffer, key: string, needle = "\n["): unknown[][] {
  return JSON.parse(rowsText(bytes, key, needle)) as unknown[][];
}

/** The JSON text of {@link rowsWhere}'s rows: `[row,row,…]` as they are written in the file. */
function rowsText(bytes: Buffer, key: string, needle = "\n["): string {
  const open = bytes.indexOf(`"${key}":[\n`);
  if (open < 0) return "[]";
  const start = open + key.length + 4;
  const next = bytes.indexOf('":[\n', start);
  const end = next < 0 ? bytes.length : next;
  const parts: string[] = [];
  const pat = Buffer.from(needle);
  let at = bytes.indexOf(pat, start - 1);
  while (at >= 0 && at < end) {
    const lineStart = bytes.lastIndexOf(0x0a, at + (needle.startsWith("\n") ? 0 : -1)) + 1;
    let lineEnd = bytes.indexOf(0x0a, lineStart);
    if (lineEnd < 0) lineEnd = bytes.length;
    if (lineStart >= start) parts.push(rowText(bytes.toString("utf8", lineStart, lineEnd)));
    at = bytes.indexOf(pat, lineEnd);
  }
  return `[${parts.join(",")}]`;
}

/** A row's JSON from its line: `[row],` inside an array, `[row]],"next":[` or `[row]]}` at its end. */
function rowText(line: string): string {
  if (line.endsWith(",")) return line.slice(0, -1);
  if (line.endsWith("]}")) return line.slice(0, -2);
  return line.slice(0, line.lastIndexOf('],"'));
}

/**
 * Whether row-per-line extraction of every array of a file gives exactly its parsed rows: the lines' text is the
 * canonical JSON of the parsed rows (what the converter writes), so parsing any subset of them gives those rows.
 */
function linesMatchParse(bytes: Buffer, doc: unknown, keys: readonly string[]): boolean {
  try {
    return keys.every((k) => rowsText(bytes, k) === JSON.stringify((doc as Record<string, unknown>)[k]));
  } catch {
    return false;
  }
}

const CN_KEYS = ["sections", "chapters", "headings", "subheadings", "codes"] as const;

/** A value computed on first call, then remembered. */
function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: make() };
    return value.v;
  };
}

/** Options for {@link loadNomenclature}. */
export interface LoadNomenclatureOptions {
  /**
   * Where to remember that files with exactly these bytes passed validation under this code version (the entry's
   * key is their SHA-256 and lengths): a later load of the same bytes skips the row-by-row checks, which cost more
   * than parsing. Any change to a file changes the key, so changed files are always validated.
   */
  cache?: SnapshotCache;
}

/** Snapshot cache entry recording that the current bytes passed validation. */
const VALIDATED_ENTRY = "nomenclature-validated";

/**
 * Loads the converted nomenclature files from `dir` (normally `data/nomenclature/`). Validates every row (unless
 * `options.cache` records that these exact bytes were validated) and throws `NOMENCLATURE_DATA_INVALID`
 * (integrity) naming the file and row, or `NOMENCLATURE_DATA_MISSING`.
 */
export async function loadNomenclature(dir: string, options: LoadNomenclatureOptions = {}): Promise<Nomenclature> {
  const [h22, h17, corr, cn] = (await Promise.all(NOMENCLATURE_FILES.map((f) => readBytes(dir, f)))) as [
    Buffer,
    Buffer,
    Buffer,
    Buffer,
  ];
  const hash = createHash("sha256");
  for (const b of [h22, h17, corr, cn]) hash.update(b);
  const digest = hash.digest("hex");
  const version = `nomenclature-${digest.slice(0, 12)}`;
  const keyParts = [digest, ...[h22, h17, corr, cn].map((b) => String(b.length))];
  const remembered = await options.cache?.get<{ lines: boolean }>(VALIDATED_ENTRY, keyParts);
  if (typeof remembered === "object" && remembered !== null) {
    // These exact bytes passed every check below: parse the other files only when a question needs them.
    return new NomenclatureImpl(
      version,
      () => buildHs(parseJson("hs2022.json", h22) as HsFile, "HS2022"),
      {
        hs2017: once(() => parseJson("hs2017.json", h17) as HsFile),
        cn: once(() => parseJson("cn.json", cn) as CnFile),
        correlation: once(() => parseJson("correlation-hs2022-hs2017.json", corr) as CorrelationFile),
      },
      remembered.lines ? { hs2022: h22, hs2017: h17, cn, correlation: corr } : undefined,
    );
  }
  const hs2022File = validateHs(parseJson("hs2022.json", h22), "hs2022.json");
  const hs2022 = buildHs(hs2022File, "HS2022");
  const hs2017 = validateHs(parseJson("hs2017.json", h17), "hs2017.json");
  const cnFile = validateCn(parseJson("cn.json", cn), "cn.json");
  const correlation = validateCorrelation(
    parseJson("correlation-hs2022-hs2017.json", corr),
    "correlation-hs2022-hs2017.json",
  );
  const years = new Set(cnFile.codes.flatMap((r) => r[4]));
  const missing = EDITIONS.filter((e) => (e.startsWith("CN") ? !years.has(Number(e.slice(2))) : false));
  if (missing.length > 0 || hs2017.rows.length === 0 || hs2022.byCode.size === 0)
    throw new EmbargoError({
      code: "NOMENCLATURE_DATA_INVALID",
      category: "integrity",
      message: `nomenclature data incomplete: ${missing.length > 0 ? `no codes for ${missing.join(", ")}` : "an HS edition is empty"}`,
      details: { missing },
    });
  // Whether the row-per-line layout holds (each row on its own line), so a later load may read one chapter's rows.
  const lines =
    linesMatchParse(h22, hs2022File, ["sections", "rows"]) &&
    linesMatchParse(h17, hs2017, ["sections", "rows"]) &&
    linesMatchParse(cn, cnFile, CN_KEYS) &&
    linesMatchParse(corr, correlation, ["rows"]);
  await options.cache?.put(VALIDATED_ENTRY, keyParts, { lines });
  return new NomenclatureImpl(version, hs2022, {
    hs2017: () => hs2017,
    cn: () => cnFile,
    correlation: () => correlation,
  });
}
