/** Regime updates from the official machine-readable sources (`embargo regimes update|rollback|sources`). */
export { loadRegimesWithUpdates } from "./apply.ts";
export { describeRegimeSources, type RegimeSourceStatus } from "./describe.ts";
export { formatRegimeDiff, type MeasureDiff, type RegimeDiff } from "./diff.ts";
export {
  parseRegimeRequest,
  type RegimeOverlay,
  RegimeOverlaySchema,
  RegimeRollbackRequestSchema,
  RegimeUpdateRequestSchema,
  regimeUpdateRequestJsonSchemas,
} from "./schema.ts";
export type { MappedSource, RegimeSource, RegimeSourceContext, SourceDocument } from "./source.ts";
export {
  type RegimeRollbackResult,
  type RegimeUpdateOptions,
  type RegimeUpdateReport,
  type RegimeUpdateResult,
  type RegimeVersion,
  rollbackRegimes,
  updateRegimes,
} from "./store.ts";
