/**
 * OFAC-parity scoring: an emulation of the US Treasury's Sanctions List Search tool as described in OFAC FAQ 249
 * and the reverse-engineered quirks summarised in the domain brief (§3): name only; the higher of (1) whole-string
 * Jaro-Winkler (SimMetrics style: prefix bonus always applied), counted only when the first letters agree, and
 * (2) per-part best-pair Jaro-Winkler averaged over the query parts; query parts of ≤ 2 characters dropped;
 * the entity score is the maximum over its names. Scores are 0–100 integers, like the tool's.
 *
 * No qualifiers (dates, countries, identifiers) are used: the tool ignores them too. This mode exists so an auditor
 * can compare results with the official tool; the evidence scorer is the one used for verdicts.
 */
import { normalise } from "./normalise.ts";
import { jaroWinkler } from "./strings.ts";

/** Per-part similarities below this count as no match (the brief's "0.5 floor"). */
export const OFAC_PART_FLOOR = 0.5;

/** "LAST, First Middle" → "first middle last"; other names unchanged (normalised). */
export function ofacDisplayOrder(name: string): string {
  const i = name.indexOf(",");
  if (i > 0 && name.indexOf(",", i + 1) < 0) return normalise(`${name.slice(i + 1)} ${name.slice(0, i)}`);
  return normalise(name);
}

/** OFAC-parity score (0–100) of a query against one listed name. */
export function ofacNameScore(query: string, listed: string): number {
  const q = normalise(query);
  const all = q.split(" ").filter((t) => t !== "");
  // Parts of ≤ 2 characters are dropped, unless that would leave nothing ("Z" is still searched).
  const long = all.filter((t) => t.length > 2);
  const qParts = long.length > 0 ? long : all;
  const whole = ofacDisplayOrder(listed);
  const lParts = whole.split(" ").filter((t) => t !== "");
  if (qParts.length === 0 || lParts.length === 0) return 0;
  const qs = qParts.join(" ");
  const wholeScore = qs[0] === whole[0] ? jaroWinkler(qs, whole, 0) : 0;
  let sum = 0;
  for (const part of qParts) {
    let best = 0;
    for (const other of lParts) best = Math.max(best, jaroWinkler(part, other, 0));
    sum += best >= OFAC_PART_FLOOR ? best : 0;
  }
  const partScore = sum / qParts.length;
  return Math.round(Math.min(1, Math.max(wholeScore, partScore)) * 100);
}

/** OFAC-parity score of a query against an entity's names (maximum over names). */
export function ofacEntityScore(query: string, names: string[]): { score: number; name: string } {
  let best = { score: 0, name: names[0] ?? "" };
  for (const n of names) {
    const s = ofacNameScore(query, n);
    if (s > best.score) best = { score: s, name: n };
  }
  return best;
}
