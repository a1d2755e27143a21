/**
 * UN Security Council Consolidated List (XML, schema `https://www.un.org/sc/resources/sc-sanctions.xsd`):
 * `CONSOLIDATED_LIST@dateGenerated` → `INDIVIDUALS/INDIVIDUAL`, `ENTITIES/ENTITY`, keyed by the stable `DATAID`.
 */
import type { ErrorIssue } from "../../errors/index.ts";
import type { Entity } from "../model.ts";
import { clean, EntityBuilder, isoDate, listError, type ParsedList, type ParseOptions } from "./common.ts";
import { children, parseXml, text, texts, type XmlNode } from "./xml.ts";

const ARRAYS = [
  "INDIVIDUAL",
  "ENTITY",
  "INDIVIDUAL_ALIAS",
  "ENTITY_ALIAS",
  "INDIVIDUAL_ADDRESS",
  "ENTITY_ADDRESS",
  "INDIVIDUAL_DATE_OF_BIRTH",
  "INDIVIDUAL_PLACE_OF_BIRTH",
  "INDIVIDUAL_DOCUMENT",
  "VALUE",
];

function values(node: XmlNode, key: string): string[] {
  return children(node, key).flatMap((c) => texts(c, "VALUE"));
}

function docType(t: string | undefined): string {
  const s = (t ?? "").toLowerCase();
  if (s.includes("passport")) return "passport";
  if (s.includes("national identification") || s.includes("national id")) return "national_id";
  if (s.includes("tax")) return "tax_id";
  return "other";
}

function joinParts(parts: (string | undefined)[], sep = ", "): string | undefined {
  return clean(parts.filter((p) => clean(p)).join(sep));
}

function parseRecord(node: XmlNode, kind: "INDIVIDUAL" | "ENTITY", list: string): Entity | undefined {
  const id = text(node, "DATAID");
  if (!id) return undefined;
  const b = new EntityBuilder(list, id, kind === "INDIVIDUAL" ? "person" : "organization", "asset_freeze");
  const parts = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"].map((k) => text(node, k));
  const full = joinParts(parts, " ");
  const [first, second, third, fourth] = parts;
  b.name(
    full,
    "primary",
    kind === "INDIVIDUAL" ? { given: first, ...(second && !third && !fourth ? { family: second } : {}) } : {},
  );
  b.name(text(node, "NAME_ORIGINAL_SCRIPT"), "original_script");
  for (const a of children(node, `${kind}_ALIAS`)) {
    const q = text(a, "QUALITY");
    // UN "Low" quality aliases are the weak aliases: shown, never screened.
    b.name(text(a, "ALIAS_NAME"), q?.toLowerCase() === "low" ? "weak_alias" : "alias", q ? { quality: q } : {});
  }
  b.programme(text(node, "UN_LIST_TYPE"));
  b.listedOn(text(node, "LISTED_ON"));
  b.gender(text(node, "GENDER"));
  for (const n of values(node, "NATIONALITY")) b.nationality(n);
  for (const a of children(node, `${kind}_ADDRESS`)) {
    const city = text(a, "CITY");
    const country = text(a, "COUNTRY");
    b.address({
      full: joinParts([text(a, "STREET"), city, text(a, "STATE_PROVINCE"), text(a, "ZIP_CODE"), country]),
      city,
      country,
    });
  }
  for (const d of children(node, "INDIVIDUAL_DATE_OF_BIRTH")) {
    const date = text(d, "DATE");
    const year = text(d, "YEAR");
    const from = Number(text(d, "FROM_YEAR"));
    const to = Number(text(d, "TO_YEAR"));
    if (date) b.birthDate(date);
    else if (year) b.birthDate(year);
    else if (from > 0 && to >= from && to - from <= 20) for (let y = from; y <= to; y++) b.birthDate(String(y));
  }
  for (const p of children(node, "INDIVIDUAL_PLACE_OF_BIRTH")) {
    b.birthPlace(joinParts([text(p, "CITY"), text(p, "STATE_PROVINCE"), text(p, "COUNTRY")]));
  }
  for (const d of children(node, "INDIVIDUAL_DOCUMENT")) {
    const t = text(d, "TYPE_OF_DOCUMENT");
    const t2 = text(d, "TYPE_OF_DOCUMENT2");
    b.identifier({
      type: docType(t),
      value: text(d, "NUMBER"),
      country: text(d, "ISSUING_COUNTRY") ?? text(d, "COUNTRY_OF_ISSUE"),
      note: joinParts([t, t2, text(d, "NOTE")], "; "),
    });
  }
  const ref = text(node, "REFERENCE_NUMBER");
  b.identifier({ type: "other", value: ref, note: "UN reference number" });
  b.remark(text(node, "COMMENTS1"));
  return b.entity;
}

/** Parses the UN SC consolidated XML. Throws `LIST_XML_*` / `LIST_FORMAT_UNRECOGNISED` on unusable input. */
export function parseUnXml(input: string | Uint8Array, options: ParseOptions = {}): ParsedList {
  const file = options.file;
  const list = options.list ?? "un-sc";
  const doc = parseXml(input, file, ARRAYS);
  const root = doc.CONSOLIDATED_LIST as XmlNode | undefined;
  if (!root || typeof root !== "object")
    throw listError("LIST_FORMAT_UNRECOGNISED", "no CONSOLIDATED_LIST root: not the UN consolidated list", file);
  const entities: Entity[] = [];
  const issues: ErrorIssue[] = [];
  let rows = 0;
  for (const kind of ["INDIVIDUAL", "ENTITY"] as const) {
    const group = (root[kind === "INDIVIDUAL" ? "INDIVIDUALS" : "ENTITIES"] ?? {}) as XmlNode;
    children(group, kind).forEach((node, i) => {
      rows++;
      const e = parseRecord(node, kind, list);
      if (!e || e.names.length === 0)
        issues.push({
          code: "record_incomplete",
          message: `${kind} without DATAID or name skipped`,
          path: `${kind === "INDIVIDUAL" ? "INDIVIDUALS" : "ENTITIES"}.${kind}[${i}]`,
          ...(file ? { file } : {}),
        });
      else entities.push(e);
    });
  }
  const date = isoDate(text(root, "@dateGenerated"));
  return { entities, issues, rows, ...(date ? { date } : {}) };
}
