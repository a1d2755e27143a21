/** Every regime source Embargo can import from, in display order (one small module each). */
import type { RegimeSource } from "./source.ts";
import { ukTradeTariffSource } from "./uk-trade-tariff.ts";
import { usEcfrSource } from "./us-ecfr.ts";

export const REGIME_SOURCES: readonly RegimeSource[] = [ukTradeTariffSource, usEcfrSource];

export function regimeSource(id: string): RegimeSource | undefined {
  return REGIME_SOURCES.find((s) => s.id === id);
}
