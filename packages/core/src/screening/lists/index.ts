/**
 * The list parsers: each official file format read into entities (`@embargo/core/screening/parsers`). Apart from
 * `@embargo/core/screening` because they carry fast-xml-parser and csv-parse, which a start that screens from the
 * snapshot cache must not load (issue 10); the store imports `parse.ts` dynamically when it parses a list.
 */
export { parseBisDpl } from "./bis-dpl.ts";
export { cslSourceCode, parseCsl } from "./csl.ts";
export { parseEuXml } from "./eu-xml.ts";
export { type FtmOptions, parseFtm } from "./ftm.ts";
export { type OfacCsvFiles, type OfacCsvOptions, parseOfacCsv } from "./ofac-csv.ts";
export { parseOfacXml } from "./ofac-xml.ts";
export { parseOfsiCsv } from "./ofsi-csv.ts";
export { parseSourceFiles } from "./parse.ts";
export { parseUkCsv } from "./uk-csv.ts";
export { parseUnXml } from "./un-xml.ts";
