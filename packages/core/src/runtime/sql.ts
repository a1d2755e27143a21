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
    return { kind: "postgres", client };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const dir = db === "memory" ? undefined : db.replace(/^pglite:/, "");
  // PGlite creates its own directory but not the parents (e.g. `<state-dir>/screening/` on first use).
  if (dir !== undefined) await mkdir(path.dirname(dir), { recursive: true });
  // relaxedDurability false: each query's writes reach the file system before the promise resolves, so an
  // acknowledged write is durable.
  try {
    const lite = dir === undefined ? new PGlite() : new PGlite({ dataDir: dir, relaxedDurability: false });
    await lite.waitReady;
    return { kind: "pglite", db: lite };
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
}
