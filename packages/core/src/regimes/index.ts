/**
 * Regimes as data: the schema of measures, the all-or-nothing loader, and small query helpers.
 * Adding a jurisdiction or a package is a data file under `data/regimes/` plus a test — never code.
 */
import path from "node:path";
import type { Engine } from "../engine.ts";
import { snapshotCacheOf } from "../runtime/snapshot-cache.ts";
import type { RegimeSet } from "./load.ts";
import { loadRegimesWithUpdates } from "./update/apply.ts";

export { regimeJsonSchemaFiles } from "./json-schema.ts";
export { buildRegimeSet, loadRegimeSet, type RegimeFileInfo, type RegimeSet } from "./load.ts";
export { isInForce, type KnownRegimeView, knownRegimeStatus, longestPrefix } from "./query.ts";
export {
  type CountryGroupsFile,
  CountryGroupsFileSchema,
  countryGroupsJsonSchema,
  KnownRegime,
  MEMBERS,
  Measure,
  type RegimeFile,
  RegimeFileSchema,
  regimeFileJsonSchema,
} from "./schema.ts";
export {
  describeRegimeSources,
  formatRegimeDiff,
  loadRegimesWithUpdates,
  type MeasureDiff,
  parseRegimeRequest,
  type RegimeDiff,
  type RegimeOverlay,
  RegimeOverlaySchema,
  RegimeRollbackRequestSchema,
  type RegimeRollbackResult,
  type RegimeSourceStatus,
  type RegimeUpdateOptions,
  type RegimeUpdateReport,
  RegimeUpdateRequestSchema,
  type RegimeUpdateResult,
  type RegimeVersion,
  regimeUpdateRequestJsonSchemas,
  rollbackRegimes,
  updateRegimes,
} from "./update/index.ts";

/**
 * The engine's regime set, loaded once: the bundled `data/regimes/`, with the updates `embargo regimes update`
 * imported into the state directory merged over it (never written into the bundled files). The bundled files'
 * validation is remembered in the engine's snapshot cache, keyed by their bytes.
 */
export function getRegimes(engine: Engine): Promise<RegimeSet> {
  return engine.lazy("regimes", async () =>
    loadRegimesWithUpdates(path.join(engine.dataDir, "regimes"), engine.stateDir, engine.logger, {
      cache: await snapshotCacheOf(engine),
    }),
  );
}
