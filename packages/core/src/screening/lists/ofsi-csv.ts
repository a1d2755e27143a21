/**
 * HM Treasury OFSI Consolidated List of Financial Sanctions Targets ("ConList"), CSV shape: row 1
 * `Last Updated,dd/mm/yyyy`, row 2 the header (`Name 6`, `Name 1`…`Name 5`, `Title`, `Name Non-Latin Script`, `DOB`,
 * `Nationality`, `Passport Number`, addresses, `Other Information`, `Group Type`, `Alias Type`, `Alias Quality`,
 * `Regime`, `Listed On`, …, `Group ID`), then one row per name. Rows sharing a `Group ID` are one entity.
 * Multi-values are written `(1) a (2) b`. `Other Information` packs labelled items — `(UK Sanctions List Ref):RUS0251`,
 * `(UN Ref):CFi.010`, `(Gender):Male`, `(IMO number):7408873`, `(Business Reg No):…`, `(Email address):…` — read
 * here into fields; the text is kept whole in the remarks. OFSI retired the ConList on 28 Jan 2026 (the FCDO UK
 * Sanctions List replaces it): the parser serves the bundled 2025-04-14 copy and archived files.
 */
import type { ErrorIssue } from "../../errors/index.ts";
import type { EntityType } from "../model.ts";
import {
  badWidthRow,
  clean,
  countryCode,
  decodeText,
  EntityBuilder,
  isoDate,
  listError,
  type ParsedList,
  type ParseOptions,
  russianIdType,
} from "./common.ts";
import { readRows } from "./csv.ts";
import { ukDate } from "./uk-csv.ts";

const TYPES: Record<string, EntityType> = { individual: "person", entity: "organization", ship: "vessel" };

/** `(1) Germany. (2) Morocco` → `["Germany", "Morocco"]`; a plain value → `[value]`. */
export function numbered(v: string | undefined): string[] {
  const s = clean(v);
  if (!s) return [];
  if (!/^\(\d+\)/.test(s)) return [s.replace(/\.$/, "")];
  return s
    .split(/\(\d+\)\s*/)
    .map((x) =>
      x
        .trim()
        .replace(/[.;,]$/, "")
        .trim(),
    )
    .filter((x) => x !== "");
}

/** `Other Information` → label → value (first occurrence), e.g. `UN Ref` → `CFi.010. Ali Kony is…`. */
export function otherInformation(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!text) return out;
  const re = /\(([A-Za-z][A-Za-z /-]{1,40})\):/g;
  const marks = [...text.matchAll(re)];
  marks.forEach((m, i) => {
    const label = (m[1] as string).trim();
    const start = (m.index as number) + m[0].length;
    const end = i + 1 < marks.length ? (marks[i + 1]?.index as number) : text.length;
    if (!out.has(label)) out.set(label, text.slice(start, end).trim());
  });
  return out;
}

/** INN/TIN and OGRN found in a registration text; anything else is kept whole as a registration number. */
function registration(b: EntityBuilder, raw: string, russia: boolean): void {
  let found = false;
  for (const m of raw.matchAll(/\b(?:INN|TIN)\b[^\d]{0,4}(\d{10}|\d{12})(?!\d)/g)) {
    const value = m[1] as string;
    b.identifier({ type: russia ? russianIdType("tax", value, "RU") : "tax_id", value, note: "Business Reg No" });
    found = true;
  }
  for (const m of raw.matchAll(/\bOGRN(?:IP)?\b[^\d]{0,4}(\d{13}|\d{15})(?!\d)/g)) {
    b.identifier({ type: "ogrn", value: m[1] as string, country: "RU", note: "Business Reg No" });
    found = true;
  }
  if (!found) for (const v of numbered(raw)) b.identifier({ type: "registration", value: v, note: "Business Reg No" });
}

