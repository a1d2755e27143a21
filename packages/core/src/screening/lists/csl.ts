/**
 * trade.gov Consolidated Screening List, bulk CSV (29 columns with `_id`; older files 28 without). Columns are read
 * by header name; multi-values are `;`-separated. Each row names its source list (`… (SDN) - Treasury Department`),
 * which decides what a hit means.
 */
import { createHash } from "node:crypto";
import type { ErrorIssue } from "../../errors/index.ts";
import type { Entity, EntityType } from "../model.ts";
import {
  clean,
  decodeText,
  EntityBuilder,
  isoDate,
  listError,
  type ParsedList,
  type ParseOptions,
  splitMulti,
} from "./common.ts";
import { checkWidths, readRows } from "./csv.ts";
import { identifierTypeForLabel } from "./ofac-remarks.ts";

const REQUIRED = ["source", "entity_number", "type", "programs", "name", "addresses", "alt_names", "ids"];

/** What a hit on each CSL source list means for a shipment. */
const KIND_BY_SOURCE: Record<string, Entity["sanctionKind"]> = {
  SDN: "asset_freeze",
  SSI: "sectoral",
  DPL: "end_user",
  EL: "end_user",
  MEU: "end_user",
  UVL: "end_user",
};

const TYPES: Record<string, EntityType> = {
  individual: "person",
  entity: "organization",
  vessel: "vessel",
  aircraft: "aircraft",
};

/** The short code of a CSL source (`DPL`, `EL`, `SDN`…) from its long label. */
export function cslSourceCode(source: string): string {
  const m = /\(([A-Z-]+)\)/.exec(source);
  return m ? (m[1] as string) : source.trim();
}

/** Parses the trade.gov CSL bulk CSV. */
export function parseCsl(input: string | Uint8Array, options: ParseOptions = {}): ParsedList {
  const file = options.file;
  const list = options.list ?? "trade-gov-csl";
  const text = decodeText(input, file);
  const rows = readRows(text, file);
  const header = (rows[0] ?? []).map((h) => h.trim());
  const missing = REQUIRED.filter((h) => !header.includes(h));
  if (missing.length > 0)
    throw listError("LIST_FORMAT_UNRECOGNISED", `not the CSL layout: missing columns ${missing.join(", ")}`, file);
  const col = new Map(header.map((h, i) => [h, i]));
  const data = rows.slice(1);
  const { ok, issues: widthIssues } = checkWidths(data, header.length, file);
  const issues: ErrorIssue[] = [...widthIssues];
  const entities: Entity[] = [];
  const seen = new Set<string>();
  data.forEach((r, i) => {
    if (!ok[i]) return;
    const get = (h: string) => clean(r[col.get(h) ?? -1]);
    const name = get("name");
    const source = get("source") ?? "";
    if (!name) {
      issues.push({
        code: "record_incomplete",
        message: "row without a name skipped",
        ...(file ? { file } : {}),
        row: i + 1,
      });
      return;
    }
    const code = cslSourceCode(source);
    // `_id` is the CSL's own key; old files lack it, so fall back to source + entity number, then a content hash.
    const sourceId =
      get("_id") ??
      (get("entity_number")
        ? `${code}-${get("entity_number")}`
        : createHash("sha256").update(r.join("\u0001")).digest("hex").slice(0, 24));
    if (seen.has(sourceId)) {
      issues.push({
        code: "duplicate_id",
        message: `id ${sourceId} repeated; later row skipped`,
        ...(file ? { file } : {}),
        row: i + 1,
      });
      return;
    }
    seen.add(sourceId);
    const b = new EntityBuilder(
      list,
      sourceId,
      TYPES[(get("type") ?? "").toLowerCase()] ?? "unknown",
      KIND_BY_SOURCE[code] ?? "other",
    );
    b.name(name, "primary");
    for (const a of splitMulti(get("alt_names"))) b.name(a, "alias");
    b.programme(code);
    for (const p of splitMulti(get("programs"))) b.programme(p);
    for (const a of splitMulti(get("addresses"))) {
      const parts = a.split(/\s*,\s*/);
      const last = parts[parts.length - 1];
      b.address({ full: a, ...(last && /^[A-Z]{2}$/.test(last) ? { country: last } : {}) });
    }
    for (const n of [...splitMulti(get("nationalities")), ...splitMulti(get("citizenships"))]) b.nationality(n);
    for (const d of splitMulti(get("dates_of_birth"))) b.birthDate(d);
    for (const p of splitMulti(get("places_of_birth"))) b.birthPlace(p);
    for (const id of splitMulti(get("ids"))) {
      // "Passport, 836238033, KP": type, number, optional ISO country.
      const parts = id.split(/,\s*/);
      const label = parts[0] ?? "";
      if (/^gender$/i.test(label)) {
        b.gender(parts[1]);
        continue;
      }
      const last = parts[parts.length - 1] ?? "";
      const hasCountry = parts.length > 2 && /^[A-Z]{2}$/.test(last);
      const value = parts.slice(1, hasCountry ? -1 : undefined).join(", ");
      const type = value ? identifierTypeForLabel(label, value, hasCountry ? last : undefined) : undefined;
      if (type) {
        const v = type === "imo" ? value.replace(/^IMO\s*/, "") : value;
        b.identifier({ type, value: v, ...(hasCountry ? { country: last } : {}), note: label });
      }
    }
    const cs = get("call_sign");
    if (cs) b.identifier({ type: "other", value: cs, note: "call sign" });
    const flag = get("vessel_flag");
    if (flag) b.country(flag);
    b.listedOn(get("start_date"));
    b.remark(
      [
        get("remarks"),
        get("title") ? `Title: ${get("title")}` : undefined,
        get("federal_register_notice") ? `Federal Register: ${get("federal_register_notice")}` : undefined,
        get("license_requirement") ? `License requirement: ${get("license_requirement")}` : undefined,
        get("license_policy") ? `License policy: ${get("license_policy")}` : undefined,
        get("end_date") ? `End date: ${isoDate(get("end_date")) ?? get("end_date")}` : undefined,
        source ? `Source list: ${source}` : undefined,
      ]
        .filter(Boolean)
        .join("\n"),
    );
    entities.push(b.entity);
  });
  return { entities, issues, rows: data.length };
}
