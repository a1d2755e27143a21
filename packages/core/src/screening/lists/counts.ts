/**
 * How many entities (and partial ones) a list snapshot holds, without decoding its entities when the store already
 * knows: the list store loads a bundled snapshot's entities only when something reads them (screening reads its
 * index from the snapshot cache instead), but coverage and result headers name the counts on every answer.
 */
import type { ListSnapshot } from "../model.ts";

export interface EntityCounts {
  entities: number;
  partialEntities: number;
}

const known = new WeakMap<ListSnapshot, EntityCounts>();

/** Records the counts of a snapshot whose entities are loaded on first use (the store calls this). */
export function recordEntityCounts(snapshot: ListSnapshot, counts: EntityCounts): void {
  known.set(snapshot, counts);
}

/** The snapshot's entity and partial-entity counts: as recorded by the store, else counted. */
export function entityCounts(snapshot: ListSnapshot): EntityCounts {
  const k = known.get(snapshot);
  if (k) return k;
  const e = snapshot.entities;
  return { entities: e.length, partialEntities: e.reduce((n, x) => n + (x.partial ? 1 : 0), 0) };
}
