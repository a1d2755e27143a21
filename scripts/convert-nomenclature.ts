// Converts the HS 2017 / HS 2022 trees, the UNSD HS2022↔HS2017 correlation and the EU Combined Nomenclature
// 2023–2026 from ../shared/data/nomenclature into the compact files under data/nomenclature/.
//
//   node --import tsx scripts/convert-nomenclature.ts [--source DIR] [--out DIR]
//
// What it changes (also recorded in data/nomenclature/PROVENANCE.md):
// - drops the Comtrade artefacts: the `TOTAL` root row, chapter 99 / heading 9999 / subheading 999999
//   ("Commodities not specified according to kind", not WCO codes), the empty row, and the 999999 correlation row;
// - strips UTF-8 BOMs; collapses runs of whitespace in texts and trims them;
// - upper-cases the first letter of HS section names (section I is lower-case in the source);
// - CN: deduplicates the four yearly files: one row per distinct (code, text, parent, unit) with the years it
//   appears in; keeps code, parent (CN subheading, else CN heading, else chapter), leaf text, supplementary unit.
// Fails (exit 1) if any check below does not hold, so a bad source never silently replaces good data.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { parse } from "csv-parse/sync";

const { values } = parseArgs({
  options: { source: { type: "string" }, out: { type: "string" } },
});
const root = path.resolve(import.meta.dirname, "..");
const src = path.resolve(values.source ?? path.join(root, "../shared/data/nomenclature"));
const out = path.resolve(values.out ?? path.join(root, "data/nomenclature"));
const CN_YEARS = [2023, 2024, 2025, 2026] as const;

const problems: string[] = [];
function check(ok: boolean, message: string): void {
  if (!ok) problems.push(message);
}

function readText(file: string): string {
  return readFileSync(path.join(src, file), "utf8").replace(/^\uFEFF/, "");
}

