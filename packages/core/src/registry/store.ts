/**
 * Append-only event storage. Two implementations share the same SQL: embedded PGlite (default; a data directory
 * on disk, or in memory) and PostgreSQL through `pg`. `append` writes a batch of events and the checkpoint that
 * covers them in ONE transaction, so an acknowledged append is committed and the stored log is always consistent
 * with its latest checkpoint.
 */
import { openSql, quoteSchema, runSchemaDdl } from "../runtime/sql.ts";
import { registerRawSql } from "../runtime/sql-raw.ts";
import { fail } from "./codes.ts";

/** One stored log entry. */
export interface StoredEvent {
  seq: number;
  eventId: string;
  /** Hex RFC 6962 leaf hash of `leaf`. */
  leafHash: string;
  /** The JCS text of the signed event (the log leaf). */
  leaf: string;
}

export interface StoredCheckpoint {
  size: number;
  root: string;
  note: string;
}

/** What one commit writes: events and the checkpoint that covers them. */
export interface AppendPlan {
  events: StoredEvent[];
  checkpoint: StoredCheckpoint;
}

/**
 * The storage a registry needs. Several processes may write one PostgreSQL log: {@link RegistryStore.appendLocked}
 * serialises them (an advisory lock); PGlite has one process by construction.
 */
export interface RegistryStore {
  readonly kind: "pglite" | "postgres";
  init(): Promise<void>;
  /** Appends events and their checkpoint atomically; throws STORE_CONFLICT if a seq is taken. */
  append(events: StoredEvent[], checkpoint: StoredCheckpoint): Promise<void>;
  /**
   * Appends while holding the log's write lock. `plan` first receives the events other writers committed from
   * `fromSeq` on (PostgreSQL: read under the lock, so none can be missed; PGlite: always empty, one process owns
   * the directory) and returns what to write, or `undefined` for nothing. The write is atomic; the lock is released
   * at commit or rollback (also when the process dies: PostgreSQL ends its session).
   */
  appendLocked(
    fromSeq: number,
    plan: (newer: StoredEvent[]) => Promise<AppendPlan | undefined> | AppendPlan | undefined,
  ): Promise<void>;
  events(fromSeq?: number): Promise<StoredEvent[]>;
  /** One entry by its id (the unique `event_id`), or `undefined`. */
  eventById(eventId: string): Promise<StoredEvent | undefined>;
  checkpoints(): Promise<StoredCheckpoint[]>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  /** Drops this store's schema and everything in it (tests and decommissioning; the connection stays open). */
  dropSchema(): Promise<void>;
  /** A view of the same database connection on another schema (its `close` leaves the connection open). */
  forSchema(schema: string): Promise<RegistryStore>;
  close(): Promise<void>;
}

