/**
 * Parses a source's files with the source's parser. Kept apart from the registry (`sources.ts`) so that loading
 * the registry does not load the parsers and their XML/CSV libraries: the store imports this module dynamically,
 * only when a list is actually parsed (a start served from the snapshot cache never loads it; issue 10).
 */
import { parseBisDpl } from "./bis-dpl.ts";
import type { ParsedList } from "./common.ts";
import { parseCsl } from "./csl.ts";
import { parseEuXml } from "./eu-xml.ts";
import { parseFtm } from "./ftm.ts";
import { parseOfacCsv } from "./ofac-csv.ts";
import { parseOfacXml } from "./ofac-xml.ts";
import { parseOfsiCsv } from "./ofsi-csv.ts";
import type { ListSource, SourceParseOptions } from "./sources.ts";
import { parseUkCsv } from "./uk-csv.ts";
import { parseUnXml } from "./un-xml.ts";

/** Parses a source's files (role → bytes) with the source's parser. */
export function parseSourceFiles(
  source: ListSource,
  files: Record<string, Uint8Array | string>,
  parseOptions: SourceParseOptions = {},
): ParsedList {
  const primary = files.primary;
  if (primary === undefined) throw new TypeError(`no primary file for ${source.id}`);
  const file = source.files.primary;
  const list = source.id;
  switch (source.format) {
    case "ofac-csv":
      return parseOfacCsv(
        {
          primary,
          ...(files.alt !== undefined ? { alt: files.alt } : {}),
          ...(files.add !== undefined ? { add: files.add } : {}),
          ...(files.comments !== undefined ? { comments: files.comments } : {}),
        },
        { list, files: source.files, ...(parseOptions.aliasOnly ? { aliasOnly: parseOptions.aliasOnly } : {}) },
      );
    case "ofac-xml":
      return parseOfacXml(primary, { file, list });
    case "un-xml":
      return parseUnXml(primary, { file, list });
    case "eu-xml":
      return parseEuXml(primary, { file, list });
    case "uk-csv":
      return parseUkCsv(primary, { file, list });
    case "ofsi-csv":
      return parseOfsiCsv(primary, { file, list });
    case "bis-dpl":
      return parseBisDpl(primary, { file, list });
    case "csl":
      return parseCsl(primary, { file, list });
    case "ftm":
      return parseFtm(primary, { file, list });
  }
}
