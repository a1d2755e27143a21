/**
 * OFAC legacy CSV: `sdn.csv` + `alt.csv` + `add.csv` + `sdn_comments.csv` (SDN list), or the same layout as
 * `cons_prim.csv` + `cons_alt.csv` + `cons_add.csv` + `cons_comments.csv` (non-SDN Consolidated list). No header
 * row, `-0- ` for empty, CRLF, a trailing Ctrl-Z. The comments file continues a truncated `Remarks` verbatim.
 */
import type { ErrorIssue } from "../../errors/index.ts";
import type { Entity, EntityType } from "../model.ts";
import { clean, decodeText, EntityBuilder, isoDate, listError, type ParsedList } from "./common.ts";
import { checkWidths, readRows } from "./csv.ts";
import { applyOfacRemarks } from "./ofac-remarks.ts";

/** The four legacy files; only the primary one is required. */
export interface OfacCsvFiles {
  primary: string | Uint8Array;
  alt?: string | Uint8Array;
  add?: string | Uint8Array;
  comments?: string | Uint8Array;
}

/** Options for {@link parseOfacCsv}. */
export interface OfacCsvOptions {
  /** `ofac-sdn` (default) or `ofac-cons`. */
  list?: string;
  /** File names for error messages (default `sdn.csv`, `alt.csv`, …). */
  files?: Partial<Record<keyof OfacCsvFiles, string>>;
  /**
   * When the alias/address files are newer than the primary file, an alias row whose ent_num has no primary record
   * is a designation the primary file predates. Given this note (e.g. "alias-only, primary record not in the bundled
   * SDN of 2024-05-03"), such ent_nums become entities built from their aliases and addresses, marked `partial` with
   * the note — never presented as complete. Without it they are reported as orphan rows (a mismatched set).
   */
  aliasOnly?: string;
}

const TYPES: Record<string, EntityType> = { individual: "person", vessel: "vessel", aircraft: "aircraft" };

/** Programmes of the non-SDN list whose hits are sectoral (SSI directives), not asset freezes. */
const SECTORAL = /^(UKRAINE-EO13662|RUSSIA-EO14024)$/;

function sanctionKindFor(list: string, programmes: string[]): Entity["sanctionKind"] {
  if (list !== "ofac-cons") return "asset_freeze";
  return programmes.some((p) => SECTORAL.test(p)) ? "sectoral" : "other";
}

function parseSide(
  input: string | Uint8Array | undefined,
  file: string,
  width: number,
  issues: ErrorIssue[],
): string[][] {
  if (input === undefined) return [];
  const text = decodeText(input, file);
  const rows = readRows(text, file);
  const { ok, issues: bad } = checkWidths(rows, width, file);
  issues.push(...bad);
  return rows.filter((_, i) => ok[i]);
}

