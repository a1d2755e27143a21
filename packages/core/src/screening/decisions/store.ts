/**
 * The decision log: append-only rows in PGlite (embedded; a directory under the state dir, or in memory) or
 * PostgreSQL, through the same SQL. Rows are never updated or deleted: a later decision on the same (entity,
 * query) supersedes an earlier one when read, and a trigger refuses UPDATE, DELETE and TRUNCATE, so the table is
 * the audit trail.
 */
import { openSql, quoteSchema, runSchemaDdl } from "../../runtime/sql.ts";
import { registerRawSql } from "../../runtime/sql-raw.ts";
import type { DecisionFilter, DecisionRecord, NewDecision } from "./model.ts";

/** Storage of screening decisions. */
export interface DecisionStore {
  readonly kind: "pglite" | "postgres";
  /** Appends decisions in one statement (all or none); returns them with their `seq`. `at` is the write time. */
  append(decisions: NewDecision[], at: string): Promise<DecisionRecord[]>;
  /** The log, newest first, filtered. */
  list(filter: DecisionFilter): Promise<DecisionRecord[]>;
  /** The latest decision per (entity, fingerprint) for these query fingerprints. */
  latest(fingerprints: string[]): Promise<DecisionRecord[]>;
  /** Drops this store's schema and everything in it (tests and decommissioning; the connection stays open). */
  dropSchema(): Promise<void>;
  /** A view of the same connection on another schema (its `close` leaves the connection open). */
  forSchema(schema: string): Promise<DecisionStore>;
  close(): Promise<void>;
}

