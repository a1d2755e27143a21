import { invalidInput, isEmbargoError } from "@embargo/core";
import {
  type CodeView,
  codeView,
  EDITIONS,
  type Edition,
  getNomenclature,
  type HsEntry,
  looksLikeCode,
  type Nomenclature,
  type SearchView,
  searchView,
} from "@embargo/core/nomenclature";
import { type Command, parse } from "../command.ts";
import { editDistance } from "../suggest.ts";

const usage = "embargo hs <code|text> [--edition HS2022|HS2017|CN2023..CN2026] [--json] [--limit N]";

/** Parses `--edition` case-insensitively; unknown editions are bad input. */
export function parseEdition(value: string | undefined): Edition | undefined {
  if (value === undefined) return undefined;
  const e = EDITIONS.find((x) => x === value.toUpperCase());
  if (!e)
    throw invalidInput("HS_EDITION_INVALID", `unknown edition '${value}' (one of ${EDITIONS.join(", ")})`, [
      { code: "invalid_enum", field: "edition", message: `expected one of ${EDITIONS.join(", ")}` },
    ]);
  return e;
}

/** Parses `--limit` as a positive integer (max 1000). */
export function parseLimit(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw invalidInput("LIMIT_INVALID", `--limit must be an integer between 1 and 1000, not '${value}'`, [
      { code: "invalid_number", field: "limit", message: "expected an integer 1–1000" },
    ]);
  return n;
}

function label(e: HsEntry): string {
  const bits: string[] = [e.edition, e.level];
  if (e.years && e.level !== "section") bits.push(`CN ${yearsText(e.years)}`);
  return bits.join(" ");
}

function yearsText(years: number[]): string {
  const first = years[0];
  const last = years[years.length - 1];
  return years.length > 1 && last !== undefined && first !== undefined && last - first === years.length - 1
    ? `${first}–${last}`
    : years.join(", ");
}

function formatCode(v: CodeView): string {
  const width = Math.max(8, ...v.parents.map((p) => p.code.length), ...v.children.map((c) => c.code.length));
  const lines = [`${v.code}  ${v.description}`, `  ${label(v)}${v.section ? ` · section ${v.section}` : ""}`];
  if (v.leaf !== undefined) lines.push(`  leaf text: ${v.leaf}`);
  if (v.supplementaryUnit) lines.push(`  supplementary unit: ${v.supplementaryUnit}`);
  if (v.parents.length > 0) {
    lines.push("", "Parents:");
    for (const p of v.parents) lines.push(`  ${p.code.padEnd(width)}  ${p.description}`);
  }
  if (v.children.length > 0) {
    const from = v.children[0]?.edition !== v.edition ? ` (${v.children[0]?.edition})` : "";
    lines.push("", `Children${from} (${v.children.length}):`);
    for (const c of v.children) lines.push(`  ${c.code.padEnd(width)}  ${c.leaf ?? c.description}`);
  }
  if (v.correlation) {
    lines.push("", `${v.correlation.to} correlation (UNSD, relationship ${v.edition}:${v.correlation.to}):`);
    if (v.correlation.links.length === 0) lines.push("  (no row in the UNSD correlation table)");
    for (const l of v.correlation.links) lines.push(`  ${l.code}  ${l.relationship.padEnd(3)}  ${l.description ?? ""}`);
  }
  lines.push("", `data: ${v.dataVersion}`);
  return `${lines.join("\n")}\n`;
}

function formatSearch(s: SearchView): string {
  if (s.results.length === 0) return `No description matches '${s.query}'.\n`;
  const lines = s.results.map(
    (r) =>
      `${r.code.padEnd(8)}  ${r.edition.padEnd(6)}  ${r.level.padEnd(10)}  ${r.score.toFixed(2).padStart(6)}  ${r.description}`,
  );
  return `${["code      edition  level       score  description", ...lines].join("\n")}\n`;
}

/**
 * A code that does not exist: add the nearest existing ones to the error — codes of the same length under the
 * deepest existing parent within two edits (a transposed or mistyped digit), else that parent's first codes.
 */
function withNearestCodes(e: unknown, nom: Nomenclature, input: string, edition: Edition | undefined): unknown {
  if (!isEmbargoError(e) || e.code !== "HS_CODE_NOT_FOUND") return e;
  let code: string;
  try {
    code = nom.normalise(input);
  } catch {
    return e;
  }
  for (let n = code.length - 2; n >= 2; n -= 2) {
    const parent = nom.lookup(code.slice(0, n), edition);
    if (!parent) continue;
    const kids = nom.children(parent.code, edition).filter((k) => k.code.length === code.length);
    if (kids.length === 0) continue;
    const near = kids
      .map((k) => ({ k, d: editDistance(code, k.code) }))
      .filter((x) => x.d <= 2)
      .sort((a, b) => a.d - b.d || a.k.code.localeCompare(b.k.code))
      .map((x) => x.k);
    const shown = (near.length > 0 ? near : kids).slice(0, 6);
    const list = shown.map((k) => `${k.code} (${k.description.slice(0, 60)})`).join(", ");
    e.message += near.length > 0 ? ` — did you mean ${list}?` : ` — codes under ${parent.code}: ${list}`;
    e.details.suggestions = shown.map((k) => k.code);
    return e;
  }
  return e;
}

/** `embargo hs`: look up an HS/CN code (entry, parents, children, HS2017 correlation) or search descriptions. */
export const hsCommand: Command = {
  name: "hs",
  summary: "Look up an HS / EU CN code (any level, any punctuation) or search descriptions by text",
  usage,
  examples: [
    "npx embargo hs 8542.31 --json",
    'npx embargo hs "integrated circuits"',
    "npx embargo hs 85423190 --edition CN2024",
  ],
  async run(ctx, argv) {
    const { values, positionals } = parse(
      argv,
      { edition: { type: "string" }, json: { type: "boolean" }, limit: { type: "string" } },
      usage,
    );
    const input = positionals.join(" ").trim();
    if (input === "") throw invalidInput("CLI_BAD_ARGUMENTS", `a code or some words are required\nusage: ${usage}`);
    const edition = parseEdition(values.edition);
    const nom = await getNomenclature(ctx.engine);
    if (looksLikeCode(input)) {
      let view: ReturnType<typeof codeView>;
      try {
        view = codeView(nom, input, edition);
      } catch (e) {
        throw withNearestCodes(e, nom, input, edition);
      }
      if (values.json) ctx.json(view);
      else ctx.out(formatCode(view));
      return 0;
    }
    const view = searchView(nom, input, {
      limit: parseLimit(values.limit, 20),
      ...(edition === undefined ? {} : { edition }),
    });
    if (values.json) ctx.json(view);
    else ctx.out(formatSearch(view));
    return 0;
  },
};
