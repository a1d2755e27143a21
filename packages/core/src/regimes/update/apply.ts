/**
 * Merging imported regime updates over the bundled regime files. The bundled documents are cloned, never written:
 * an overlay's measures join its member's file, and each known regime it names gets the measure ids (a
 * `not_encoded` regime becomes `partial`: it now has measures, but only for what the source brought — a regime is
 * never marked `encoded` by an import). The result is validated exactly like bundled data (`parseRegimeFile`,
 * `buildRegimeSet`), so a bad overlay can never produce a half-valid set.
 */
import { createHash } from "node:crypto";
import { EmbargoError } from "../../errors/index.ts";
import type { Logger } from "../../runtime/index.ts";
import {
  buildRegimeSet,
  parseRegimeFile,
  type ReadRegimeFilesOptions,
  type RegimeSet,
  readRegimeFiles,
} from "../load.ts";
import type { CountryGroupsFile, RegimeFile } from "../schema.ts";
import type { RegimeOverlay } from "./schema.ts";
import { readActiveOverlays } from "./store.ts";

type LoadedFile = { file: string; doc: RegimeFile; sha256: string };

/** Returns new file entries with `overlay` merged in; throws `REGIME_UPDATE_INVALID` if it does not fit. */
export function applyOverlay(files: readonly LoadedFile[], overlay: RegimeOverlay): LoadedFile[] {
  const i = files.findIndex((f) => f.doc.type === "member" && f.doc.jurisdiction === overlay.jurisdiction);
  const target = files[i];
  if (!target)
    throw new EmbargoError({
      code: "REGIME_UPDATE_INVALID",
      category: "integrity",
      message: `${overlay.source}: no bundled regime file for ${overlay.jurisdiction} to update`,
    });
  const doc = structuredClone(target.doc);
  const note = `Codes imported from ${overlay.title} as of ${overlay.publicationDate} (retrieved ${overlay.retrievedAt.slice(0, 10)})`;
  for (const link of overlay.regimes) {
    const k = doc.knownRegimes?.find((r) => r.id === link.id);
    if (!k)
      throw new EmbargoError({
        code: "REGIME_UPDATE_INVALID",
        category: "integrity",
        message: `${overlay.source}: known regime ${link.id} is not in ${target.file}`,
      });
    k.measures = [...k.measures, ...link.measures.filter((id) => !k.measures.includes(id))];
    if (k.status === "not_encoded") k.status = "partial";
    k.note = `${k.note} ${note}: ${link.measures.join(", ")}.`;
  }
  doc.measures = [...doc.measures, ...overlay.measures];
  doc.version = `${doc.version}+${overlay.source}@${overlay.publicationDate}`;
  // Validated as a whole file again: measure schema, jurisdiction, dates, known-regime consistency.
  const parsed = parseRegimeFile(doc, `${target.file} + ${overlay.source}`);
  const sha256 = createHash("sha256").update(`${target.sha256}\n${overlay.source}\n${overlay.sha256}`).digest("hex");
  const out = [...files];
  out[i] = { file: target.file, doc: parsed, sha256 };
  return out;
}

/** Builds a regime set from files and overlays (each overlay must fit; throws otherwise). */
export function buildWithOverlays(
  files: readonly LoadedFile[],
  groups: CountryGroupsFile,
  overlays: readonly RegimeOverlay[],
): RegimeSet {
  let merged = [...files];
  for (const o of overlays) merged = applyOverlay(merged, o);
  return buildRegimeSet(merged, groups);
}

/**
 * The regime set the engine serves: the bundled folder, with the regime updates active under `stateDir` merged
 * over it. An active update that no longer fits the bundled data (e.g. a known regime renamed by a data release) is
 * left out with a warning, so the bundled data always load. `options.cache` remembers the bundled files' validation
 * (see {@link readRegimeFiles}); overlays are always validated.
 */
export async function loadRegimesWithUpdates(
  dir: string,
  stateDir: string | undefined,
  logger: Logger,
  options: ReadRegimeFilesOptions = {},
): Promise<RegimeSet> {
  const { files, groups } = await readRegimeFiles(dir, options);
  if (!stateDir) return buildRegimeSet(files, groups);
  const { overlays, problems } = await readActiveOverlays(stateDir);
  for (const p of problems) logger.warn({ source: p.source, err: p.message }, "regime update not loaded");
  const kept: RegimeOverlay[] = [];
  for (const o of overlays) {
    try {
      buildWithOverlays(files, groups, [...kept, o]);
      kept.push(o);
    } catch (e) {
      logger.warn({ source: o.source, err: (e as Error).message }, "regime update does not fit the bundled data");
    }
  }
  return buildWithOverlays(files, groups, kept);
}
