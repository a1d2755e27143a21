/** Every regime source Embargo can import from, in display order (one small module each). */
import { caJusticeBelarusSource, caJusticeRussiaSource } from "./ca-justice-laws.ts";
import { euEurLex765Source, euEurLex833Source } from "./eu-eurlex.ts";
import { euTaricSource } from "./eu-taric.ts";
import { jpEGovOrderSource, jpEGovOrdinanceSource } from "./jp-egov.ts";
import type { RegimeSource } from "./source.ts";
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
