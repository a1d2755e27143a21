/**
 * Raw SQL access to a store's connection, kept OUT of the storage interfaces: stores register their connection
 * here when they initialise, and only the test kit (`sql-testkit.ts`, e.g. to tamper with stored rows and show
 * that integrity checks catch it) reads it back. Production code has no way to run arbitrary SQL through a store.
 */

interface RawSql {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

const raw = new WeakMap<object, { q: RawSql; schema: string }>();

/** Called by a store's `init`: remembers its connection and quoted schema. */
export function registerRawSql(store: object, q: RawSql, quotedSchema: string): void {
  raw.set(store, { q, schema: quotedSchema });
}

/** The registered connection of `store` (test kit only). */
export function rawSqlOf(store: object): { q: RawSql; schema: string } {
  const r = raw.get(store);
  if (!r) throw new Error("this store has no registered SQL connection");
  return r;
}