function schemaSql(s: string): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.registry_events (seq BIGINT PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, leaf_hash TEXT NOT NULL, leaf TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${s}.registry_checkpoints (size BIGINT PRIMARY KEY, root TEXT NOT NULL, note TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${s}.registry_meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)`,
  ];
}

/** The minimal query surface both drivers provide. */
interface Sql {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * ONE statement writes the events and their checkpoint: the events travel as four array parameters expanded by
 * `unnest` (so any batch size fits the protocol's parameter limit), in a data-modifying CTE of the checkpoint
 * INSERT. A single statement is a single transaction, atomic on both drivers, and costs one round trip (PostgreSQL)
 * or one query with its file-system flush (PGlite) instead of BEGIN, INSERT, INSERT, COMMIT.
 */
function appendSql(s: string): string {
  return (
    `WITH ev AS (INSERT INTO ${s}.registry_events (seq, event_id, leaf_hash, leaf) ` +
    "SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])) " +
    `INSERT INTO ${s}.registry_checkpoints (size, root, note) VALUES ($5,$6,$7) ` +
    "ON CONFLICT (size) DO UPDATE SET root = EXCLUDED.root, note = EXCLUDED.note"
  );
}

function appendParams(events: StoredEvent[], cp: StoredCheckpoint): unknown[] {
  const seqs = new Array<number>(events.length);
  const ids = new Array<string>(events.length);
  const hashes = new Array<string>(events.length);
  const leaves = new Array<string>(events.length);
  for (const [i, e] of events.entries()) {
    seqs[i] = e.seq;
    ids[i] = e.eventId;
    hashes[i] = e.leafHash;
    leaves[i] = e.leaf;
  }
  return [seqs, ids, hashes, leaves, cp.size, cp.root, cp.note];
}

const rowEvent = (r: Record<string, unknown>): StoredEvent => ({
  seq: Number(r.seq),
  eventId: String(r.event_id),
  leafHash: String(r.leaf_hash),
  leaf: String(r.leaf),
});

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "23505";
}

abstract class SqlStore implements RegistryStore {
  abstract readonly kind: "pglite" | "postgres";
  protected abstract q: Sql;
  abstract close(): Promise<void>;
  protected abstract derive(schema: string): SqlStore;
  constructor(protected readonly s: string) {}

  async forSchema(schema: string): Promise<RegistryStore> {
    const st = this.derive(quoteSchema(schema));
    await st.init();
    return st;
  }

  async init(): Promise<void> {
    registerRawSql(this, this.q, this.s);
    await runSchemaDdl(this.kind, this.q, this.s, schemaSql(this.s));
  }
  async append(events: StoredEvent[], cp: StoredCheckpoint): Promise<void> {
    try {
      await this.q.query(appendSql(this.s), appendParams(events, cp));
    } catch (e) {
      if (isUniqueViolation(e)) fail("STORE_CONFLICT", "another writer appended to this log; reopen the registry");
      throw e;
    }
  }
  async appendLocked(
    _fromSeq: number,
    plan: (newer: StoredEvent[]) => Promise<AppendPlan | undefined> | AppendPlan | undefined,
  ): Promise<void> {
    const p = await plan([]);
    if (p) await this.append(p.events, p.checkpoint);
  }
  async events(fromSeq = 0): Promise<StoredEvent[]> {
    const r = await this.q.query(
      `SELECT seq, event_id, leaf_hash, leaf FROM ${this.s}.registry_events WHERE seq >= $1 ORDER BY seq`,
      [fromSeq],
    );
    return r.rows.map(rowEvent);
  }
  async eventById(eventId: string): Promise<StoredEvent | undefined> {
    const r = await this.q.query(
      `SELECT seq, event_id, leaf_hash, leaf FROM ${this.s}.registry_events WHERE event_id = $1`,
      [eventId],
    );
    return r.rows[0] ? rowEvent(r.rows[0]) : undefined;
  }
  async checkpoints(): Promise<StoredCheckpoint[]> {
    const r = await this.q.query(`SELECT size, root, note FROM ${this.s}.registry_checkpoints ORDER BY size`);
    return r.rows.map((x) => ({ size: Number(x.size), root: String(x.root), note: String(x.note) }));
  }
  async getMeta(key: string): Promise<string | undefined> {
    const r = await this.q.query(`SELECT v FROM ${this.s}.registry_meta WHERE k = $1`, [key]);
    return r.rows[0] ? String(r.rows[0].v) : undefined;
  }
  async setMeta(key: string, value: string): Promise<void> {
    await this.q.query(
      `INSERT INTO ${this.s}.registry_meta (k, v) VALUES ($1,$2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v`,
      [key, value],
    );
  }
  async dropSchema(): Promise<void> {
    await this.q.query(`DROP SCHEMA IF EXISTS ${this.s} CASCADE`);
  }
}

class PGliteStore extends SqlStore {
  readonly kind = "pglite" as const;
  constructor(
    protected readonly q: import("@electric-sql/pglite").PGlite,
    schema: string,
    private readonly owned = true,
  ) {
    super(schema);
  }
  protected derive(schema: string): SqlStore {
    return new PGliteStore(this.q, schema, false);
  }
  async close(): Promise<void> {
    if (this.owned) await this.q.close();
  }
}

/** The advisory-lock class shared by every registry log; the object id is `hashtext(<schema>)`. */
const LOCK_CLASS = 0x656d62; // "emb"

/**
 * Serialises transactions on one `pg` client shared by several schema views: a query of another view must never
 * run inside (and be committed or rolled back with) this view's transaction.
 */
class ClientGate {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.tail.then(fn, fn);
    this.tail = p.catch(() => {});
    return p;
  }
}

class PgStore extends SqlStore {
  readonly kind = "postgres" as const;
  protected readonly q: Sql;
  constructor(
    private readonly client: import("pg").Client,
    schema: string,
    private readonly owned = true,
    private readonly gate = new ClientGate(),
  ) {
    super(schema);
    this.q = { query: (sql, params) => this.gate.run(() => this.client.query(sql, params)) };
  }
  protected derive(schema: string): SqlStore {
    return new PgStore(this.client, schema, false, this.gate);
  }
  /**
   * BEGIN; take the log's transaction-scoped advisory lock (writers of the same schema in other processes wait
   * here); read what they committed since `fromSeq`; let `plan` validate against it; write; COMMIT.
   */
  override appendLocked(
    fromSeq: number,
    plan: (newer: StoredEvent[]) => Promise<AppendPlan | undefined> | AppendPlan | undefined,
  ): Promise<void> {
    const c = this.client;
    return this.gate.run(async () => {
      await c.query("BEGIN");
      try {
        await c.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [LOCK_CLASS, this.s]);
        const r = await c.query(
          `SELECT seq, event_id, leaf_hash, leaf FROM ${this.s}.registry_events WHERE seq >= $1 ORDER BY seq`,
          [fromSeq],
        );
        const p = await plan(r.rows.map(rowEvent));
        if (p) await c.query(appendSql(this.s), appendParams(p.events, p.checkpoint));
        await c.query("COMMIT");
      } catch (e) {
        await c.query("ROLLBACK").catch(() => {});
        if (isUniqueViolation(e)) fail("STORE_CONFLICT", "another writer appended to this log; reopen the registry");
        throw e;
      }
    });
  }
  async close(): Promise<void> {
    if (this.owned) await this.gate.run(() => this.client.end());
  }
}

/**
 * Opens a store. `db`: `"memory"` (PGlite in memory), `"pglite:<dir>"` or a bare directory path (PGlite on disk),
 * or a `postgres://` / `postgresql://` URL. `schema` (default `embargo_registry`) isolates the tables.
 */
export async function openStore(db: string, schema = "embargo_registry"): Promise<RegistryStore> {
  const s = quoteSchema(schema);
  const conn = await openSql(db);
  const store: RegistryStore = conn.kind === "postgres" ? new PgStore(conn.client, s) : new PGliteStore(conn.db, s);
  try {
    await store.init();
  } catch (e) {
    // A store that could not be set up must not keep its connection (a server would otherwise hang on exit).
    await store.close().catch(() => {});
    throw e;
  }
  return store;
}
