/**
 * FollowTheMoney JSON lines (OpenSanctions `entities.ftm.json`, in-house lists): one `{id, schema, properties}`
 * object per line. Target schemas (Person, Organization, Company, LegalEntity, PublicBody, Vessel, Airplane)
 * become entities; `Sanction` records add programmes and listing dates to the entity they name; `Address`,
 * `Identification` and `Passport` records are joined to their holder. Nested values (targets.nested.json) are read
 * the same way.
 */
import type { ErrorIssue } from "../../errors/index.ts";
import type { Entity, EntityType, NameKind } from "../model.ts";
import { decodeText, EntityBuilder, isoDate, listError, type ParsedList, type ParseOptions } from "./common.ts";

/** Options for {@link parseFtm}. */
export interface FtmOptions extends ParseOptions {
  /** What a hit means for this dataset (FtM does not say); default `other`. */
  sanctionKind?: Entity["sanctionKind"];
}

const TYPES: Record<string, EntityType> = {
  Person: "person",
  Organization: "organization",
  Company: "organization",
  LegalEntity: "organization",
  PublicBody: "organization",
  Vessel: "vessel",
  Airplane: "aircraft",
};

const NAME_PROPS: [string, NameKind][] = [
  ["name", "primary"],
  ["alias", "alias"],
  ["previousName", "former"],
  ["weakAlias", "weak_alias"],
];

const ID_PROPS: [string, string][] = [
  ["innCode", "inn"],
  ["ogrnCode", "ogrn"],
  ["imoNumber", "imo"],
  ["mmsi", "mmsi"],
  ["passportNumber", "passport"],
  ["idNumber", "national_id"],
  ["taxNumber", "tax_id"],
  ["registrationNumber", "registration"],
  ["leiCode", "lei"],
  ["swiftBic", "swift"],
  ["email", "email"],
  ["phone", "phone"],
];

interface FtmEntity {
  id: string;
  schema: string;
  properties: Record<string, unknown[]>;
}

function isFtm(v: unknown): v is FtmEntity {
  if (!v || typeof v !== "object") return false;
  const o = v as Record<string, unknown>;
  return typeof o.id === "string" && typeof o.schema === "string" && !!o.properties && typeof o.properties === "object";
}

/** String values of a property; nested entity objects are collected into `nested`. */
function strings(e: FtmEntity, prop: string, nested?: FtmEntity[]): string[] {
  const v = e.properties[prop];
  if (!Array.isArray(v)) return [];
  const out: string[] = [];
  for (const x of v) {
    if (typeof x === "string") out.push(x);
    else if (isFtm(x)) {
      nested?.push(x);
      out.push(x.id);
    }
  }
  return out;
}

/** FtM writes countries as lower-case ISO codes (`ru`); the entity model uses upper case. */
function cc(v: string | undefined): string | undefined {
  return v && /^[a-z]{2}$/.test(v) ? v.toUpperCase() : v;
}