/** Parses the OFSI ConList CSV. Default list id `uk-ofsi`. */
export function parseOfsiCsv(input: string | Uint8Array, options: ParseOptions = {}): ParsedList {
  const file = options.file;
  const list = options.list ?? "uk-ofsi";
  const rows = readRows(decodeText(input, file), file);
  let date: string | undefined;
  const headerAt = rows.findIndex((r, i) => {
    if (/^Last Updated$/i.test((r[0] ?? "").trim()) && r.length <= 3) date = isoDate(r[1], "dmy");
    return i < 5 && r.some((c) => c.trim() === "Group ID") && r.some((c) => c.trim() === "Alias Type");
  });
  if (headerAt < 0)
    throw listError(
      "LIST_FORMAT_UNRECOGNISED",
      "no header with `Group ID` and `Alias Type` columns: not the OFSI Consolidated List CSV",
      file,
    );
  const header = (rows[headerAt] ?? []).map((h) => h.trim());
  const col = new Map(header.map((h, i) => [h, i]));
  for (const need of ["Name 6", "Group Type", "Regime"])
    if (!col.has(need))
      throw listError("LIST_FORMAT_UNRECOGNISED", `the header lacks \`${need}\`: not the OFSI ConList CSV`, file);
  const data = rows.slice(headerAt + 1);
  const issues: ErrorIssue[] = [];
  const groups = new Map<string, EntityBuilder>();
  data.forEach((r, i) => {
    const rowNo = headerAt + i + 2;
    // OFSI's CSV drops trailing empty cells on some rows; more cells than the header is a broken row.
    if (r.length > header.length || r.length < (col.get("Group ID") ?? 0) + 1) {
      badWidthRow(r.length, header.length, i === data.length - 1, rowNo, file, issues);
      return;
    }
    const get = (h: string) => clean(r[col.get(h) ?? -1]);
    const id = get("Group ID");
    if (!id) {
      issues.push({
        code: "record_incomplete",
        message: "row without Group ID skipped",
        ...(file ? { file } : {}),
        row: rowNo,
      });
      return;
    }
    const other = otherInformation(get("Other Information"));
    let b = groups.get(id);
    if (!b) {
      const type = TYPES[(get("Group Type") ?? "").toLowerCase()] ?? "unknown";
      // Every ConList entry is a financial-sanctions target (asset freeze); ships are specified, not frozen.
      b = new EntityBuilder(list, id, type, type === "vessel" ? "other" : "asset_freeze");
      groups.set(id, b);
      b.remark(get("Other Information"));
    }
    const given = get("Name 1");
    const middle = ["Name 2", "Name 3", "Name 4", "Name 5"].map(get).filter(Boolean).join(" ");
    const family = get("Name 6");
    const full = [given, middle, family].filter(Boolean).join(" ");
    const aliasType = (get("Alias Type") ?? "").toLowerCase();
    const weak = /low/i.test(get("Alias Quality") ?? "");
    const kind =
      aliasType === "primary name" ? "primary" : aliasType === "fka" ? "former" : weak ? "weak_alias" : "alias";
    b.name(full, kind, b.entity.type === "person" ? { given, middle, family } : {});
    b.name(get("Name Non-Latin Script"), "original_script", { lang: get("Non-Latin Script Language") });
    b.programme(get("Regime"));
    b.listedOn(get("Listed On"), "dmy");
    for (const d of numbered(get("DOB"))) b.birthDate(ukDate(d));
    for (const n of numbered(get("Nationality"))) b.nationality(n);
    const births = numbered(get("Country of Birth"));
    const towns = numbered(get("Town of Birth"));
    for (let k = 0; k < Math.max(births.length, towns.length); k++)
      b.birthPlace([towns[k], births[k]].filter(Boolean).join(", "));
    const passports = numbered(get("Passport Number"));
    const pDetails = numbered(get("Passport Details"));
    passports.forEach((p, k) => {
      b.identifier({
        type: "passport",
        value: p,
        note: passports.length === pDetails.length ? pDetails[k] : get("Passport Details"),
      });
    });
    const nids = numbered(get("National Identification Number"));
    const nDetails = numbered(get("National Identification Details"));
    nids.forEach((n, k) => {
      b.identifier({
        type: "national_id",
        value: n,
        note: nids.length === nDetails.length ? nDetails[k] : get("National Identification Details"),
      });
    });
    const country = get("Country");
    b.address({
      full: ["Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6", "Post/Zip Code", "Country"]
        .map(get)
        .filter(Boolean)
        .join(", "),
      ...(get("Address 6") ? { city: get("Address 6") } : {}),
      ...(country ? { country } : {}),
    });
    const ukRef = /^([A-Z]{2,4}\d{3,5})\b/.exec(other.get("UK Sanctions List Ref") ?? "");
    if (ukRef) b.identifier({ type: "other", value: ukRef[1], note: "UK Sanctions List Ref" });
    const unRef = /^([A-Za-z]{2,3}\.\d{3})\b/.exec(other.get("UN Ref") ?? "");
    if (unRef) b.identifier({ type: "other", value: unRef[1], note: "UN reference number" });
    b.gender(other.get("Gender"));
    const imo = /^(\d{7})\b/.exec(other.get("IMO number") ?? "");
    if (imo) b.identifier({ type: "imo", value: imo[1] });
    const flag = other.get("Flag of ship");
    if (flag) b.country(flag);
    const reg = other.get("Business Reg No");
    if (reg) {
      const russia =
        /russia/i.test(reg) ||
        countryCode(country) === "RU" ||
        b.entity.countries.includes("RU") ||
        /\bOGRN\b/.test(reg);
      registration(b, reg, russia);
    }
    for (const e of numbered(other.get("Email address"))) b.identifier({ type: "email", value: e });
  });
  const entities = [...groups.values()].map((b) => b.entity).filter((e) => e.names.length > 0);
  return { entities, issues, rows: data.length, ...(date ? { date } : {}) };
}
