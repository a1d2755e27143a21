/**
 * Regimes as data: the schema of measures, the all-or-nothing loader, and small query helpers.
 * Adding a jurisdiction or a package is a data file under `data/regimes/` plus a test — never code.
 */
import path from "node:path";
import type { Engine } from "../engine.ts";
import { loadRegimeSet, type RegimeSet } from "./load.ts";

export * from "./json-schema.ts";
export * from "./load.ts";
export * from "./query.ts";
export * from "./schema.ts";

/** The engine's regime set (bundled `data/regimes/`), loaded once. */
export function getRegimes(engine: Engine): Promise<RegimeSet> {
  return engine.lazy("regimes", () => loadRegimeSet(path.join(engine.dataDir, "regimes")));
}