interface Sql {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

const TABLE = "screening_decisions";

function schemaSql(s: string): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.${TABLE} (
      seq BIGSERIAL PRIMARY KEY,
      verdict TEXT NOT NULL CHECK (verdict IN ('false_positive', 'confirmed')),
      entity_id TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      entity_digest TEXT NOT NULL,
      reviewer TEXT NOT NULL,
      reason TEXT,
      at TEXT NOT NULL,
      query TEXT NOT NULL,
      list TEXT NOT NULL,
      source_id TEXT NOT NULL,
      caption TEXT NOT NULL,
      score DOUBLE PRECISION)`,
    `CREATE INDEX IF NOT EXISTS ${TABLE}_key ON ${s}.${TABLE} (fingerprint, entity_id, seq)`,
    `CREATE INDEX IF NOT EXISTS ${TABLE}_entity ON ${s}.${TABLE} (entity_id, seq)`,
    // Append-only, enforced by the database itself (not only by this module's API).
    `CREATE OR REPLACE FUNCTION ${s}.${TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'screening decisions are append-only'; END $$`,
    `CREATE OR REPLACE TRIGGER ${TABLE}_no_change BEFORE UPDATE OR DELETE ON ${s}.${TABLE}
      FOR EACH ROW EXECUTE FUNCTION ${s}.${TABLE}_append_only()`,
    `CREATE OR REPLACE TRIGGER ${TABLE}_no_truncate BEFORE TRUNCATE ON ${s}.${TABLE}
      FOR EACH STATEMENT EXECUTE FUNCTION ${s}.${TABLE}_append_only()`,
  ];
}

const COLUMNS =
  "seq, verdict, entity_id, fingerprint, entity_digest, reviewer, reason, at, query, list, source_id, caption, score";

function rowDecision(r: Record<string, unknown>): DecisionRecord {
  return {
    seq: Number(r.seq),
    verdict: r.verdict as DecisionRecord["verdict"],
    entityId: String(r.entity_id),
    fingerprint: String(r.fingerprint),
    entityDigest: String(r.entity_digest),
    reviewer: String(r.reviewer),
    ...(r.reason === null || r.reason === undefined ? {} : { reason: String(r.reason) }),
    at: String(r.at),
    query: JSON.parse(String(r.query)) as DecisionRecord["query"],
    list: String(r.list),
    sourceId: String(r.source_id),
    caption: String(r.caption),
    ...(r.score === null || r.score === undefined ? {} : { score: Number(r.score) }),
  };
}

class SqlDecisionStore implements DecisionStore {
  constructor(
    readonly kind: "pglite" | "postgres",
    private readonly q: Sql,
    private readonly s: string,
    private readonly closeFn: () => Promise<void>,
  ) {}

  async init(): Promise<void> {
    registerRawSql(this, this.q, this.s);
    await runSchemaDdl(this.kind, this.q, this.s, schemaSql(this.s));
  }

  async append(decisions: NewDecision[], at: string): Promise<DecisionRecord[]> {
    if (decisions.length === 0) return [];
    const col = <T>(f: (d: NewDecision) => T) => decisions.map(f);
    // One statement for the whole batch (atomic on both drivers); arrays keep the parameter count fixed.
    const r = await this.q.query(
      `INSERT INTO ${this.s}.${TABLE} (verdict, entity_id, fingerprint, entity_digest, reviewer, reason, at, query, list, source_id, caption, score)
       SELECT v, e, f, d, rv, rs, $7, qy, l, si, c, sc
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::float8[])
         WITH ORDINALITY AS t(v, e, f, d, rv, rs, qy, l, si, c, sc, ord)
       ORDER BY ord
       RETURNING ${COLUMNS}`,
      [
        col((d) => d.verdict),
        col((d) => d.entityId),
        col((d) => d.fingerprint),
        col((d) => d.entityDigest),
        col((d) => d.reviewer),
        col((d) => d.reason ?? null),
        at,
        col((d) => JSON.stringify(d.query)),
        col((d) => d.list),
        col((d) => d.sourceId),
        col((d) => d.caption),
        col((d) => d.score ?? null),
      ],
    );
    return r.rows.map(rowDecision).sort((a, b) => a.seq - b.seq);
  }

  async list(f: DecisionFilter): Promise<DecisionRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace("?", `$${params.length}`));
    };
    if (f.entityId !== undefined) add("entity_id = ?", f.entityId);
    if (f.fingerprint !== undefined) add("fingerprint = ?", f.fingerprint);
    if (f.verdict !== undefined) add("verdict = ?", f.verdict);
    if (f.reviewer !== undefined) add("reviewer = ?", f.reviewer);
    if (f.before !== undefined) add("seq < ?", f.before);
    params.push(f.limit);
    const r = await this.q.query(
      `SELECT ${COLUMNS} FROM ${this.s}.${TABLE} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    return r.rows.map(rowDecision);
  }

  async latest(fingerprints: string[]): Promise<DecisionRecord[]> {
    if (fingerprints.length === 0) return [];
    const r = await this.q.query(
      `SELECT DISTINCT ON (fingerprint, entity_id) ${COLUMNS} FROM ${this.s}.${TABLE}
       WHERE fingerprint = ANY($1::text[]) ORDER BY fingerprint, entity_id, seq DESC`,
      [[...new Set(fingerprints)]],
    );
    return r.rows.map(rowDecision);
  }

  async dropSchema(): Promise<void> {
    await this.q.query(`DROP SCHEMA IF EXISTS ${this.s} CASCADE`);
  }

  async forSchema(schema: string): Promise<DecisionStore> {
    const st = new SqlDecisionStore(this.kind, this.q, quoteSchema(schema), async () => {});
    await st.init();
    return st;
  }

  close(): Promise<void> {
    return this.closeFn();
  }
}

/**
 * Opens the decision store. `db`: `"memory"` (PGlite in memory), `"pglite:<dir>"` or a bare directory (PGlite on
 * disk), or a `postgres://` / `postgresql://` URL. `schema` (default `embargo_screening`) isolates the table.
 */
export async function openDecisionStore(db: string, schema = "embargo_screening"): Promise<DecisionStore> {
  const s = quoteSchema(schema);
  const conn = await openSql(db);
  const store =
    conn.kind === "postgres"
      ? new SqlDecisionStore("postgres", conn.client, s, () => conn.client.end())
      : new SqlDecisionStore("pglite", conn.db, s, () => conn.db.close());
  try {
    await store.init();
  } catch (e) {
    // A store that could not be set up must not keep its connection (a server would otherwise hang on exit).
    await store.close().catch(() => {});
    throw e;
  }
  return store;
}
