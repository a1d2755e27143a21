/**
 * What verdicts read from the nomenclature, adapted once per engine: HS edition correlation, the CN 8-digit
 * children of a code in a given CN year (to tell whether a broader code is wholly listed), and whether a code
 * exists in any edition (to reject codes such as 99999999). Front ends get it with `getVerdictNomenclature(engine)`.
 */
import type { Engine } from "../engine.ts";
import { getNomenclature } from "../nomenclature/index.ts";
import type { Edition, HsEntry, Nomenclature } from "../nomenclature/types.ts";
import type { ChildCode, NomenclatureLike } from "./decide.ts";

const CN_YEARS = new Set([2023, 2024, 2025, 2026]);
const MAX_CACHE = 4096;

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= MAX_CACHE) map.clear();
  map.set(key, value);
  return value;
}

/** Adapts the loaded nomenclature to {@link NomenclatureLike}, with bounded caches. */
export function verdictNomenclature(n: Nomenclature): NomenclatureLike {
  const children = new Map<string, ChildCode[] | undefined>();
  const known = new Map<string, boolean>();
  return {
    correlate: (code, from, to) => n.correlate(code, from, to),
    cnChildren(code: string, year: number): ChildCode[] | undefined {
      if (!CN_YEARS.has(year) || code.length >= 8 || code.length < 2) return undefined;
      const key = `${year}|${code}`;
      if (children.has(key)) return children.get(key);
      const edition = `CN${year}` as Edition;
      // The CN tree has nodes for only some 4/6-digit codes: start at the nearest node that exists and walk down,
      // keeping the branches compatible with the code.
      let start: HsEntry | undefined;
      for (const k of [code, code.slice(0, 4), code.slice(0, 2)]) {
        if (k.length < 2 || k.length % 2 !== 0) continue;
        start = n.lookup(k, edition);
        if (start) break;
      }
      if (!start) return remember(children, key, undefined);
      const out: ChildCode[] = [];
      const stack = [start.code];
      while (stack.length > 0) {
        const at = stack.pop() as string;
        for (const x of n.children(at, edition)) {
          if (x.level === "cn8") {
            if (x.code.startsWith(code)) out.push({ code: x.code, description: x.description });
          } else if (x.code.startsWith(code) || code.startsWith(x.code)) stack.push(x.code);
        }
      }
      out.sort((a, b) => (a.code < b.code ? -1 : 1));
      return remember(children, key, out.length > 0 ? out : undefined);
    },
    cnCodeExists(code: string, year: number): boolean | undefined {
      if (!CN_YEARS.has(year) || code.length !== 8) return undefined;
      const hit = n.lookup(code, `CN${year}` as Edition);
      return hit !== undefined && hit.code === code;
    },
    knownCode(code: string): boolean {
      const hit = known.get(code);
      if (hit !== undefined) return hit;
      // Beyond 6 digits codes are national (CN, HTS, UK, JP, CA) and only CN is bundled: a code is known when its
      // HS part (up to 6 digits) exists in HS 2022 or HS 2017, or — at 8 digits — it is a CN code of some year.
      const hs = code.slice(0, Math.min(6, code.length - (code.length % 2)));
      let ok = hs.length >= 2 && (n.lookup(hs, "HS2022") !== undefined || n.lookup(hs, "HS2017") !== undefined);
      if (!ok && code.length === 8) ok = n.lookup(code) !== undefined;
      return remember(known, code, ok);
    },
  };
}

/** The engine's nomenclature adapted for verdicts, loaded once. */
export function getVerdictNomenclature(engine: Engine): Promise<NomenclatureLike> {
  return engine.lazy("verdicts.nomenclature", async () => verdictNomenclature(await getNomenclature(engine)));
}
