/**
 * UK Sanctions List (FCDO) CSV: an optional `Report Date: …` line, then a header row, then one row per name of a
 * designation (rows share the `Unique ID`). Columns are read by header name (`Name 1`…`Name 6` with `Name 6` the
 * family/whole name, `Name type`, `Alias strength`, `Regime Name`, `Individual, Entity, Ship` or `Designation Type`,
 * `Sanctions Imposed`, `D.O.B`, addresses, identifiers…). Dates are day first.
 */
import type { ErrorIssue } from "../../errors/index.ts";
import type { EntityType } from "../model.ts";
import {
  badWidthRow,
  clean,
  decodeText,
  EntityBuilder,
  isoDate,
  listError,
  type ParsedList,
  type ParseOptions,
  russianIdType,
  splitMulti,
} from "./common.ts";
import { readRows } from "./csv.ts";

const TYPES: Record<string, EntityType> = { individual: "person", entity: "organization", ship: "vessel" };

/** `00/00/1960` → `1960`, `00/05/1960` → `1960-05`, `12/05/1960` → `1960-05-12` (also used by the OFSI parser). */
export function ukDate(raw: string | undefined): string | undefined {
  const s = clean(raw);
  if (!s) return undefined;
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  if (m) {
    if (m[2] === "00") return m[3];
    if (m[1] === "00") return `${m[3]}-${m[2]}`;
  }
  return isoDate(s, "dmy") ?? s;
}

/** Packed registry numbers ("TIN: 9703077050OGRN: 1227700133792") split into INN/OGRN; the rest kept whole. */
function registryNumbers(b: EntityBuilder, raw: string | undefined, country: string | undefined): void {
  const s = clean(raw);
  if (!s) return;
  let found = false;
  for (const m of s.matchAll(/\b(?:INN|TIN)\s*:?\s*(\d{10}|\d{12})(?!\d)/g)) {
    b.identifier({ type: "inn", value: m[1], country: "Russia", note: "Business registration number (s)" });
    found = true;
  }
  for (const m of s.matchAll(/OGRN(?:IP)?\s*:?\s*(\d{13}|\d{15})(?!\d)/g)) {
    b.identifier({ type: "ogrn", value: m[1], country: "Russia", note: "Business registration number (s)" });
    found = true;
  }
  if (!found)
    b.identifier({
      type: russianIdType("registration", s, country),
      value: s,
      ...(country ? { country } : {}),
      note: "Business registration number (s)",
    });
}

