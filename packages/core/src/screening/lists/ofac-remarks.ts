/**
 * OFAC packs dates of birth, places of birth, nationalities, identity documents, registry numbers, crypto
 * addresses and weak a.k.a.s into one `;`-separated `Remarks` string (legacy CSV) — the same labels appear in the
 * SDN XML's `idList`. This reads the items it knows; the remarks text is always kept whole on the entity, so
 * nothing unrecognised is lost.
 */
import { type EntityBuilder, russianIdType } from "./common.ts";

/** Identifier labels → normalised type (`tax`/`registration` are refined for Russia by digit count). */
const ID_LABELS: [label: string, type: string][] = [
  ["Passport", "passport"],
  ["Diplomatic Passport", "passport"],
  ["National ID No.", "national_id"],
  ["Cedula No.", "national_id"],
  ["D.N.I.", "national_id"],
  ["Personal ID Card", "national_id"],
  ["Identification Number", "national_id"],
  ["Tax ID No.", "tax"],
  ["RFC", "tax_id"],
  ["NIT #", "tax_id"],
  ["C.U.I.T.", "tax_id"],
  ["C.U.R.P.", "national_id"],
  ["V.A.T. Number", "tax_id"],
  ["Registration Number", "registration"],
  ["Registration ID", "registration"],
  ["Business Registration Number", "registration"],
  ["Business Registration Document #", "registration"],
  ["Commercial Registry Number", "registration"],
  ["Company Number", "registration"],
  ["Unified Social Credit Code (USCC)", "registration"],
  ["Folio Mercantil No.", "registration"],
  ["Government Gazette Number", "registration"],
  ["Legal Entity Number", "lei"],
  ["SWIFT/BIC", "swift"],
  ["Vessel Registration Identification", "imo"],
  ["MMSI", "mmsi"],
  ["Aircraft Manufacturer's Serial Number (MSN)", "other"],
  ["Aircraft Tail Number", "other"],
  ["Email Address", "email"],
  ["Phone Number", "phone"],
  ["ISIN", "other"],
];
// Longest label first so "Diplomatic Passport" wins over "Passport".
ID_LABELS.sort((a, b) => b[0].length - a[0].length);
/** The labels with their trailing space, built once (this runs for every remark item of every entry). */
const ID_PREFIXES = ID_LABELS.map(([label, type]) => [label, type, `${label} `] as const);

/** Splits a remarks string into items on `;` outside quotes. */
export function remarkItems(remarks: string): string[] {
  const parts: string[] = [];
  if (!remarks.includes("'")) parts.push(...remarks.split(";"));
  else {
    let start = 0;
    let quoted = false;
    for (let i = 0; i < remarks.length; i++) {
      const ch = remarks.charCodeAt(i);
      if (ch === 39 /* ' */) {
        // An apostrophe opens a quote at a word start (a.k.a. 'X') and closes before ; . , space or the end.
        const prev = remarks[i - 1];
        const next = remarks[i + 1];
        if (!quoted && (prev === undefined || prev === " ")) quoted = true;
        else if (quoted && (next === undefined || /[;.,\s]/.test(next))) quoted = false;
      } else if (ch === 59 /* ; */ && !quoted) {
        parts.push(remarks.slice(start, i));
        start = i + 1;
      }
    }
    parts.push(remarks.slice(start));
  }
  return parts.map((s) => s.trim().replace(/\.$/, "").trim()).filter((s) => s !== "");
}

/** Value and `(Country)` of an identifier item's remainder, dropping trailing `, issued …`/`, expires …` notes. */
function splitValue(rest: string): { value: string; country?: string; note?: string } {
  let value = rest.trim();
  let note: string | undefined;
  const comma = /,\s*(issued|expires|Issue Date|Expiration Date)\b.*$/i.exec(value);
  if (comma) {
    note = comma[0].replace(/^,\s*/, "");
    value = value.slice(0, comma.index);
  }
  const m = /^(.*?)\s*\(([^()]+)\)\s*$/.exec(value);
  if (m) return { value: (m[1] as string).trim(), country: (m[2] as string).trim(), ...(note ? { note } : {}) };
  return { value, ...(note ? { note } : {}) };
}

/**
 * Normalised identifier type for an OFAC-style label (`Passport`, `Tax ID No.`, `Registration Number`, …), refined
 * for Russian INN/OGRN by country and digit count; undefined for labels that are not identifiers.
 */
export function identifierTypeForLabel(label: string, value: string, country?: string): string | undefined {
  const l = label.trim().replace(/:$/, "");
  const hit = ID_LABELS.find(([x]) => x.toLowerCase() === l.toLowerCase());
  if (!hit) return undefined;
  const type = hit[1];
  if (type === "tax" || type === "registration") return russianIdType(type, value, country);
  if (l === "Company Number" && /^IMO\b/.test(value)) return "imo";
  return type;
}

/** Remark items other than identifiers: pattern → what to record. */
const RULES: [RegExp, (b: EntityBuilder, m: RegExpExecArray) => void][] = [
  // In the legacy files the remarks a.k.a.s are OFAC's "weak" aliases (strong ones are in alt.csv).
  [/^(?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s+'(.+)'$/, (b, m) => b.name(m[1], "weak_alias")],
  [/^DOB\s+(.+)$/, (b, m) => b.birthDate((m[1] as string).replace(/^circa\s+/i, ""), "dmy")],
  [/^POB\s+(.+)$/, (b, m) => b.birthPlace(m[1])],
  [/^(?:nationality|citizen)\s+(.+)$/, (b, m) => b.nationality(m[1])],
  [/^Gender\s+(.+)$/, (b, m) => b.gender(m[1])],
  [/^Digital Currency Address - (\w+)\s+(\S+)$/, (b, m) => b.identifier({ type: "crypto", value: m[2], note: m[1] })],
];

/** Applies the recognised remark items to an entity under construction. */
export function applyOfacRemarks(b: EntityBuilder, remarks: string | undefined): void {
  if (!remarks) return;
  for (const raw of remarkItems(remarks)) {
    const item = raw.replace(/^alt\.\s+/, "");
    const rule = RULES.find(([re]) => re.test(item));
    if (rule) {
      rule[1](b, rule[0].exec(item) as RegExpExecArray);
      continue;
    }
    for (const [label, type, prefix] of ID_PREFIXES) {
      if (!item.startsWith(prefix)) continue;
      let rest = item.slice(label.length + 1);
      if (type === "imo" || label === "Company Number") rest = rest.replace(/^IMO\s+/, "");
      const { value, country, note } = splitValue(rest);
      if (!value) break;
      const imoCompany = label === "Company Number" && /^IMO\b/.test(item.slice(label.length + 1));
      const t =
        type === "tax" || type === "registration" ? russianIdType(type, value, country) : imoCompany ? "imo" : type;
      b.identifier({ type: t, value, ...(country ? { country } : {}), note: note ? `${label}; ${note}` : label });
      break;
    }
  }
}
