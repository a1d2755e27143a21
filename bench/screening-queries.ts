/**
 * Deterministic query sets for the screening benchmark and evaluation: listed names (optionally perturbed) and
 * names that are not listed, drawn with a seeded PRNG so runs are comparable.
 */
import type { Entity } from "@embargo/core/screening";
import { transliterations } from "@embargo/core/screening";

/** mulberry32: small seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(r: () => number, xs: T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

/** Common given names and surnames across languages, for names that should not be listed. */
export const GIVEN = [
  "John",
  "Maria",
  "Peter",
  "Anna",
  "James",
  "Laura",
  "Michael",
  "Sophie",
  "David",
  "Elena",
  "Thomas",
  "Julia",
  "Daniel",
  "Clara",
  "Lukas",
  "Emma",
  "Pierre",
  "Chiara",
  "Hans",
  "Ingrid",
  "Kenji",
  "Mei",
  "Carlos",
  "Lucia",
  "Olga",
  "Pavel",
  "Natalia",
  "Ivan",
  "Yuki",
  "Ahmed",
  "Fatima",
  "Jan",
  "Eva",
  "Marco",
  "Paula",
  "Henrik",
];
export const FAMILY = [
  "Smith",
  "Garcia",
  "Muller",
  "Rossi",
  "Dubois",
  "Jansen",
  "Nowak",
  "Tanaka",
  "Kowalski",
  "Novak",
  "Schmidt",
  "Fischer",
  "Bianchi",
  "Moreau",
  "Silva",
  "Santos",
  "Andersson",
  "Nielsen",
  "Horvath",
  "Papadopoulos",
  "Wagner",
  "Becker",
  "Martin",
  "Bernard",
  "Lopez",
  "Gonzalez",
  "Weber",
  "Meyer",
  "Wright",
  "Taylor",
  "Brown",
  "Wilson",
];
export const COMPANY_WORDS = [
  "Alpine",
  "Baltic",
  "Coastal",
  "Delta",
  "Evergreen",
  "Falcon",
  "Granite",
  "Harbor",
  "Iris",
  "Juniper",
  "Keystone",
  "Lumen",
  "Meridian",
  "Nordic",
  "Orchid",
  "Pioneer",
  "Quartz",
  "Riverside",
  "Summit",
  "Titan",
  "Union",
  "Vertex",
];
export const COMPANY_KINDS = [
  "Trading",
  "Logistics",
  "Holdings",
  "Machinery",
  "Electronics",
  "Foods",
  "Textiles",
  "Shipping",
];
export const FORMS = ["GmbH", "Ltd", "LLC", "S.A.", "B.V.", "Inc.", "S.r.l.", "AB", "Oy", "Sp. z o.o."];

/** A name that looks ordinary and is (almost certainly) not on any list. */
export function unlistedName(r: () => number): { name: string; type: "person" | "organization" } {
  if (r() < 0.5) return { name: `${pick(r, GIVEN)} ${pick(r, FAMILY)}`, type: "person" };
  return { name: `${pick(r, COMPANY_WORDS)} ${pick(r, COMPANY_KINDS)} ${pick(r, FORMS)}`, type: "organization" };
}

/** Screenable names of an entity (weak aliases excluded). */
export function screenable(e: Entity): string[] {
  return e.names.filter((n) => n.kind !== "weak_alias" && n.full.trim() !== "").map((n) => n.full);
}

export type Perturbation = "none" | "typo" | "transliteration" | "order_swap" | "drop_patronymic" | "case_punct";

const PATRONYMIC = /(ovich|evich|ovna|evna|ovych|ivna|ich)$/i;

/** Applies one perturbation to a listed name (returns undefined when it does not apply). */
export function perturb(name: string, kind: Perturbation, r: () => number): string | undefined {
  // "LAST, First" → "First LAST" first, as a user would type it.
  const i = name.indexOf(",");
  const natural =
    i > 0 && name.indexOf(",", i + 1) < 0 ? `${name.slice(i + 1).trim()} ${name.slice(0, i).trim()}` : name;
  const words = natural.split(/\s+/).filter(Boolean);
  switch (kind) {
    case "none":
      return natural;
    case "case_punct":
      return natural.toLowerCase().replace(/[,.]/g, "");
    case "typo": {
      const candidates = words.map((w, k) => [w, k] as const).filter(([w]) => w.length >= 6);
      if (candidates.length === 0) return undefined;
      const [w, k] = pick(r, candidates);
      const p = 1 + Math.floor(r() * (w.length - 2));
      const op = r();
      let nw: string;
      if (op < 0.33)
        nw = w.slice(0, p) + w.slice(p + 1); // deletion
      else if (op < 0.66)
        nw = w.slice(0, p) + (w[p + 1] ?? "") + (w[p] ?? "") + w.slice(p + 2); // transposition
      else nw = w.slice(0, p) + "aeiou"[Math.floor(r() * 5)] + w.slice(p + 1); // substitution
      const out = [...words];
      out[k] = nw;
      return out.join(" ");
    }
    case "order_swap":
      if (words.length < 2) return undefined;
      return [...words.slice(1), words[0]].join(" ");
    case "drop_patronymic": {
      const kept = words.filter((w) => !PATRONYMIC.test(w));
      return kept.length < words.length && kept.length >= 1 ? kept.join(" ") : undefined;
    }
    case "transliteration": {
      // Names the list gives in Cyrillic: another standard's Latin spelling. Latin names: re-spelled under another
      // convention (Sergey→Sergei, Aleksandr→Alexandr, Yuriy→Yuri, Khodorkovsky→Chodorkowski-like).
      if (/[\u0400-\u04ff]/.test(natural))
        return words
          .map((w) => {
            const t = transliterations(w.toLowerCase());
            return t.length > 1 ? (pick(r, t.slice(1)).latin as string) : (t[0]?.latin ?? w);
          })
          .join(" ");
      const rules: [RegExp, string][] = [
        [/ey\b/gi, "ei"],
        [/ei\b/gi, "ey"],
        [/iy\b/gi, "y"],
        [/ii\b/gi, "iy"],
        [/ks/gi, "x"],
        [/x/gi, "ks"],
        [/kh/gi, "h"],
        [/yu/gi, "iu"],
        [/ya/gi, "ia"],
        [/yev/gi, "ev"],
        [/sky\b/gi, "skiy"],
        [/v\b/gi, "w"],
      ];
      const order = [...rules].sort(() => r() - 0.5);
      for (const [re, rep] of order) {
        const out = natural.replace(re, rep);
        if (out !== natural) return out;
      }
      return undefined;
    }
  }
}