/** Parses the UK Sanctions List CSV. Default list id `uk-fcdo`. */
export function parseUkCsv(input: string | Uint8Array, options: ParseOptions = {}): ParsedList {
  const file = options.file;
  const list = options.list ?? "uk-fcdo";
  const text = decodeText(input, file);
  const rows = readRows(text, file);
  let date: string | undefined;
  const headerAt = rows.findIndex((r, i) => {
    const first = (r[0] ?? "").trim();
    const rd = /^Report Date:\s*(.+)$/i.exec(first);
    if (rd) date = ukDate(rd[1]);
    return i < 5 && r.some((c) => c.trim() === "Unique ID" || c.trim() === "Group ID");
  });
  if (headerAt < 0)
    throw listError(
      "LIST_FORMAT_UNRECOGNISED",
      "no header with a `Unique ID` column: not the UK Sanctions List CSV",
      file,
    );
  const header = (rows[headerAt] ?? []).map((h) => h.trim());
  const col = new Map(header.map((h, i) => [h, i]));
  const has = (h: string) => col.has(h);
  if (!has("Name 6") || !has("Name type"))
    throw listError(
      "LIST_FORMAT_UNRECOGNISED",
      "the header lacks `Name 6` / `Name type`: not the UK Sanctions List CSV",
      file,
    );
  const idCol = has("Unique ID") ? "Unique ID" : "Group ID";
  const typeCol = ["Individual, Entity, Ship", "Designation Type", "Group Type"].find(has);
  const data = rows.slice(headerAt + 1);
  const issues: ErrorIssue[] = [];
  const groups = new Map<string, EntityBuilder>();
  data.forEach((r, i) => {
    const rowNo = headerAt + i + 2;
    if (r.length !== header.length) {
      badWidthRow(r.length, header.length, i === data.length - 1, rowNo, file, issues);
      return;
    }
    const get = (h: string) => clean(r[col.get(h) ?? -1]);
    const id = get(idCol);
    if (!id) {
      issues.push({
        code: "record_incomplete",
        message: `row without ${idCol} skipped`,
        ...(file ? { file } : {}),
        row: rowNo,
      });
      return;
    }
    let b = groups.get(id);
    if (!b) {
      const sanctions = get("Sanctions Imposed") ?? "";
      const type = TYPES[(typeCol ? get(typeCol) : "")?.toLowerCase() ?? ""] ?? "unknown";
      b = new EntityBuilder(list, id, type, /asset freeze/i.test(sanctions) ? "asset_freeze" : "other");
      groups.set(id, b);
    }
    const parts = ["Name 1", "Name 2", "Name 3", "Name 4", "Name 5"].map(get);
    const family = get("Name 6");
    const full = [...parts, family].filter(Boolean).join(" ");
    const nameType = (get("Name type") ?? "").toLowerCase();
    const weak = /low|weak/i.test(get("Alias strength") ?? "");
    const kind = nameType === "primary name" ? "primary" : weak ? "weak_alias" : "alias";
    b.name(
      full,
      kind,
      b.entity.type === "person" ? { given: parts[0], middle: parts.slice(1).filter(Boolean).join(" "), family } : {},
    );
    b.name(get("Name non-latin script"), "original_script", { lang: get("Non-latin script language") });
    b.programme(get("Regime Name"));
    b.listedOn(ukDate(get("Date Designated")));
    b.gender(get("Gender"));
    const dob = get("D.O.B");
    if (dob) b.birthDate(ukDate(dob));
    for (const n of splitMulti(get("Nationality(/ies)"), /\s*[;|]\s*|\s*\(\d+\)\s*/)) b.nationality(n);
    b.birthPlace([get("Town of birth"), get("Country of birth")].filter(Boolean).join(", "));
    const country = get("Address Country");
    b.address({
      full: [1, 2, 3, 4, 5, 6]
        .map((n) => get(`Address Line ${n}`))
        .concat(get("Address Postal Code"), country)
        .filter(Boolean)
        .join(", "),
      ...(get("Address Line 6") ? { city: get("Address Line 6") } : {}),
      ...(country ? { country } : {}),
    });
    const passport = get("Passport number");
    if (passport) b.identifier({ type: "passport", value: passport, note: get("Passport additional information") });
    const nid = get("National Identifier number");
    if (nid) b.identifier({ type: "national_id", value: nid, note: get("National Identifier additional information") });
    registryNumbers(b, get("Business registration number (s)"), country);
    const imo = get("IMO number")?.replace(/^IMO\s*/i, "");
    if (imo) b.identifier({ type: "imo", value: imo });
    b.country(get("Current believed flag of ship"));
    // The UK Sanctions List Ref (e.g. RUS0251) is also cited by OFSI's Consolidated List: a cross-list key.
    if (idCol === "Unique ID") b.identifier({ type: "other", value: id, note: "UK Sanctions List Ref" });
    const un = get("UN Reference Number");
    if (un) b.identifier({ type: "other", value: un, note: "UN reference number" });
    if (!b.entity.remarks) {
      b.remark(
        [
          get("Sanctions Imposed") ? `Sanctions imposed: ${get("Sanctions Imposed")}` : undefined,
          get("Other Information"),
          get("UK Statement of Reasons") ? `Statement of reasons: ${get("UK Statement of Reasons")}` : undefined,
        ]
          .filter(Boolean)
          .join("\n"),
      );
    }
  });
  const entities = [...groups.values()].map((b) => b.entity).filter((e) => e.names.length > 0);
  return { entities, issues, rows: data.length, ...(date ? { date } : {}) };
}
