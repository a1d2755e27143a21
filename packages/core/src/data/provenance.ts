/**
 * The bundled data's provenance: `data/PROVENANCE.md` and each area's `data/<area>/PROVENANCE.md` (sources, snapshot
 * dates, licences), with the attribution lines the sources require pulled out so a front end can show them first.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** One bundled data area's provenance document. */
export interface ProvenanceArea {
  /** The area's folder under `data/` (lists, nomenclature, regimes…). */
  area: string;
  /** Its provenance file, relative to `data/`. */
  file: string;
  markdown: string;
  /** Lines under an "Attribution" heading, or bullets starting with "Attribution". */
  attributions: string[];
}

/** The bundled data's provenance: the index document and every area's. */
export interface DataProvenance {
  /** `data/PROVENANCE.md` ("" when absent). */
  index: string;
  /** Areas in name order; an area without a provenance file is left out. */
  areas: ProvenanceArea[];
}

/** Pulls attribution lines out of a provenance document (headings named "Attribution…", or labelled lines). */
export function attributionLines(markdown: string): string[] {
  const out: string[] = [];
  let inSection = false;
  for (const line of markdown.split("\n")) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      inSection = /attribution/i.test(heading[1] ?? "");
      continue;
    }
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    if (inSection && bullet?.[1]) out.push(bullet[1].trim());
    else if (!inSection && bullet?.[1] && /^\**attribution\**\s*:/i.test(bullet[1]))
      out.push(
        bullet[1]
          .replace(/^\**attribution\**\s*:\s*/i, "")
          .replace(/^\*\*(.*)\*\*$/, "$1")
          .trim(),
      );
  }
  return out;
}

/** Reads `<dataDir>/PROVENANCE.md` and every `<dataDir>/<area>/PROVENANCE.md`. */
export async function readDataProvenance(dataDir: string): Promise<DataProvenance> {
  const index = await readFile(path.join(dataDir, "PROVENANCE.md"), "utf8").catch(() => "");
  const areas: ProvenanceArea[] = [];
  const names = await readdir(dataDir, { withFileTypes: true }).catch(() => []);
  for (const d of names.filter((n) => n.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(d.name, "PROVENANCE.md");
    const markdown = await readFile(path.join(dataDir, file), "utf8").catch(() => undefined);
    if (markdown !== undefined) areas.push({ area: d.name, file, markdown, attributions: attributionLines(markdown) });
  }
  return { index, areas };
}
