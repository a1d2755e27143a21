/**
 * Opening the embedded or server SQL database the stores share (the diamond registry, screening decisions): one
 * place parses the `db` string, checks schema names and maps connection failures to errors as data.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { EmbargoError } from "../errors/index.ts";

/** A connected database: PGlite (embedded, in memory or on disk) or a PostgreSQL client. */
export type SqlConnection = { kind: "pglite"; db: PGlite } | { kind: "postgres"; client: pg.Client };

/** Quotes a schema name after checking it is a plain lower-case identifier (`STORE_BAD_SCHEMA` otherwise). */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new EmbargoError({
      code: "STORE_BAD_SCHEMA",
      category: "invalid_input",
      message: `bad schema name ${schema}`,
    });
  return `"${schema}"`;
}

/** The advisory-lock class under which stores create their schema (the object id is `hashtext(<schema>)`). */
const DDL_LOCK_CLASS = 0x656d64; // "emd"

/**
 * Runs a store's idempotent DDL (`CREATE … IF NOT EXISTS`). On PostgreSQL several server processes may start at
 * the same moment against a new schema, and concurrent `CREATE SCHEMA/TABLE IF NOT EXISTS` race in the catalog
 * (a unique violation in pg_namespace/pg_type): the statements go as ONE simple-protocol query, which PostgreSQL
 * runs as one implicit transaction, behind a transaction-scoped advisory lock per schema — the second process
 * waits, then finds everything created. PGlite has one process by construction: statements run one by one.
 * `quotedSchema` is the output of {@link quoteSchema}.
 */
export async function runSchemaDdl(
  kind: "pglite" | "postgres",
  q: { query(sql: string, params?: unknown[]): Promise<unknown> },
  quotedSchema: string,
  statements: readonly string[],
): Promise<void> {
  if (kind === "pglite") {
    for (const sql of statements) await q.query(sql);
    return;
  }
  // quoteSchema admits only [a-z0-9_] inside the quotes, so the literal needs no escaping.
  const lock = `SELECT pg_advisory_xact_lock(${DDL_LOCK_CLASS}, hashtext('${quotedSchema}'))`;
  await q.query([lock, ...statements].join(";\n"));
}

/**
 * Connects to `db`: `"memory"` (PGlite in memory), `"pglite:<dir>"` or a bare directory (PGlite on disk, parents
 * created), or a `postgres://` / `postgresql://` URL (`STORE_UNAVAILABLE` when it cannot connect).
 */
export async function openSql(db: string): Promise<SqlConnection> {
  if (/^postgres(ql)?:\/\//.test(db)) {
    const { default: driver } = await import("pg");
    const client = new driver.Client({ connectionString: db });
    try {
      await client.connect();
    } catch (e) {
      throw new EmbargoError({
        code: "STORE_UNAVAILABLE",
        category: "unavailable",
        message: `cannot connect to PostgreSQL: ${(e as Error).message}`,
        cause: e,
      });
    }
    guardPgQueries(client);
    return { kind: "postgres", client };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const dir = db === "memory" ? undefined : db.replace(/^pglite:/, "");
  // PGlite creates its own directory but not the parents (e.g. `<state-dir>/screening/` on first use).
  if (dir !== undefined) await mkdir(path.dirname(dir), { recursive: true });
  // relaxedDurability false: each query's writes reach the file system before the promise resolves, so an
  // acknowledged write is durable.
  let lite: PGlite;
  try {
    lite = dir === undefined ? new PGlite() : new PGlite({ dataDir: dir, relaxedDurability: false });
    await lite.waitReady;
  } catch (e) {
    // A damaged data directory (corrupt pages, a torn write, files of another version) fails PGlite's start-up:
    // the store is unavailable, and the error says which one.
    throw new EmbargoError({
      code: "STORE_UNAVAILABLE",
      category: "unavailable",
      message: `cannot open the embedded database ${dir ?? "(in memory)"}: ${(e as Error).message} (is the directory damaged? restore it from a backup)`,
      cause: e,
    });
  }
  guardQueries(lite, `embedded database ${dir ?? "(in memory)"}`);
  return { kind: "pglite", db: lite };
}

/**
 * SQLSTATEs of a damaged database: XX001 data_corrupted ("invalid page in block 0 of relation …", a torn or
 * overwritten page), XX002 index_corrupted. PostgreSQL's class 58 (system_error, io_error, undefined_file) is a
 * file the server could not read or find.
 */
const CORRUPT_STATES = new Set(["XX001", "XX002"]);
const SYSTEM_STATE = /^58/;

/**
 * The error-as-data for a query that failed because the database itself is damaged or unreadable, or undefined for
 * any other failure (constraint violations and the like stay with the caller). A corrupt page is often hit only
 * mid-query (PGlite starts, the catalogue is fine, a table's page is not): integrity `STORE_CORRUPT`; an I/O
 * failure, or the embedded engine aborting (a WebAssembly trap), is `STORE_UNAVAILABLE`. Both name the database.
 */
export function storeQueryFault(e: unknown, what: string): EmbargoError | undefined {
  if (e instanceof EmbargoError) return undefined;
  const state = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  const detail = e instanceof Error ? e.message : String(e);
  if (typeof state === "string" && CORRUPT_STATES.has(state))
    return new EmbargoError({
      code: "STORE_CORRUPT",
      category: "integrity",
      message: `the ${what} is damaged: ${detail} (restore it from a backup)`,
      details: { sqlState: state },
      cause: e,
    });
  if ((typeof state === "string" && SYSTEM_STATE.test(state)) || e instanceof WebAssembly.RuntimeError)
    return new EmbargoError({
      code: "STORE_UNAVAILABLE",
      category: "unavailable",
      message: `the ${what} cannot be read: ${detail}`,
      ...(typeof state === "string" ? { details: { sqlState: state } } : {}),
      cause: e,
    });
  return undefined;
}

/**
 * Maps the damaged-database failures of every query on this connection (both stores, and any later query, not only
 * those at start-up) through {@link storeQueryFault}; other errors pass through unchanged (e.g. a unique violation,
 * which the stores read as a concurrent writer).
 */
function guardQueries(lite: PGlite, what: string): void {
  const query = lite.query.bind(lite);
  const exec = lite.exec.bind(lite);
  const mapped = (e: unknown): never => {
    throw storeQueryFault(e, what) ?? e;
  };
  lite.query = ((...args: Parameters<typeof query>) => query(...args).catch(mapped)) as typeof lite.query;
  lite.exec = ((...args: Parameters<typeof exec>) => exec(...args).catch(mapped)) as typeof lite.exec;
}

/** The same for a PostgreSQL client (its promise form, the one the stores use). */
function guardPgQueries(client: pg.Client): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const mapped = (e: unknown): never => {
    throw storeQueryFault(e, "PostgreSQL database") ?? e;
  };
  client.query = ((...args: unknown[]) => {
    const r = query(...args);
    return r instanceof Promise ? r.catch(mapped) : r;
  }) as typeof client.query;
}
