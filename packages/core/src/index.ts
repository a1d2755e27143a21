/**
 * @embargo/core — the pure domain engine. Capabilities are published as sub-paths
 * (`@embargo/core/nomenclature`, `/regimes`, `/verdicts`, `/screening`, `/trade`, `/registry`);
 * this root re-exports only the shared runtime: errors, clock, logger and the engine container.
 */

export { bundledDataDir } from "./data/index.ts";
export { createEngine, type Engine, type EngineOptions } from "./engine.ts";
export {
  EmbargoError,
  type ErrorCategory,
  type ErrorData,
  type ErrorIssue,
  formatIssue,
  invalidInput,
  isEmbargoError,
  notFound,
  storageFault,
  toErrorData,
} from "./errors/index.ts";
export {
  type FetchBytesOptions,
  type FetchedBytes,
  type FetchLike,
  type FetchResponseLike,
  fetchBytes,
} from "./runtime/fetcher.ts";
export { type Clock, fixedClock, type Logger, memoryLogger, type Progress, silentLogger } from "./runtime/index.ts";
export {
  cachedSnapshot,
  createSnapshotCache,
  SNAPSHOT_CACHE_KEY,
  type SnapshotCache,
  type SnapshotCacheEvent,
  type SnapshotCacheOptions,
  snapshotCacheOf,
} from "./runtime/snapshot-cache.ts";
