/**
 * yente compatibility: FollowTheMoney-style query-by-example in, yente's `/match` response shape out, so existing
 * yente clients work unchanged against Embargo (`POST /match/{dataset}`).
 *
 * Request (as yente): `{ "queries": { key: { "schema": "Person", "properties": { "name": ["…"], "birthDate": […],
 * "nationality": […], "innCode": […] } } } }`, query parameters `limit` (default 5, max 500), `threshold` (default
 * 0.70), `algorithm`, `include_dataset`, `exclude_dataset`, `exclude_schema`, `exclude_entity_ids`.
 * Response: `{ responses: { key: { status, results: [{ id, caption, schema, properties, datasets, referents, target,
 * first_seen, last_seen, last_change, score, match, features, explanations }], total: { value, relation }, query } },
 * matcher: { feature: { description, coefficient, url } }, limit }`.
 * Differences: scores come from Embargo's `evidence` algorithm (or `ofac-parity` for `algorithm=ofac`), features are
 * Embargo's; `topics` and `changed_since` are accepted but not applied (Embargo's lists have no topics or change dates).
 */
import { type EmbargoError, invalidInput, notFound, toErrorData } from "../../errors/index.ts";
import type { Entity, EntityType } from "../model.ts";
import type { Algorithm, Screener } from "../screener.ts";
import { DEFAULT_SCORE_PARAMS, FEATURES, type Feature, type ScreenQuery } from "./scorer.ts";

/** yente's `YENTE_MAX_BATCH`. */
export const YENTE_MAX_BATCH = 100;
/** yente's `MAX_MATCH_CANDIDATES` cap on `limit`. */
export const YENTE_MAX_LIMIT = 500;

export interface YenteParams {
  limit?: number;
  threshold?: number;
  algorithm?: string;
  include_dataset?: string[];
  exclude_dataset?: string[];
  exclude_schema?: string[];
  exclude_entity_ids?: string[];
}

const SCHEMA_TYPE: Record<string, EntityType> = {
  Person: "person",
  Company: "organization",
  Organization: "organization",
  PublicBody: "organization",
  Vessel: "vessel",
  Airplane: "aircraft",
};
const MATCHABLE = new Set([...Object.keys(SCHEMA_TYPE), "LegalEntity", "Thing"]);

const TYPE_SCHEMA: Record<EntityType, string> = {
  person: "Person",
  organization: "Organization",
  vessel: "Vessel",
  aircraft: "Airplane",
  unknown: "LegalEntity",
};

/** FtM identifier properties → Embargo identifier types. */
const ID_PROPS: Record<string, string> = {
  innCode: "inn",
  ogrnCode: "ogrn",
  leiCode: "lei",
  imoNumber: "imo",
  swiftBic: "swift",
  passportNumber: "passport",
  idNumber: "national_id",
  taxNumber: "tax_id",
  registrationNumber: "registration",
  okpoCode: "okpo",
  vatCode: "vat",
  mmsi: "mmsi",
};
const ID_TYPE_PROP = Object.fromEntries(Object.entries(ID_PROPS).map(([k, v]) => [v, k]));

/**
 * Embargo's features, documented as yente documents its matcher's: read from the scorer's feature table, each with
 * its default weight (a penalty as a negative coefficient), so the documentation cannot drift from the scorer.
 */
export const MATCHER_DOCS: Record<string, { description: string; coefficient: number; url: string }> =
  Object.fromEntries(
    Object.entries(FEATURES).map(([name, row]) => [
      name,
      {
        description: row.description,
        coefficient:
          row.weight === "name score"
            ? 1
            : row.weight === "0"
              ? 0
              : row.weight === "identifierMatchScore"
                ? DEFAULT_SCORE_PARAMS.identifierMatchScore
                : -DEFAULT_SCORE_PARAMS[row.weight],
        url: "",
      },
    ]),
  );

