/**
 * One in-memory DuckDB instance per engine, querying the datasets' Parquet files with `read_parquet`.
 * Loaded lazily, so code paths that never touch trade data never start DuckDB — nor load its bindings: the module is
 * imported on first open (importing it costs ~0.4 s of CPU, which every server start and check paid before).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Engine } from "../engine.ts";
import { ident, isSql, type Sql, type SqlValue } from "./sql.ts";

/**
 * A thin query wrapper over {@link Sql} fragments: a fragment with parameters runs as a prepared statement with its
 * values bound (see sql.ts); rows come back as plain JS objects. Statements are never taken as bare strings.
 */
export interface TradeDb {
  all<T = Record<string, unknown>>(q: Sql): Promise<T[]>;
  run(q: Sql): Promise<void>;
  /** Appends rows to a table through DuckDB's appender (values typed by the table's columns; no SQL text). */
  append(table: string, rows: readonly (readonly SqlValue[])[]): Promise<void>;
  /** Creates (or replaces) a temp view `name` over a Parquet file the engine holds. */
  parquetView(name: string, file: string): Promise<void>;
  connection: DuckDBConnection;
}

function normalise(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  return v;
}

function checked(q: Sql): Sql {
  if (!isSql(q)) throw new TypeError("TradeDb: statements are Sql fragments built with sql`…`, not strings");
  return q;
}

/** Opens a fresh in-memory DuckDB (tests, ingestion, the bench). */
export async function openTradeDb(threads?: number): Promise<TradeDb> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:", threads ? { threads: String(threads) } : undefined);
  const connection = await instance.connect();
  const exec = (q: Sql) => {
    const { text, params } = checked(q);
    // Without parameters there is nothing to bind: DuckDB runs the text directly (no prepare round trip).
    return params.length > 0 ? connection.runAndReadAll(text, params as SqlValue[]) : connection.runAndReadAll(text);
  };
  return {
    connection,
    async all<T>(q: Sql): Promise<T[]> {
      const reader = await exec(q);
      return reader.getRowObjectsJS().map((row) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(row)) out[k] = normalise(v);
        return out as T;
      });
    },
    async run(q: Sql): Promise<void> {
      await exec(q);
    },
    async parquetView(name, file) {
      // The one SQL literal made from a value: DuckDB cannot bind a parameter in CREATE VIEW, and `file` is internal
      // (a bundled or user dataset folder joined with the manifest's file name, never a request value). Quotes doubled.
      if (file.includes("\0")) throw new TypeError("parquet path contains NUL");
      const literal = `'${file.replaceAll("'", "''")}'`;
      await connection.run(`CREATE OR REPLACE TEMP VIEW ${ident(name).text} AS SELECT * FROM read_parquet(${literal})`);
    },
    async append(table, rows) {
      // Temp tables live in the `temp` catalog.
      const appender = await connection.createAppender(table, "main", "temp");
      try {
        for (const row of rows) {
          for (const v of row) {
            if (v === null) appender.appendNull();
            else if (typeof v === "string") appender.appendVarchar(v);
            else if (typeof v === "boolean") appender.appendBoolean(v);
            else appender.appendDouble(v);
          }
          appender.endRow();
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    },
  };
}

/** The engine's shared DuckDB instance. */
export function getTradeDb(engine: Engine): Promise<TradeDb> {
  return engine.lazy("trade.duckdb", () => openTradeDb());
}
