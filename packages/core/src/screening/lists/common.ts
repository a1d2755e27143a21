/**
 * Shared pieces of the list parsers: the result shape, error constructors, byte decoding, date normalisation and
 * an entity builder that de-duplicates as it goes.
 */
import { EmbargoError, type ErrorIssue } from "../../errors/index.ts";
import {
  type Entity,
  type EntityIdentifier,
  type EntityName,
  type EntityType,
  type NameKind,
  newEntity,
} from "../model.ts";
import { COUNTRY_NAMES, ISO2_CODES } from "./country-names.generated.ts";

/** What every parser returns. Rows that could not be read are reported in `issues`; the rest are kept. */
export interface ParsedList {
  entities: Entity[];
  /** Publication date found in the file itself (ISO date), when the format carries one. */
  date?: string;
  /** Per-row problems (the row was skipped or partly read); never fatal by themselves. */
  issues: ErrorIssue[];
  /** Data rows / records read from the source (before grouping into entities). */
  rows: number;
}

/** Options common to all parsers. */
export interface ParseOptions {
  /** File name used in error issues. */
  file?: string;
  /** Override the list id written into entities (e.g. `ofac-cons` for the non-SDN files). */
  list?: string;
}

/** Refuse inputs above this size outright (the largest official file, EU FSF XML, is ≈ 26 MB). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** An `invalid_input` error about a list file. */
export function listError(
  code: string,
  message: string,
  file: string | undefined,
  issues: ErrorIssue[] = [],
  details: Record<string, unknown> = {},
): EmbargoError {
  return new EmbargoError({
    code,
    category: "invalid_input",
    message: file ? `${file}: ${message}` : message,
    issues: issues.length > 0 ? issues : [{ code: code.toLowerCase(), message, ...(file ? { file } : {}) }],
    details: { ...(file ? { file } : {}), ...details },
  });
}

/**
 * A CSV row whose cell count does not fit the header: the last row short of the header means the file was cut off
 * (throws `LIST_FILE_TRUNCATED`); any other such row is reported in `issues` and skipped by the caller.
 */
export function badWidthRow(
  cells: number,
  width: number,
  last: boolean,
  row: number,
  file: string | undefined,
  issues: ErrorIssue[],
): void {
  if (last && cells < width)
    throw listError(
      "LIST_FILE_TRUNCATED",
      `the last row has ${cells} of ${width} columns: the file looks cut off`,
      file,
      [{ code: "row_truncated", message: `expected ${width} columns`, ...(file ? { file } : {}), row }],
    );
  issues.push({
    code: "bad_column_count",
    message: `expected ${width} columns, found ${cells}; row skipped`,
    ...(file ? { file } : {}),
    row,
  });
}

/**
 * Decodes list bytes as UTF-8: strips a BOM and OFAC's trailing Ctrl-Z, refuses empty, oversized and binary input
 * (NUL bytes: a gzip or zip file served in place of the list is the usual cause).
 */
