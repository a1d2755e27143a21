/**
 * OFAC SDN XML, the classic `sdn.xml` / `consolidated.xml` layout (`sdnList` → `publshInformation` and
 * `sdnEntry`, schema `http://tempuri.org/sdnList.xsd`). `Record_Count` in the header is checked against the entries
 * read, so a file cut between two entries is still caught.
 */
import type { ErrorIssue } from "../../errors/index.ts";
import type { EntityType } from "../model.ts";
import { EntityBuilder, isoDate, listError, type ParsedList, type ParseOptions } from "./common.ts";
import { ofacListingDate } from "./ofac-csv.ts";
import { applyOfacRemarks, identifierTypeForLabel } from "./ofac-remarks.ts";
import { child, children, parseXml, text, texts, type XmlNode } from "./xml.ts";

const ARRAYS = [
  "sdnEntry",
  "program",
  "id",
  "aka",
  "address",
  "nationality",
  "citizenship",
  "dateOfBirthItem",
  "placeOfBirthItem",
];

const TYPES: Record<string, EntityType> = {
  individual: "person",
  entity: "organization",
  vessel: "vessel",
  aircraft: "aircraft",
};

function fullName(n: XmlNode, person: boolean): string | undefined {
  const first = text(n, "firstName");
  const last = text(n, "lastName");
  if (!last) return first;
  return first ? (person ? `${last}, ${first}` : `${first} ${last}`) : last;
}

/** Parses OFAC's SDN XML (classic layout). Default list id `ofac-sdn`. */
export function parseOfacXml(input: string | Uint8Array, options: ParseOptions = {}): ParsedList {
  const file = options.file;
  const list = options.list ?? "ofac-sdn";
  const doc = parseXml(input, file, ARRAYS);
  const root = doc.sdnList as XmlNode | undefined;
  if (!root || typeof root !== "object")
    throw listError("LIST_FORMAT_UNRECOGNISED", "no sdnList root: not an OFAC SDN XML file", file);
  const pub = child(root, "publshInformation");
  const date = isoDate(text(pub, "Publish_Date"), "mdy");
  const declared = Number(text(pub, "Record_Count"));
  const entries = children(root, "sdnEntry");
  if (Number.isFinite(declared) && declared > 0 && declared !== entries.length)
    throw listError(
      "LIST_FILE_TRUNCATED",
      `the header declares ${declared} records but ${entries.length} were found`,
      file,
    );
  const issues: ErrorIssue[] = [];
  const entities = [];
  for (const [i, e] of entries.entries()) {
    const uid = text(e, "uid");
    const type = TYPES[(text(e, "sdnType") ?? "").toLowerCase()] ?? "organization";
    const person = type === "person";
    const name = fullName(e, person);
    if (!uid || !name) {
      issues.push({
        code: "record_incomplete",
        message: "sdnEntry without uid or name skipped",
        path: `sdnEntry[${i}]`,
        ...(file ? { file } : {}),
      });
      continue;
    }
    const programmes = texts(child(e, "programList"), "program");
    const sectoral = list === "ofac-cons" && programmes.some((p) => /^(UKRAINE-EO13662|RUSSIA-EO14024)$/.test(p));
    const b = new EntityBuilder(
      list,
      uid,
      type,
      list === "ofac-cons" ? (sectoral ? "sectoral" : "other") : "asset_freeze",
    );
    b.name(name, "primary", person ? { given: text(e, "firstName"), family: text(e, "lastName") } : {});
    for (const p of programmes) b.programme(p);
    for (const a of children(child(e, "akaList"), "aka")) {
      const t = (text(a, "type") ?? "").toLowerCase();
      const weak = (text(a, "category") ?? "").toLowerCase() === "weak";
      b.name(
        fullName(a, person),
        weak ? "weak_alias" : t === "f.k.a." ? "former" : "alias",
        person ? { given: text(a, "firstName"), family: text(a, "lastName") } : {},
      );
    }
    for (const a of children(child(e, "addressList"), "address")) {
      const city = [text(a, "city"), text(a, "stateOrProvince"), text(a, "postalCode")].filter(Boolean).join(" ");
      const country = text(a, "country");
      b.address({
        full: [text(a, "address1"), text(a, "address2"), text(a, "address3"), city, country].filter(Boolean).join(", "),
        ...(city ? { city } : {}),
        ...(country ? { country } : {}),
      });
    }
    for (const n of children(child(e, "nationalityList"), "nationality")) b.nationality(text(n, "country"));
    for (const n of children(child(e, "citizenshipList"), "citizenship")) b.nationality(text(n, "country"));
    for (const d of children(child(e, "dateOfBirthList"), "dateOfBirthItem")) b.birthDate(text(d, "dateOfBirth"));
    for (const p of children(child(e, "placeOfBirthList"), "placeOfBirthItem")) b.birthPlace(text(p, "placeOfBirth"));
    for (const id of children(child(e, "idList"), "id")) {
      const label = text(id, "idType") ?? "";
      const value = text(id, "idNumber");
      const country = text(id, "idCountry");
      if (!value) continue;
      if (/^gender$/i.test(label)) {
        b.gender(value);
        continue;
      }
      const crypto = /^Digital Currency Address - (\w+)$/.exec(label);
      const t = crypto ? "crypto" : identifierTypeForLabel(label, value, country);
      if (t)
        b.identifier({
          type: t,
          value: t === "imo" ? value.replace(/^IMO\s*/, "") : value,
          ...(country ? { country } : {}),
          note: crypto ? crypto[1] : label,
        });
      else b.remark(`${label}: ${value}${country ? ` (${country})` : ""}`);
    }
    const vessel = child(e, "vesselInfo");
    if (vessel) {
      const cs = text(vessel, "callSign");
      if (cs) b.identifier({ type: "other", value: cs, note: "call sign" });
      b.country(text(vessel, "vesselFlag"));
      const owner = text(vessel, "vesselOwner");
      if (owner) b.remark(`Owner: ${owner}`);
    }
    const remarks = text(e, "remarks");
    applyOfacRemarks(b, remarks);
    b.remark(remarks);
    const listed = ofacListingDate(remarks);
    if (listed) b.listedOn(listed);
    const title = text(e, "title");
    if (title) b.remark(`Title: ${title}`);
    entities.push(b.entity);
  }
  return { entities, issues, rows: entries.length, ...(date ? { date } : {}) };
}
