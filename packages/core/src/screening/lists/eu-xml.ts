/**
 * EU Financial Sanctions Files (FSF), consolidated list XML v1.1 (`export@generationDate` → `sanctionEntity`
 * with `nameAlias`, `citizenship`, `birthdate`, `identification`, `address`, `regulation` children; data in
 * attributes). Aliases with `strong="false"` are weak aliases.
 */
import type { ErrorIssue } from "../../errors/index.ts";
import type { EntityType } from "../model.ts";
import { EntityBuilder, isoDate, listError, type ParsedList, type ParseOptions, russianIdType } from "./common.ts";
import { children, parseXml, text, type XmlNode } from "./xml.ts";

const ARRAYS = [
  "sanctionEntity",
  "nameAlias",
  "citizenship",
  "birthdate",
  "identification",
  "address",
  "regulation",
  "remark",
];

const TYPES: Record<string, EntityType> = { person: "person", enterprise: "organization", vessel: "vessel" };

function attr(n: XmlNode, name: string): string | undefined {
  return text(n, `@${name}`);
}

/** ISO code when the list gives a real one, else the description; `00`/`UNKNOWN` mean "not given". */
function country(n: XmlNode): string | undefined {
  const code = attr(n, "countryIso2Code");
  if (code && code !== "00") return code;
  const d = attr(n, "countryDescription");
  return d && d !== "UNKNOWN" ? d : undefined;
}

function idType(code: string | undefined, value: string, c: string | undefined): string {
  switch ((code ?? "").toLowerCase()) {
    case "passport":
      return "passport";
    case "id":
    case "nationalidcard":
      return "national_id";
    case "tin":
    case "fiscalcode":
      return russianIdType("tax", value, c);
    case "regnumber":
      return russianIdType("registration", value, c);
    case "imo":
      return "imo";
    case "swiftbic":
      return "swift";
    default:
      return "other";
  }
}

/** Parses the EU FSF consolidated XML (v1.1). Default list id `eu-fsf`. */
export function parseEuXml(input: string | Uint8Array, options: ParseOptions = {}): ParsedList {
  const file = options.file;
  const list = options.list ?? "eu-fsf";
  const doc = parseXml(input, file, ARRAYS);
  const root = doc.export as XmlNode | undefined;
  if (!root || typeof root !== "object")
    throw listError("LIST_FORMAT_UNRECOGNISED", "no export root: not an EU FSF XML file", file);
  const issues: ErrorIssue[] = [];
  const entities = [];
  const entries = children(root, "sanctionEntity");
  for (const [i, e] of entries.entries()) {
    const logicalId = attr(e, "logicalId");
    const subject = children(e, "subjectType")[0];
    const type = TYPES[(subject ? attr(subject, "code") : "") ?? ""] ?? "unknown";
    if (!logicalId) {
      issues.push({
        code: "record_incomplete",
        message: "sanctionEntity without logicalId skipped",
        path: `sanctionEntity[${i}]`,
        ...(file ? { file } : {}),
      });
      continue;
    }
    const b = new EntityBuilder(list, logicalId, type, "asset_freeze");
    let first = true;
    for (const n of children(e, "nameAlias")) {
      const strong = (attr(n, "strong") ?? "true").toLowerCase() !== "false";
      const lang = attr(n, "nameLanguage");
      b.name(attr(n, "wholeName"), !strong ? "weak_alias" : first ? "primary" : "alias", {
        given: attr(n, "firstName"),
        middle: attr(n, "middleName"),
        family: attr(n, "lastName"),
        lang,
      });
      if (strong) first = false;
      b.gender(attr(n, "gender"));
    }
    if (b.entity.names.length === 0) {
      issues.push({
        code: "record_incomplete",
        message: `sanctionEntity ${logicalId} has no name; skipped`,
        path: `sanctionEntity[${i}]`,
        ...(file ? { file } : {}),
      });
      continue;
    }
    for (const r of children(e, "regulation")) {
      b.programme(attr(r, "programme"));
      b.listedOn(attr(r, "publicationDate"));
    }
    b.listedOn(attr(e, "designationDate"));
    for (const c of children(e, "citizenship")) b.nationality(country(c));
    for (const d of children(e, "birthdate")) {
      const full = attr(d, "birthdate");
      const y = attr(d, "year");
      const m = attr(d, "monthOfYear");
      const day = attr(d, "dayOfMonth");
      b.birthDate(
        full ??
          (y
            ? [y, m?.padStart(2, "0"), m && day ? day.padStart(2, "0") : undefined].filter(Boolean).join("-")
            : undefined),
      );
      b.birthPlace(
        [attr(d, "city"), attr(d, "place"), attr(d, "countryDescription")]
          .filter((x) => x && x !== "UNKNOWN")
          .join(", "),
      );
    }
    for (const d of children(e, "identification")) {
      const value = attr(d, "number") ?? attr(d, "latinNumber");
      if (!value) continue;
      const c = country(d);
      b.identifier({
        type: idType(attr(d, "identificationTypeCode"), value, attr(d, "countryDescription") ?? c),
        value,
        ...(c ? { country: c } : {}),
        note: attr(d, "identificationTypeDescription"),
      });
    }
    for (const a of children(e, "address")) {
      const city = attr(a, "city");
      const c = country(a);
      b.address({
        full: [
          attr(a, "street"),
          attr(a, "poBox"),
          city,
          attr(a, "zipCode"),
          attr(a, "region"),
          attr(a, "place"),
          attr(a, "countryDescription"),
        ]
          .filter((x) => x && x !== "UNKNOWN")
          .join(", "),
        ...(city ? { city } : {}),
        ...(c ? { country: c } : {}),
      });
    }
    const refs = [attr(e, "euReferenceNumber"), attr(e, "unitedNationId")];
    if (refs[0]) b.identifier({ type: "other", value: refs[0], note: "EU reference number" });
    if (refs[1]) b.identifier({ type: "other", value: refs[1], note: "UN reference number" });
    for (const r of children(e, "remark")) b.remark(text(r));
    entities.push(b.entity);
  }
  const date = isoDate(attr(root, "generationDate"));
  return { entities, issues, rows: entries.length, ...(date ? { date } : {}) };
}