export function decodeText(input: string | Uint8Array, file: string | undefined): string {
  let text: string;
  if (typeof input === "string") {
    if (input.length > MAX_INPUT_BYTES) throw listError("LIST_FILE_TOO_LARGE", "input is too large", file);
    text = input;
  } else {
    if (input.byteLength > MAX_INPUT_BYTES) throw listError("LIST_FILE_TOO_LARGE", "input is too large", file);
    text = new TextDecoder("utf-8", { fatal: false }).decode(input);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // OFAC legacy files end with a DOS end-of-file byte.
  text = text.replace(/\x1a+\s*$/, "");
  if (text.trim() === "") throw listError("LIST_FILE_EMPTY", "the file is empty", file);
  if (text.includes("\u0000")) throw listError("LIST_FILE_BINARY", "the file is binary, not a text list", file);
  return text;
}

const MONTHS: Record<string, string> = {
  jan: "01",
  feb: "02",
  mar: "03",
  apr: "04",
  may: "05",
  jun: "06",
  jul: "07",
  aug: "08",
  sep: "09",
  oct: "10",
  nov: "11",
  dec: "12",
};

function pad(n: string): string {
  return n.length === 1 ? `0${n}` : n;
}

function validYmd(y: string, m: string, d: string): string | undefined {
  const mm = Number(m);
  const dd = Number(d);
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * Normalises a list date to ISO (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`). `order` says how to read `NN/NN/YYYY`
 * (US lists write month first, UK/EU day first). Returns undefined when the text is not one plain date.
 */
export function isoDate(raw: string | undefined, order: "mdy" | "dmy" = "dmy"): string | undefined {
  if (!raw) return undefined;
  const s = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) return validYmd(m[1] as string, m[2] as string, m[3] as string);
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(s);
  if (m) {
    const [a, b, y] = [m[1] as string, m[2] as string, m[3] as string];
    return order === "mdy" ? validYmd(y, a, b) : validYmd(y, b, a);
  }
  m = /^(\d{1,2})[ -]([A-Za-z]{3})[a-z]*\.?[ -](\d{4})$/.exec(s);
  if (m) {
    const mon = MONTHS[(m[2] as string).toLowerCase()];
    return mon ? validYmd(m[3] as string, mon, m[1] as string) : undefined;
  }
  m = /^([A-Za-z]{3})[a-z]*\.? (\d{4})$/.exec(s);
  if (m) {
    const mon = MONTHS[(m[1] as string).toLowerCase()];
    return mon ? `${m[2]}-${mon}` : undefined;
  }
  m = /^(\d{4})(?:-(\d{2}))?$/.exec(s);
  if (m) return m[2] ? `${m[1]}-${m[2]}` : (m[1] as string);
  return undefined;
}

/** A date for the `birthDates` field: normalised when it is one date, otherwise the list's text verbatim. */
export function birthDate(raw: string | undefined, order: "mdy" | "dmy" = "dmy"): string | undefined {
  if (!raw) return undefined;
  const s = raw.trim().replace(/\s+/g, " ");
  if (s === "") return undefined;
  return isoDate(s, order) ?? s;
}

/** Collapses whitespace; returns undefined for empty and placeholder values. */
export function clean(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  let s = typeof v === "string" ? v : String(v);
  // Only rewrite when there is something to collapse: most fields are already clean (this runs on every cell).
  if (/\s\s|[\t\n\r\f\v\u00a0\u2028\u2029]/.test(s)) s = s.replace(/\s+/g, " ");
  s = s.trim();
  if (s === "" || s === "-0-") return undefined;
  return s;
}

/**
 * ISO 3166-1 alpha-2 code for a country as a list writes it ("Russia", "RUSSIAN FEDERATION", "Korea, North",
 * "Iran (Islamic Republic of)", "RU"); undefined when it is not one known country (regions, "former Soviet Union").
 */
export function countryCode(raw: string | undefined): string | undefined {
  const s = raw?.trim();
  if (!s) return undefined;
  if (/^[A-Z]{2}$/.test(s)) return ISO2_CODES.has(s) ? s : undefined;
  return COUNTRY_NAMES[countryNameKey(s)];
}

/**
 * The lookup key of a country name: lower case, no accents, no "the", punctuation → space. The generated
 * country-name table is keyed with this same function (scripts/convert-lists.ts), so the two cannot drift.
 */
export function countryNameKey(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .replace(/\bthe\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The ISO code where the country is recognised, else the list's own text (nothing is dropped). */
export function countryOrText(raw: string | undefined): string | undefined {
  const c = clean(raw);
  return c === undefined ? undefined : (countryCode(c) ?? c);
}

/** Mutable entity under construction, with de-duplicating adders. */
export class EntityBuilder {
  readonly entity: Entity;
  /** Keys of values already added: a Set keeps hostile inputs (100k aliases on one record) linear. */
  private readonly seen = new Set<string>();

  /** True the first time `key` is offered. */
  private fresh(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  constructor(list: string, sourceId: string, type: EntityType, sanctionKind: Entity["sanctionKind"]) {
    this.entity = newEntity({ list, sourceId, type, sanctionKind });
  }

  name(full: string | undefined, kind: NameKind, parts: Omit<EntityName, "full" | "kind"> = {}): this {
    const f = clean(full);
    if (!f) return this;
    if (!this.fresh(`n\u0000${kind}\u0000${f}`)) return this;
    const n: EntityName = { full: f, kind };
    for (const [k, v] of Object.entries(parts)) {
      const c = clean(v);
      if (c) (n as unknown as Record<string, string>)[k] = c;
    }
    this.entity.names.push(n);
    return this;
  }

  private push(arr: string[], v: string | undefined, tag: string): void {
    const c = clean(v);
    if (c && this.fresh(`${tag}\u0000${c}`)) arr.push(c);
  }

  birthDate(v: string | undefined, order: "mdy" | "dmy" = "dmy"): this {
    const d = birthDate(v, order);
    if (d && this.fresh(`d\u0000${d}`)) this.entity.birthDates.push(d);
    return this;
  }

  birthPlace(v: string | undefined): this {
    const c = clean(v);
    if (!c) return this;
    this.entity.birthPlaces ??= [];
    if (this.fresh(`p\u0000${c}`)) this.entity.birthPlaces.push(c);
    return this;
  }

  nationality(v: string | undefined): this {
    this.push(this.entity.nationalities, countryOrText(v), "nat");
    return this;
  }

  country(v: string | undefined): this {
    this.push(this.entity.countries, countryOrText(v), "cty");
    return this;
  }

  programme(v: string | undefined): this {
    this.push(this.entity.programmes, v, "prg");
    return this;
  }

  address(parts: { full?: string; city?: string; country?: string }): this {
    const full = clean(parts.full);
    if (!full) return this;
    if (!this.fresh(`a\u0000${full}`)) return this;
    const a: { full: string; city?: string; country?: string } = { full };
    const city = clean(parts.city);
    const country = countryOrText(parts.country);
    if (city) a.city = city;
    if (country) {
      a.country = country;
      this.country(country);
    }
    this.entity.addresses.push(a);
    return this;
  }

  identifier(id: { type: string; value: string | undefined; country?: string; note?: string }): this {
    const value = clean(id.value);
    if (!value) return this;
    if (!this.fresh(`i\u0000${id.type}\u0000${value}`)) return this;
    const out: EntityIdentifier = { type: id.type, value };
    const country = countryOrText(id.country);
    const note = clean(id.note);
    if (country) out.country = country;
    if (note) out.note = note;
    this.entity.identifiers.push(out);
    return this;
  }

  listedOn(v: string | undefined, order: "mdy" | "dmy" = "dmy"): this {
    const d = isoDate(v, order);
    if (d && (this.entity.listedOn === undefined || d < this.entity.listedOn)) this.entity.listedOn = d;
    return this;
  }

  remark(v: string | undefined): this {
    const c = v?.trim();
    if (!c) return this;
    this.entity.remarks = this.entity.remarks ? `${this.entity.remarks}\n${c}` : c;
    return this;
  }

  gender(v: string | undefined): this {
    const c = clean(v)?.toLowerCase();
    if (c === "male" || c === "m") this.entity.gender = "male";
    else if (c === "female" || c === "f") this.entity.gender = "female";
    return this;
  }
}

/** Splits `a; b;c` style multi-values. */
export function splitMulti(v: string | undefined, sep: RegExp = /\s*;\s*/): string[] {
  const c = clean(v);
  if (!c) return [];
  return c
    .split(sep)
    .map((x) => x.trim())
    .filter((x) => x !== "");
}

/**
 * Classifies a registry/tax number by the issuing country and its digit count: Russian INN is 10 (companies) or
 * 12 (individuals) digits, OGRN 13 or OGRNIP 15.
 */
export function russianIdType(kind: "tax" | "registration", value: string, country?: string): string {
  const russia = country !== undefined && countryCode(country) === "RU";
  const digits = value.replace(/\s/g, "");
  if (russia && kind === "tax" && /^\d{10}$|^\d{12}$/.test(digits)) return "inn";
  if (russia && kind === "registration" && /^\d{13}$|^\d{15}$/.test(digits)) return "ogrn";
  return kind === "tax" ? "tax_id" : "registration";
}
