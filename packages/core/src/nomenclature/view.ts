import type { Edition, HsEdition, HsEntry, Nomenclature, Relationship, SearchOptions } from "./types.ts";

/** What `embargo hs <code> --json` and `GET /v1/hs/{code}` return: the entry with its tree context. */
export interface CodeView extends HsEntry {
  /** Ancestors from the section down to the direct parent. */
  parents: HsEntry[];
  /** Direct children (for an HS 2022 subheading: the latest CN's 8-digit codes). */
  children: HsEntry[];
  /** HS 6-digit codes: the UNSD correlation to the other HS edition (`[]` when the table has no row). */
  correlation?: { to: HsEdition; links: { code: string; relationship: Relationship; description?: string }[] };
  /** The nomenclature data version the answer came from. */
  dataVersion: string;
}

/** What a text search returns to front ends. */
export interface SearchView {
  query: string;
  results: { code: string; edition: Edition; level: HsEntry["level"]; description: string; score: number }[];
  dataVersion: string;
}

/** An entry with parents, children and (HS 6-digit) correlation. Throws like {@link Nomenclature.get}. */
export function codeView(nom: Nomenclature, code: string, edition?: Edition): CodeView {
  const entry = nom.get(code, edition);
  const view: CodeView = {
    ...entry,
    parents: nom.parents(entry.code, entry.edition),
    children: nom.children(entry.code, entry.edition),
    dataVersion: nom.version,
  };
  if (entry.level === "subheading" && (entry.edition === "HS2022" || entry.edition === "HS2017")) {
    const to: HsEdition = entry.edition === "HS2022" ? "HS2017" : "HS2022";
    const links = nom.correlate(entry.code, entry.edition, to).map((l) => {
      const description = nom.lookup(l.code, to)?.description;
      return description === undefined ? l : { ...l, description };
    });
    view.correlation = { to, links };
  }
  return view;
}

/** Ranked text matches in the front-end shape. */
export function searchView(nom: Nomenclature, query: string, options: SearchOptions = {}): SearchView {
  return {
    query,
    results: nom.search(query, options).map((h) => ({
      code: h.entry.code,
      edition: h.entry.edition,
      level: h.entry.level,
      description: h.entry.description,
      score: h.score,
    })),
    dataVersion: nom.version,
  };
}

/** Whether user input is meant as a code (digits and separators, or a section numeral) rather than words. */
export function looksLikeCode(input: string): boolean {
  const t = input.trim();
  return /^[\d\s.-]+$/.test(t) || (/^(X{0,2})(IX|IV|V?I{0,3})$/i.test(t.replace(/\s+/g, "")) && t.length > 0);
}
