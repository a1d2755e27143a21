/** Every regime source Embargo can import from, in display order (one small module each). */
import type { Engine } from "../../engine.ts";
import { caJusticeBelarusSource, caJusticeRussiaSource } from "./ca-justice-laws.ts";
import { euEurLex765Source, euEurLex833Source } from "./eu-eurlex.ts";
import { euTaricSource } from "./eu-taric.ts";
import { jpEGovOrderSource, jpEGovOrdinanceSource } from "./jp-egov.ts";
import type { RegimeSource } from "./source.ts";
import { getRegimeUpdates, type RegimeVersion } from "./store.ts";
import { ukTradeTariffSource } from "./uk-trade-tariff.ts";
import { usEcfrSource } from "./us-ecfr.ts";

export const REGIME_SOURCES: readonly RegimeSource[] = [
  ukTradeTariffSource,
  usEcfrSource,
  euEurLex833Source,
  euEurLex765Source,
  euTaricSource,
  caJusticeRussiaSource,
  caJusticeBelarusSource,
  jpEGovOrdinanceSource,
  jpEGovOrderSource,
];

export function regimeSource(id: string): RegimeSource | undefined {
  return REGIME_SOURCES.find((s) => s.id === id);
}

/** One source as `embargo regimes sources` and `GET /v1/regimes/sources` describe it, with the version in force. */
export interface RegimeSourceStatus {
  id: string;
  jurisdiction: string;
  title: string;
  publisher: string;
  licence: string;
  formatReference: string;
  defaultUrl: string;
  urlNote?: string;
  needsCodes: boolean;
  /** The imported version in force, or null when verdicts read the bundled data only. */
  active: RegimeVersion | null;
}

/** Every regime source with the version of it in force (one shape for the CLI and the HTTP API). */
export async function describeRegimeSources(engine: Engine): Promise<RegimeSourceStatus[]> {
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