function values(v: unknown): string[] {
  if (typeof v === "string") return v.trim() === "" ? [] : [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string" && x.trim() !== "");
  return [];
}

/** Screening queries for one FtM example: one per name (names composed from parts when `name` is absent). */
export function ftmToQueries(example: unknown): { schema: string; queries: ScreenQuery[] } {
  if (!example || typeof example !== "object")
    throw invalidInput("YENTE_QUERY_INVALID", "each query must be an object with schema and properties", [
      { code: "invalid_type", path: "queries", message: "an object with schema and properties expected" },
    ]);
  const { schema, properties } = example as { schema?: unknown; properties?: unknown };
  if (typeof schema !== "string" || !MATCHABLE.has(schema))
    throw invalidInput("YENTE_SCHEMA_INVALID", `schema must be one of ${[...MATCHABLE].join(", ")}`, [
      { code: "invalid_schema", message: `got ${JSON.stringify(schema)}`, field: "schema" },
    ]);
  const props = (properties && typeof properties === "object" ? properties : {}) as Record<string, unknown>;
  let names = [...values(props.name), ...values(props.alias), ...values(props.previousName)];
  if (names.length === 0) {
    const composed = ["firstName", "secondName", "middleName", "fatherName", "lastName"]
      .flatMap((k) => values(props[k]).slice(0, 1))
      .join(" ");
    if (composed.trim() !== "") names = [composed];
  }
  if (names.length === 0)
    throw invalidInput("YENTE_NAME_REQUIRED", "the query has no name (properties.name or name parts)", [
      { code: "required", message: "no name", field: "properties.name" },
    ]);
  const country = [
    ...values(props.nationality),
    ...values(props.citizenship),
    ...values(props.country),
    ...values(props.jurisdiction),
    ...values(props.flag),
  ].find((c) => /^[A-Za-z]{2}$/.test(c));
  const dob = values(props.birthDate)
    .map((d) => d.slice(0, 10))
    .find((d) => /^\d{4}(-\d{2}(-\d{2})?)?$/.test(d));
  const identifiers = Object.entries(ID_PROPS).flatMap(([prop, type]) =>
    values(props[prop]).map((value) => ({ type, value })),
  );
  const type = SCHEMA_TYPE[schema];
  return {
    schema,
    queries: names.map((name) => ({
      name,
      ...(type ? { type } : {}),
      ...(country ? { country: country.toUpperCase() } : {}),
      ...(dob ? { dob } : {}),
      ...(identifiers.length ? { identifiers } : {}),
    })),
  };
}

/** A listed entity in FtM shape (as yente returns it). */
export function entityToFtm(e: Entity): {
  id: string;
  caption: string;
  schema: string;
  properties: Record<string, string[]>;
  datasets: string[];
  referents: string[];
  target: boolean;
  first_seen: string | null;
  last_seen: string | null;
  last_change: string | null;
} {
  const props: Record<string, string[]> = {};
  const add = (k: string, v: string | undefined) => {
    if (!v) return;
    const a = props[k] ?? [];
    if (!a.includes(v)) a.push(v);
    props[k] = a;
  };
  for (const n of e.names)
    add(
      n.kind === "primary"
        ? "name"
        : n.kind === "weak_alias"
          ? "weakAlias"
          : n.kind === "former"
            ? "previousName"
            : "alias",
      n.full,
    );
  for (const d of e.birthDates) add("birthDate", d);
  for (const c of e.nationalities) add("nationality", c.toLowerCase());
  for (const c of e.countries) add("country", c.toLowerCase());
  for (const a of e.addresses) add("address", a.full);
  for (const i of e.identifiers) add(ID_TYPE_PROP[i.type] ?? "idNumber", i.value);
  for (const p of e.programmes) add("program", p);
  add("notes", e.remarks);
  add("topics", "sanction");
  const primary = e.names.find((n) => n.kind === "primary") ?? e.names[0];
  return {
    id: e.id,
    caption: primary?.full ?? e.id,
    schema: TYPE_SCHEMA[e.type],
    properties: props,
    // A merged profile: every list it is on, and the ids of the records merged into it.
    datasets: e.listings ? [...new Set(e.listings.map((l) => l.list))] : [e.list],
    referents: e.listings ? e.listings.map((l) => l.entityId).filter((id) => id !== e.id) : [],
    target: true,
    first_seen: null,
    last_seen: null,
    last_change: e.listedOn ?? null,
  };
}

function featureMap(features: Feature[]): {
  features: Record<string, number>;
  explanations: Record<string, { score: number; detail: string }>;
} {
  const f: Record<string, number> = {};
  const x: Record<string, { score: number; detail: string }> = {};
  for (const ft of features) {
    f[ft.feature] = ft.contribution;
    x[ft.feature] = { score: ft.contribution, detail: ft.detail };
  }
  return { features: f, explanations: x };
}

/**
 * Answers a yente `/match/{dataset}` request. `dataset` is `default`/`sanctions` (every list) or one list id
 * (`ofac-sdn`, `un-sc`…). A bad query is reported in its own response (`status: 400`); the others are answered.
 */
export function yenteMatch(screener: Screener, dataset: string, body: unknown, params: YenteParams = {}) {
  const datasets = screener.lists.map((l) => l.list);
  const all = dataset === "default" || dataset === "sanctions";
  if (!all && !datasets.includes(dataset))
    throw notFound("YENTE_DATASET_NOT_FOUND", `no dataset '${dataset}'; use default or one of ${datasets.join(", ")}`);
  const queries = (body as { queries?: unknown } | null)?.queries;
  if (!queries || typeof queries !== "object" || Array.isArray(queries))
    throw invalidInput("YENTE_QUERIES_REQUIRED", "body must be { queries: { key: { schema, properties } } }", [
      { code: "invalid_type", path: "queries", message: "an object of named queries expected" },
    ]);
  const keys = Object.keys(queries);
  if (keys.length > YENTE_MAX_BATCH)
    throw invalidInput("YENTE_BATCH_TOO_LARGE", `at most ${YENTE_MAX_BATCH} queries per request (got ${keys.length})`, [
      { code: "too_big", path: "queries", message: `at most ${YENTE_MAX_BATCH}` },
    ]);
  const limit = Math.min(Math.max(1, Math.trunc(params.limit ?? 5)), YENTE_MAX_LIMIT);
  const threshold = params.threshold ?? 0.7;
  if (!(threshold >= 0 && threshold <= 1))
    throw invalidInput("YENTE_THRESHOLD_INVALID", "threshold must be within 0..1", [
      { code: "too_big", field: "threshold", message: "0..1 expected" },
    ]);
  const algorithm: Algorithm =
    params.algorithm === "ofac" || params.algorithm === "ofac-parity" ? "ofac-parity" : "evidence";
  const include = new Set(params.include_dataset ?? []);
  const exclude = new Set(params.exclude_dataset ?? []);
  const excludeSchema = new Set(params.exclude_schema ?? []);
  const excludeIds = new Set(params.exclude_entity_ids ?? []);
  const responses: Record<string, unknown> = {};
  for (const key of keys) {
    const example = (queries as Record<string, unknown>)[key];
    try {
      const { queries: qs } = ftmToQueries(example);
      // Report down to a floor under the threshold, as yente does (results below it carry match: false).
      const floor = Math.min(threshold, 0.5);
      const best = new Map<string, { score: number; hit: ReturnType<Screener["screen"]>["hits"][number] }>();
      for (const q of qs) {
        const r = screener.screen(q, { algorithm, threshold: floor, limit: YENTE_MAX_LIMIT });
        for (const h of r.hits) {
          const prev = best.get(h.entityId);
          if (!prev || prev.score < h.score) best.set(h.entityId, { score: h.score, hit: h });
        }
      }
      const results = [...best.values()]
        .map((b) => b.hit)
        // A merged profile belongs to every list it is on (its listings), as an OpenSanctions entity to its datasets.
        .filter((h) => {
          const on = h.listings.map((l) => l.list);
          return (
            (all || on.includes(dataset)) &&
            (include.size === 0 || on.some((l) => include.has(l))) &&
            !on.every((l) => exclude.has(l))
          );
        })
        .filter((h) => !excludeIds.has(h.entityId) && !excludeSchema.has(TYPE_SCHEMA[h.type]))
        .sort((a, b) => b.score - a.score);
      responses[key] = {
        status: 200,
        results: results.slice(0, limit).map((h) => {
          const e = screener.getEntity(h.entityId);
          return {
            ...(e ? entityToFtm(e) : {}),
            score: h.score,
            match: h.score >= threshold,
            ...featureMap(h.explanation.features),
          };
        }),
        total: { value: results.length, relation: "eq" },
        query: example,
      };
    } catch (e) {
      const data = toErrorData(e as EmbargoError);
      if (data.category !== "invalid_input") throw e;
      responses[key] = { status: 400, results: [], total: { value: 0, relation: "eq" }, query: example, error: data };
    }
  }
  return { responses, matcher: MATCHER_DOCS, limit };
}

/** A minimal yente-style `/catalog`: one dataset per loaded list plus the `default` collection. */
export function yenteCatalog(screener: Screener) {
  const lists = screener.lists.map((l) => ({
    name: l.list,
    title: l.title,
    summary: `${l.entities} entities`,
    load: true,
    version: l.date ?? l.sha256.slice(0, 12),
    index_version: screener.version,
    index_current: true,
    children: [] as string[],
  }));
  const collection = {
    name: "default",
    title: "All loaded lists",
    load: true,
    version: screener.version,
    index_version: screener.version,
    index_current: true,
    children: lists.map((l) => l.name),
  };
  return {
    datasets: [collection, ...lists],
    current: [collection.name, ...lists.map((l) => l.name)],
    outdated: [],
    index_stale: false,
  };
}
