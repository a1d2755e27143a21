/**
 * One in-memory DuckDB instance per engine, querying the datasets' Parquet files with `read_parquet`.
 * Loaded lazily, so code paths that never touch trade data never start DuckDB — nor load its bindings: the module is
 * imported on first open (importing it costs ~0.4 s of CPU, which every server start and check paid before).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Engine } from "../engine.ts";

/** A thin query wrapper: SQL text plus positional `?` parameters, rows as plain JS objects. */
export interface TradeDb {
  all<T = Record<string, unknown>>(sql: string, params?: (string | number | boolean | null)[]): Promise<T[]>;
  run(sql: string, params?: (string | number | boolean | null)[]): Promise<void>;
  connection: DuckDBConnection;
}

/** Quotes a SQL string literal (for identifiers we build and file paths). */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** A SQL `IN (...)` list of string literals. */
export function sqlList(values: readonly string[]): string {
  return `(${values.map(sqlString).join(", ")})`;
}

function normalise(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  return v;
}

/** Opens a fresh in-memory DuckDB (tests, ingestion, the bench). */
export async function openTradeDb(threads?: number): Promise<TradeDb> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:", threads ? { threads: String(threads) } : undefined);
  const connection = await instance.connect();
  return {
    connection,
    async all<T>(sql: string, params?: (string | number | boolean | null)[]): Promise<T[]> {
      const reader = await connection.runAndReadAll(sql, params as never);
      return reader.getRowObjectsJS().map((row) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(row)) out[k] = normalise(v);
        return out as T;
      });
    },
    async run(sql: string, params?: (string | number | boolean | null)[]): Promise<void> {
      await connection.run(sql, params as never);
    },
  };
}

/** The engine's shared DuckDB instance. */
export function getTradeDb(engine: Engine): Promise<TradeDb> {
  return engine.lazy("trade.duckdb", () => openTradeDb());
}
