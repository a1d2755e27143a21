/**
 * Nomenclature: HS 2017 and HS 2022 (sections → subheadings), the UNSD HS2022↔HS2017 correlation and the EU
 * Combined Nomenclature 2023–2026 (8-digit codes), bundled in `data/nomenclature/` (see its PROVENANCE.md).
 *
 * Look a code up at any level ("8542", "854231", "8542.31", "8542 31 11"), walk parents and children, map
 * across HS editions, and search descriptions by text.
 */
import path from "node:path";
import type { Engine } from "../engine.ts";
import { snapshotCacheOf } from "../runtime/snapshot-cache.ts";
import { loadNomenclature } from "./load.ts";
import type { Nomenclature } from "./types.ts";

export { LATEST_CN, type LoadNomenclatureOptions, loadNomenclature, NOMENCLATURE_FILES } from "./load.ts";
export { stem, tokenize } from "./search.ts";
export {
  EDITIONS,
  type Edition,
  type HsEdition,
  type HsEntry,
  type Nomenclature,
  type Relationship,
  type SearchHit,
  type SearchOptions,
} from "./types.ts";
export { type CodeView, codeView, looksLikeCode, type SearchView, searchView } from "./view.ts";

/** The engine's nomenclature (bundled `data/nomenclature/`), loaded once and shared. */
export function getNomenclature(engine: Engine): Promise<Nomenclature> {
  return engine.lazy("nomenclature", async () =>
    loadNomenclature(path.join(engine.dataDir, "nomenclature"), { cache: await snapshotCacheOf(engine) }),
  );
}