/** Whitespace runs (double spaces, stray newlines in the CN texts) become one space. */
function clean(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

const ARTEFACTS = new Set(["TOTAL", "99", "9999", "999999"]);

interface HsRow {
  section: string;
  hscode: string;
  description: string;
  parent: string;
  level: string;
}

/** One HS edition: `[code, description]` rows (chapters add their section), in source order. */
function convertHs(file: string, edition: string, expected: { chapters: number; headings: number; subs: number }) {
  const rows = parse(readText(file), { columns: true, skip_empty_lines: false }) as HsRow[];
  const kept: [string, string, string?][] = [];
  let dropped = 0;
  const seen = new Set<string>();
  for (const r of rows) {
    if (r.hscode === "" && r.description === "") {
      dropped++; // the empty row of the 2017 file
      continue;
    }
    if (ARTEFACTS.has(r.hscode)) {
      dropped++;
      continue;
    }
    const code = r.hscode;
    check(/^\d+$/.test(code) && [2, 4, 6].includes(code.length), `${file}: bad code ${code}`);
    check(String(code.length) === r.level, `${file}: ${code} level ${r.level}`);
    check(!seen.has(code), `${file}: duplicate ${code}`);
    seen.add(code);
    if (code.length === 2) {
      check(r.parent === "TOTAL", `${file}: chapter ${code} parent ${r.parent}`);
      check(/^[IVX]+$/.test(r.section), `${file}: chapter ${code} section ${r.section}`);
      kept.push([code, clean(r.description), r.section]);
    } else {
      check(r.parent === code.slice(0, code.length - 2), `${file}: ${code} parent ${r.parent}`);
      check(seen.has(r.parent), `${file}: ${code} parent ${r.parent} not seen before`);
      kept.push([code, clean(r.description)]);
    }
  }
  const count = (n: number) => kept.filter((k) => k[0].length === n).length;
  check(count(2) === expected.chapters, `${file}: ${count(2)} chapters, expected ${expected.chapters}`);
  check(count(4) === expected.headings, `${file}: ${count(4)} headings, expected ${expected.headings}`);
  check(count(6) === expected.subs, `${file}: ${count(6)} subheadings, expected ${expected.subs}`);
  return { edition, rows: kept, dropped };
}

function convertSections(): [string, string][] {
  const rows = parse(readText("hs_sections_datasets-harmonized-system.csv"), { columns: true }) as {
    section: string;
    name: string;
  }[];
  check(rows.length === 21, `sections: ${rows.length}, expected 21`);
  return rows.map((r) => {
    const name = clean(r.name);
    return [r.section, name.charAt(0).toUpperCase() + name.slice(1)];
  });
}

const hs2022 = convertHs("hs2022_datasets-harmonized-system.csv", "HS2022", {
  chapters: 96,
  headings: 1228,
  subs: 5612,
});
const hs2017 = convertHs("hs2017_datasets-harmonized-system.csv", "HS2017", {
  chapters: 96,
  headings: 1222,
  subs: 5387,
});
const sections = convertSections();
const sectionIds = new Set(sections.map((s) => s[0]));
for (const ed of [hs2022, hs2017])
  for (const r of ed.rows) if (r[2] !== undefined) check(sectionIds.has(r[2]), `${ed.edition}: section ${r[2]}`);

// --- correlation ---------------------------------------------------------------------------------------------
const corrRows = parse(readText("hs2022_hs2017_correlation_unsd.csv"), { columns: true }) as {
  hs2022: string;
  hs2017: string;
  relationship: string;
}[];
const codes22 = new Set(hs2022.rows.map((r) => r[0]));
const codes17 = new Set(hs2017.rows.map((r) => r[0]));
const correlation: [string, string, string][] = [];
let corrDropped = 0;
for (const r of corrRows) {
  if (r.hs2022 === "999999" || r.hs2017 === "999999") {
    corrDropped++;
    continue;
  }
  check(codes22.has(r.hs2022), `correlation: ${r.hs2022} not in HS2022`);
  check(codes17.has(r.hs2017), `correlation: ${r.hs2017} not in HS2017`);
  check(["1:1", "n:1", "1:n", "n:n"].includes(r.relationship), `correlation: relationship ${r.relationship}`);
  correlation.push([r.hs2022, r.hs2017, r.relationship]);
}
// The relationship column is HS2022:HS2017 multiplicity; the engine recomputes it for aggregated (4-digit)
// queries, so make sure the column means exactly that.
{
  const fwd = new Map<string, number>();
  const back = new Map<string, number>();
  for (const [a, b] of correlation) {
    fwd.set(a, (fwd.get(a) ?? 0) + 1);
    back.set(b, (back.get(b) ?? 0) + 1);
  }
  for (const [a, b, rel] of correlation) {
    const computed = `${(back.get(b) ?? 0) > 1 ? "n" : "1"}:${(fwd.get(a) ?? 0) > 1 ? "n" : "1"}`;
    check(computed === rel, `correlation ${a}→${b}: column says ${rel}, multiplicities say ${computed}`);
  }
}

// --- EU CN ---------------------------------------------------------------------------------------------------
interface CnRaw {
  code: string;
  name: string;
  section?: string;
  chapter?: string;
  heading?: string | null;
  subheading?: string | null;
  supplementaryUnit?: string | null;
}
function readCn(kind: string, year: number): CnRaw[] {
  const doc = JSON.parse(readText(`eu_cn/cn${kind}_${year}.json`)) as CnRaw[];
  check(Array.isArray(doc) && doc.length > 0, `cn${kind}_${year}: not a non-empty array`);
  return doc;
}

/** Deduplicates rows across years: key = the row's kept fields; value = years present. */
function dedupe(kind: string, toRow: (r: CnRaw, year: number) => unknown[]): unknown[][] {
  const rows = new Map<string, { row: unknown[]; years: number[] }>();
  for (const year of CN_YEARS) {
    const seen = new Set<string>();
    for (const r of readCn(kind, year)) {
      check(!seen.has(r.code), `cn${kind}_${year}: duplicate code ${r.code}`);
      seen.add(r.code);
      const row = toRow(r, year);
      const key = JSON.stringify(row);
      const hit = rows.get(key);
      if (hit) hit.years.push(year);
      else rows.set(key, { row, years: [year] });
    }
  }
  return [...rows.values()]
    .sort((a, b) => (String(a.row[0]) < String(b.row[0]) ? -1 : String(a.row[0]) > String(b.row[0]) ? 1 : 0))
    .map((v) => [...v.row, v.years]);
}

const cnSections = dedupe("Sections", (r) => [r.code, clean(r.name)]);
const cnChapters = dedupe("Chapters", (r) => {
  check(/^\d{2}$/.test(r.code), `CN chapter ${r.code}`);
  return [r.code, clean(r.name), r.section ?? ""];
});
const cnHeadings = dedupe("Headings", (r) => {
  check(/^\d{4}$/.test(r.code) && r.chapter === r.code.slice(0, 2), `CN heading ${r.code}`);
  return [r.code, clean(r.name), r.code.slice(0, 2)];
});
// Per year, which heading/subheading nodes exist, to check every parent resolves in the same year.
const headingYears = new Map<string, Set<number>>();
for (const row of cnHeadings) for (const y of row[3] as number[]) setAdd(headingYears, String(row[0]), y);
function setAdd(m: Map<string, Set<number>>, k: string, v: number): void {
  const s = m.get(k) ?? new Set<number>();
  s.add(v);
  m.set(k, s);
}
// CN 2025 lists the undivided heading "0702 00" (tomatoes) as subheading "0702" (2026 has "070200"): a parse
// slip in the source. Repaired to the 6-digit code, and counted, so the tree stays one shape.
const repairs: string[] = [];
function sixDigit(code: string, where: string): string {
  if (code.length !== 4) return code;
  repairs.push(`${where}: ${code} → ${code}00`);
  return `${code}00`;
}
const cnSubheadings = dedupe("Subheadings", (r, year) => {
  r.code = sixDigit(r.code, `cnSubheadings_${year}`);
  check(/^\d{6}$/.test(r.code), `CN subheading ${r.code}`);
  // "0205 00"-style nodes stand for a heading without subdivisions: heading is null, the parent is the chapter.
  const parent = r.heading ?? r.code.slice(0, 2);
  check(r.heading == null || r.heading === r.code.slice(0, 4), `CN subheading ${r.code} heading ${r.heading}`);
  check(r.heading == null || (headingYears.get(r.heading)?.has(year) ?? false), `CN ${year} ${r.code}: no heading`);
  return [r.code, clean(r.name), parent];
});
const subYears = new Map<string, Set<number>>();
for (const row of cnSubheadings) for (const y of row[3] as number[]) setAdd(subYears, String(row[0]), y);
const cnCodes = dedupe("Codes", (r, year) => {
  if (r.subheading) r.subheading = sixDigit(r.subheading, `cnCodes_${year} ${r.code}`);
  check(/^\d{8}$/.test(r.code), `CN code ${r.code}`);
  check(r.subheading == null || r.subheading === r.code.slice(0, 6), `CN ${r.code} subheading ${r.subheading}`);
  check(r.heading == null || r.heading === r.code.slice(0, 4), `CN ${r.code} heading ${r.heading}`);
  const parent = r.subheading ?? r.heading ?? r.code.slice(0, 2);
  const ok =
    parent.length === 6
      ? (subYears.get(parent)?.has(year) ?? false)
      : parent.length === 4
        ? (headingYears.get(parent)?.has(year) ?? false)
        : true;
  check(ok, `CN ${year} ${r.code}: parent ${parent} missing that year`);
  check(codes22.has(r.code.slice(0, 6)), `CN ${r.code}: HS2022 subheading ${r.code.slice(0, 6)} missing`);
  return [r.code, clean(r.name), parent, r.supplementaryUnit ?? null];
});

if (problems.length > 0) {
  console.error(`convert-nomenclature: ${problems.length} problem(s):`);
  for (const p of problems.slice(0, 50)) console.error(`  - ${p}`);
  process.exit(1);
}

// --- write ---------------------------------------------------------------------------------------------------
mkdirSync(out, { recursive: true });
const written: { file: string; bytes: number; sha256: string }[] = [];
function write(file: string, doc: unknown): void {
  // One row per line: compact, yet diffs stay readable.
  const body = JSON.stringify(doc, (_k, v) => v, 0)
    .replace(/\],\[/g, "],\n[")
    .replace(/:\[\[/g, ":[\n[");
  const text = `${body}\n`;
  writeFileSync(path.join(out, file), text);
  written.push({
    file,
    bytes: Buffer.byteLength(text),
    sha256: createHash("sha256").update(text).digest("hex").slice(0, 12),
  });
}
write("hs2022.json", { edition: "HS2022", format: "[code, description, section (chapters only)]", ...hs2022Doc() });
write("hs2017.json", { edition: "HS2017", format: "[code, description, section (chapters only)]", ...hs2017Doc() });
write("correlation-hs2022-hs2017.json", {
  format: "[hs2022, hs2017, relationship (HS2022:HS2017)]",
  rows: correlation,
});
write("cn.json", {
  years: CN_YEARS,
  format: {
    sections: "[code, name, years]",
    chapters: "[code, name, section, years]",
    headings: "[code, name, chapter, years]",
    subheadings: "[code, name, parent (heading, or chapter when the heading has no subdivisions), years]",
    codes: "[code, leaf text, parent (CN subheading, else heading, else chapter), supplementary unit, years]",
  },
  sections: cnSections,
  chapters: cnChapters,
  headings: cnHeadings,
  subheadings: cnSubheadings,
  codes: cnCodes,
});

function hs2022Doc() {
  return { sections, rows: hs2022.rows };
}
function hs2017Doc() {
  return { sections, rows: hs2017.rows };
}

const distinct = (rows: unknown[][]) => new Set(rows.map((r) => r[0])).size;
console.log(
  JSON.stringify(
    {
      source: src,
      out,
      hs2022: { rows: hs2022.rows.length, dropped: hs2022.dropped },
      hs2017: { rows: hs2017.rows.length, dropped: hs2017.dropped },
      repairs,
      correlation: { rows: correlation.length, dropped: corrDropped },
      cn: {
        sections: cnSections.length,
        chapters: cnChapters.length,
        headings: [cnHeadings.length, distinct(cnHeadings)],
        subheadings: [cnSubheadings.length, distinct(cnSubheadings)],
        codes: [cnCodes.length, distinct(cnCodes)],
      },
      written,
    },
    null,
    2,
  ),
);