/** Parses FollowTheMoney JSON lines. Default list id `ftm`. */
export function parseFtm(input: string | Uint8Array, options: FtmOptions = {}): ParsedList {
  const file = options.file;
  const list = options.list ?? "ftm";
  const text = decodeText(input, file);
  const issues: ErrorIssue[] = [];
  const records: FtmEntity[] = [];
  const lines = text.split(/\r?\n/);
  let rows = 0;
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    rows++;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      issues.push({
        code: "json_invalid",
        message: `not JSON: ${(e as Error).message}; line skipped`,
        ...(file ? { file } : {}),
        row: i + 1,
      });
      return;
    }
    if (!isFtm(v)) {
      issues.push({
        code: "not_an_entity",
        message: "not an FtM entity ({id, schema, properties}); line skipped",
        ...(file ? { file } : {}),
        row: i + 1,
      });
      return;
    }
    records.push(v);
  });
  if (records.length === 0)
    throw listError(
      "LIST_FORMAT_UNRECOGNISED",
      `no FollowTheMoney entity in ${rows} line(s)`,
      file,
      issues.slice(0, 20),
    );
  // Nested values (targets.nested.json) become records of their own, then everything is joined by id.
  const all: FtmEntity[] = [];
  const queue = [...records];
  while (queue.length > 0) {
    const r = queue.shift() as FtmEntity;
    all.push(r);
    const nested: FtmEntity[] = [];
    for (const p of Object.keys(r.properties)) strings(r, p, nested);
    for (const n of nested) {
      // A nested Sanction/Identification without a back-link belongs to its parent.
      if (n.schema === "Sanction" && strings(n, "entity").length === 0) n.properties.entity = [r.id];
      if ((n.schema === "Identification" || n.schema === "Passport") && strings(n, "holder").length === 0)
        n.properties.holder = [r.id];
      queue.push(n);
    }
  }
  const byId = new Map(all.map((r) => [r.id, r]));
  const builders = new Map<string, EntityBuilder>();
  for (const r of all) {
    const type = TYPES[r.schema];
    if (!type || builders.has(r.id)) continue;
    const b = new EntityBuilder(list, r.id, type, options.sanctionKind ?? "other");
    for (const [prop, kind] of NAME_PROPS) {
      for (const n of strings(r, prop)) {
        b.name(
          n,
          kind,
          kind === "primary"
            ? {
                given: strings(r, "firstName")[0],
                middle: strings(r, "middleName")[0],
                family: strings(r, "lastName")[0],
                patronymic: strings(r, "fatherName")[0],
              }
            : {},
        );
      }
    }
    if (b.entity.names.length === 0) {
      issues.push({
        code: "record_incomplete",
        message: `${r.schema} ${r.id} has no name; skipped`,
        ...(file ? { file } : {}),
      });
      continue;
    }
    for (const d of strings(r, "birthDate")) b.birthDate(d);
    for (const p of strings(r, "birthPlace")) b.birthPlace(p);
    for (const n of [...strings(r, "nationality"), ...strings(r, "citizenship")]) b.nationality(cc(n));
    for (const c of [...strings(r, "country"), ...strings(r, "jurisdiction"), ...strings(r, "flag")]) b.country(cc(c));
    for (const a of strings(r, "address")) b.address({ full: a });
    for (const ref of strings(r, "addressEntity")) {
      const a = byId.get(ref);
      const country = a ? cc(strings(a, "country")[0]) : undefined;
      if (a) b.address({ full: strings(a, "full")[0] ?? "", ...(country ? { country } : {}) });
    }
    for (const [prop, t] of ID_PROPS) for (const v of strings(r, prop)) b.identifier({ type: t, value: v });
    for (const p of strings(r, "program")) b.programme(p);
    for (const p of strings(r, "programId")) b.programme(p);
    b.gender(strings(r, "gender")[0]);
    b.remark(strings(r, "notes").join("\n"));
    builders.set(r.id, b);
  }
  for (const r of all) {
    if (r.schema === "Sanction") {
      for (const target of strings(r, "entity")) {
        const b = builders.get(target);
        if (!b) continue;
        for (const p of [...strings(r, "programId"), ...strings(r, "program")]) b.programme(p);
        for (const d of [...strings(r, "listingDate"), ...strings(r, "startDate")]) b.listedOn(isoDate(d));
      }
    } else if (r.schema === "Identification" || r.schema === "Passport") {
      for (const holder of strings(r, "holder")) {
        const b = builders.get(holder);
        const number = strings(r, "number")[0];
        if (!b || !number) continue;
        const c = cc(strings(r, "country")[0]);
        b.identifier({
          type: r.schema === "Passport" ? "passport" : "national_id",
          value: number,
          ...(c ? { country: c } : {}),
          note: strings(r, "type")[0],
        });
      }
    }
  }
  return { entities: [...builders.values()].map((b) => b.entity), issues, rows };
}
