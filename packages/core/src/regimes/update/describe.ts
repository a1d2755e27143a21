/**
 * `embargo regimes sources` / `GET /v1/regimes/sources`. The sources (each with its document parser, some with
 * fast-xml-parser) are imported when asked for, not with the regimes entry point: `getRegimes` for a check must not
 * load them (issue 10).
 */
import type { Engine } from "../../engine.ts";
import type { RegimeSource } from "./source.ts";
import { getRegimeUpdates, type RegimeVersion } from "./store.ts";

/** One source as `embargo regimes sources` and `GET /v1/regimes/sources` describe it, with the version in force. */
export interface RegimeSourceStatus
  extends Pick<
    RegimeSource,
    "id" | "jurisdiction" | "title" | "publisher" | "licence" | "formatReference" | "defaultUrl" | "urlNote"
  > {
  needsCodes: boolean;
  /** The imported version in force, or null when verdicts read the bundled data only. */
  active: RegimeVersion | null;
}

/** Every regime source with the version of it in force (one shape for the CLI and the HTTP API). */
export async function describeRegimeSources(engine: Engine): Promise<RegimeSourceStatus[]> {
  const { REGIME_SOURCES } = await import("./sources.ts");
  const active = await getRegimeUpdates(engine);
  return REGIME_SOURCES.map((s) => ({
    id: s.id,
    jurisdiction: s.jurisdiction,
    title: s.title,
    publisher: s.publisher,
    licence: s.licence,
    formatReference: s.formatReference,
    defaultUrl: s.defaultUrl,
    ...(s.urlNote ? { urlNote: s.urlNote } : {}),
    needsCodes: s.needsCodes === true,
    active: active.find((v) => v.source === s.id) ?? null,
  }));
}
