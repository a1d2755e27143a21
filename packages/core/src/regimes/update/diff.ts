/** The readable difference between two versions of one source's imported measures: codes added/removed per measure. */
import type { RegimeOverlay } from "./schema.ts";
import { measureCodes } from "./schema.ts";

export interface MeasureDiff {
  measureId: string;
  title: string;
  change: "added" | "removed" | "changed";
  codesAdded: string[];
  codesRemoved: string[];
  /** Other fields that changed (dates, countries, kind, legal basis). */
  fields: string[];
}

export interface RegimeDiff {
  source: string;
  from: { publicationDate: string; sha256: string } | null;
  to: { publicationDate: string; sha256: string };
  measures: MeasureDiff[];
  codesAdded: number;
  codesRemoved: number;
}

const FIELDS = ["kind", "direction", "countries", "effective", "legalBasis", "exemptions", "thresholds"] as const;

/** Compares the measures of `before` (null: nothing imported yet) and `after`, by measure id. */
export function diffOverlays(before: RegimeOverlay | null, after: RegimeOverlay): RegimeDiff {
  const prev = new Map((before?.measures ?? []).map((m) => [m.id, m]));
  const next = new Map(after.measures.map((m) => [m.id, m]));
  const out: MeasureDiff[] = [];
  for (const [id, m] of next) {
    const p = prev.get(id);
    const now = measureCodes(m);
    if (!p) {
      out.push({ measureId: id, title: m.title, change: "added", codesAdded: now, codesRemoved: [], fields: [] });
      continue;
    }
    const was = new Set(measureCodes(p));
    const is = new Set(now);
    const codesAdded = now.filter((c) => !was.has(c));
    const codesRemoved = [...was].filter((c) => !is.has(c));
    const fields = FIELDS.filter((f) => JSON.stringify(p[f]) !== JSON.stringify(m[f]));
    if (codesAdded.length > 0 || codesRemoved.length > 0 || fields.length > 0)
      out.push({ measureId: id, title: m.title, change: "changed", codesAdded, codesRemoved, fields: [...fields] });
  }
  for (const [id, p] of prev)
    if (!next.has(id))
      out.push({
        measureId: id,
        title: p.title,
        change: "removed",
        codesAdded: [],
        codesRemoved: measureCodes(p),
        fields: [],
      });
  return {
    source: after.source,
    from: before ? { publicationDate: before.publicationDate, sha256: before.sha256 } : null,
    to: { publicationDate: after.publicationDate, sha256: after.sha256 },
    measures: out,
    codesAdded: out.reduce((n, d) => n + d.codesAdded.length, 0),
    codesRemoved: out.reduce((n, d) => n + d.codesRemoved.length, 0),
  };
}

/** The diff as text, one block per measure ("+ 8703231990" / "- 8703239000"). */
export function formatRegimeDiff(d: RegimeDiff): string {
  const lines = [
    `${d.source}: ${d.from ? `${d.from.publicationDate} (${d.from.sha256.slice(0, 12)})` : "bundled data only"} → ${d.to.publicationDate} (${d.to.sha256.slice(0, 12)}): +${d.codesAdded} −${d.codesRemoved} codes`,
  ];
  if (d.measures.length === 0) lines.push("  no measure changed");
  for (const m of d.measures) {
    lines.push(
      `  ${m.change} ${m.measureId} — ${m.title}${m.fields.length ? ` (changed: ${m.fields.join(", ")})` : ""}`,
    );
    for (const c of m.codesAdded) lines.push(`    + ${c}`);
    for (const c of m.codesRemoved) lines.push(`    - ${c}`);
  }
  return `${lines.join("\n")}\n`;
}