/** Parses the OFAC legacy CSV set into entities. */
export function parseOfacCsv(files: OfacCsvFiles, options: OfacCsvOptions = {}): ParsedList {
  const list = options.list ?? "ofac-sdn";
  const names = {
    primary: options.files?.primary ?? (list === "ofac-cons" ? "cons_prim.csv" : "sdn.csv"),
    alt: options.files?.alt ?? (list === "ofac-cons" ? "cons_alt.csv" : "alt.csv"),
    add: options.files?.add ?? (list === "ofac-cons" ? "cons_add.csv" : "add.csv"),
    comments: options.files?.comments ?? (list === "ofac-cons" ? "cons_comments.csv" : "sdn_comments.csv"),
  };
  const issues: ErrorIssue[] = [];
  const prim = parseSide(files.primary, names.primary, 12, issues);
  if (prim.length === 0) throw listError("LIST_FILE_EMPTY", "no SDN rows", names.primary);
  if (prim.filter((r) => /^\d+$/.test((r[0] ?? "").trim())).length < prim.length / 2)
    throw listError(
      "LIST_FORMAT_UNRECOGNISED",
      "the first column is not an OFAC ent_num: not an OFAC legacy CSV",
      names.primary,
    );
  const comments = new Map<string, string>();
  for (const r of parseSide(files.comments, names.comments, 2, issues)) {
    const id = (r[0] ?? "").trim();
    comments.set(id, (comments.get(id) ?? "") + (r[1] ?? ""));
  }
  const builders = new Map<string, EntityBuilder>();
  prim.forEach((r, i) => {
    const [entNum, name, type, program, title, callSign, vessType, tonnage, grt, vessFlag, vessOwner] = r.map((c) =>
      clean(c),
    );
    if (!entNum || !/^\d+$/.test(entNum) || !name) {
      issues.push({
        code: "record_incomplete",
        message: "row without ent_num or name skipped",
        file: names.primary,
        row: i + 1,
      });
      return;
    }
    if (builders.has(entNum)) {
      issues.push({
        code: "duplicate_id",
        message: `ent_num ${entNum} repeated; later row skipped`,
        file: names.primary,
        row: i + 1,
      });
      return;
    }
    const programmes = (program ?? "")
      .split(/\]\s*\[/)
      .map((p) => p.replace(/[[\]]/g, "").trim())
      .filter(Boolean);
    const t = TYPES[(type ?? "").toLowerCase()] ?? "organization";
    const b = new EntityBuilder(list, entNum, t, sanctionKindFor(list, programmes));
    const comma = t === "person" ? /^([^,]+),\s*(.+)$/.exec(name) : null;
    b.name(name, "primary", comma ? { family: comma[1], given: comma[2] } : {});
    for (const p of programmes) b.programme(p);
    // The comments file continues a cut-off Remarks mid-word: concatenate the raw texts.
    const rawRemarks = (r[11] ?? "").trim() === "-0-" ? "" : (r[11] ?? "");
    const fullRemarks = clean(rawRemarks + (comments.get(entNum) ?? ""));
    applyOfacRemarks(b, fullRemarks);
    if (fullRemarks) {
      const listed = ofacListingDate(fullRemarks);
      if (listed) b.listedOn(listed);
    }
    if (callSign) b.identifier({ type: "other", value: callSign, note: "call sign" });
    if (vessFlag) b.country(vessFlag);
    const extra = [
      title ? `Title: ${title}` : undefined,
      vessType ? `Vessel type: ${vessType}` : undefined,
      tonnage ? `Tonnage: ${tonnage}` : undefined,
      grt ? `GRT: ${grt}` : undefined,
      vessFlag ? `Flag: ${vessFlag}` : undefined,
      vessOwner ? `Owner: ${vessOwner}` : undefined,
    ].filter(Boolean);
    b.remark([fullRemarks, ...extra].filter(Boolean).join("\n"));
    builders.set(entNum, b);
  });
  for (const [i, r] of parseSide(files.alt, names.alt, 5, issues).entries()) {
    const [entNum, , altType, altName] = r.map((c) => clean(c));
    let b = entNum ? builders.get(entNum) : undefined;
    if (!b && options.aliasOnly && entNum && /^\d+$/.test(entNum) && altName) {
      // Type and programme are unknown without the primary record; every SDN entry is blocked.
      b = new EntityBuilder(list, entNum, "unknown", "asset_freeze");
      b.entity.partial = options.aliasOnly;
      builders.set(entNum, b);
    }
    if (!b) {
      issues.push({
        code: "orphan_row",
        message: `alias for unknown ent_num ${entNum ?? ""}`,
        file: names.alt,
        row: i + 1,
      });
      continue;
    }
    const kind = (altType ?? "").toLowerCase() === "fka" ? "former" : "alias";
    const comma = b.entity.type === "person" && altName ? /^([^,]+),\s*(.+)$/.exec(altName) : null;
    b.name(altName, kind, comma ? { family: comma[1], given: comma[2] } : {});
  }
  for (const [i, r] of parseSide(files.add, names.add, 6, issues).entries()) {
    const [entNum, , address, cityStateZip, country, addRemarks] = r.map((c) => clean(c));
    const b = entNum ? builders.get(entNum) : undefined;
    if (!b) {
      issues.push({
        code: "orphan_row",
        message: `address for unknown ent_num ${entNum ?? ""}`,
        file: names.add,
        row: i + 1,
      });
      continue;
    }
    const full = [address, cityStateZip, country].filter(Boolean).join(", ");
    b.address({ full, ...(cityStateZip ? { city: cityStateZip } : {}), ...(country ? { country } : {}) });
    if (addRemarks && !b.entity.remarks?.includes(addRemarks)) b.remark(`Address note: ${addRemarks}`);
  }
  const entities = [...builders.values()].map((b) => b.entity);
  return { entities, issues, rows: prim.length };
}

/** Listing date helper exported for the XML parser (OFAC `Listing Date (…)` remark items). */
export function ofacListingDate(remarks: string | undefined): string | undefined {
  const m = remarks ? /Listing Date \([^)]*\):\s*(\d{1,2} \w{3} \d{4})/.exec(remarks) : null;
  return m ? isoDate(m[1]) : undefined;
}
