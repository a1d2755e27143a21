/**
 * @embargo/core — the pure domain engine. Capabilities are published as sub-paths
 * (`@embargo/core/nomenclature`, `/regimes`, `/verdicts`, `/screening`, `/trade`, `/registry`);
 * this root re-exports only the shared runtime: errors, clock, logger and the engine container.
 */

export { bundledDataDir } from "./data/index.ts";
export { createEngine, type Engine, type EngineOptions } from "./engine.ts";
export * from "./errors/index.ts";
export * from "./runtime/fetcher.ts";
export * from "./runtime/index.ts";
export {
  cachedSnapshot,
  createSnapshotCache,
  SNAPSHOT_CACHE_KEY,
  type SnapshotCache,
  type SnapshotCacheEvent,
  type SnapshotCacheOptions,
  snapshotCacheOf,
} from "./runtime/snapshot-cache.ts";
