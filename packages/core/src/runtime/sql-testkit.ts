/**
 * Test support for stores over SQL (the diamond registry, the screening decision log): runs one suite against
 * PGlite on disk and, when the test passes a PostgreSQL URL, against PostgreSQL — each test in a fresh schema,
 * one database instance per backend (PGlite's WASM start is slow), everything dropped and closed at the end.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { rawSqlOf } from "./sql-raw.ts";

/**
 * Runs raw SQL on a store's connection (`{schema}` is replaced by the store's quoted schema). Test-only: the
 * storage interfaces have no raw SQL; tests use this to tamper with stored rows and show the damage is detected.
 */
export async function rawQuery(store: object, sql: string, params: unknown[] = []): Promise<unknown[]> {
  const { q, schema } = rawSqlOf(store);
  return (await q.query(sql.replaceAll("{schema}", schema), params)).rows;
}

/** What the suites need of a store: a schema-scoped view, dropping a schema for clean-up, and closing. */
export interface SchemaScopedStore<S> {
  forSchema(schema: string): Promise<S>;
  dropSchema(): Promise<void>;
  close(): Promise<void>;
}

/** A fresh store for one test and how to drop it. */
export type MakeScopedStore<S> = () => Promise<{ store: S; cleanup(): Promise<void> }>;

/**
 * Calls `suite(backendName, make)` for PGlite and, if `pgUrl` is given (tests read it from the environment; core
 * never does), for PostgreSQL; without it a skipped test says the PostgreSQL half did not run.
 */
export function forEachSqlBackend<S extends SchemaScopedStore<S>>(o: {
  label: string;
  open: (db: string, schema?: string) => Promise<S>;
  pgUrl: string | undefined;
  suite: (backend: "pglite" | "postgres", make: MakeScopedStore<S>) => void;
}): void {
  let n = 0;
  const schemaName = () => `${o.label}_${process.pid}_${Date.now()}_${n++}`;
  const scoped =
    (root: Promise<S>): MakeScopedStore<S> =>
    async () => {
      const r = await root;
      const store = await r.forSchema(schemaName());
      return { store, cleanup: () => store.dropSchema() };
    };

  let dir: string | undefined;
  let pglite: Promise<S> | undefined;
  o.suite("pglite", () => {
    pglite ??= mkdtemp(path.join(tmpdir(), `embargo-${o.label}-`)).then((d) => {
      dir = d;
      return o.open(`pglite:${d}`);
    });
    return scoped(pglite)();
  });

  let pg: Promise<S> | undefined;
  const pgUrl = o.pgUrl;
  if (pgUrl)
    o.suite("postgres", () => {
      pg ??= o.open(pgUrl, schemaName());
      return scoped(pg)();
    });
  else test(`${o.label}: postgres`, { skip: "EMBARGO_TEST_PG_URL is not set: PostgreSQL tests skipped" }, () => {});

  after(async () => {
    if (pg) {
      const root = await pg;
      await root.dropSchema();
      await root.close();
    }
    if (pglite) await (await pglite).close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
}
