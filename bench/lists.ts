/**
 * List parsing: time to parse each bundled list into entities, against a baseline measured in the same run on the
 * same bytes — the bare CSV/TSV read (csv-parse) or the bare XML parse (fast-xml-parser, no validation) — so the
 * ratio shows what entity building, remarks parsing and the safety checks cost on top of reading the format.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { createEngine } from "@embargo/core";
import { getListSnapshots } from "@embargo/core/screening";
import { parseBisDpl, parseCsl, parseOfacCsv, parseOfsiCsv, parseUnXml } from "@embargo/core/screening/parsers";
import { parse as csvParse } from "csv-parse/sync";
import { XMLParser } from "fast-xml-parser";
import { type BenchModule, type Figure, figure, timeRuns } from "./harness.ts";

const dir = path.resolve(import.meta.dirname, "../data/lists");
const read = (p: string) => gunzipSync(readFileSync(path.join(dir, p)));

export const listsBench: BenchModule = {
  capability: "lists",
  async run(): Promise<Figure[]> {
    const sdn = {
      primary: read("ofac-sdn/sdn.csv.gz"),
      alt: read("ofac-sdn/alt.csv.gz"),
      add: read("ofac-sdn/add.csv.gz"),
    };
    const ofsi = read("uk-ofsi/ConList.csv.gz");
    const un = read("un-sc/un_sc_consolidated_2026-02-27.xml.gz");
    const dpl = read("bis-dpl/bis_denied_persons_list_2022-09.txt.gz");
    const csl = read("trade-gov-csl/trade_gov_csl_sample_2025-06.csv.gz");
    const csvRead = (b: Uint8Array, delimiter = ",") =>
      csvParse(new TextDecoder().decode(b), { delimiter, relax_column_count: true, skip_empty_lines: true });
    const cases: { name: string; bytes: number; parse: () => unknown; baseline: () => unknown; base: string }[] = [
      {
        name: "OFAC SDN legacy CSV of 2024-05-03 + mid-2025 aliases/addresses (3 files, 14,965 entries + 1,724 alias-only)",
        bytes: Object.values(sdn).reduce((n, b) => n + b.byteLength, 0),
        parse: () => parseOfacCsv(sdn, { aliasOnly: "alias-only" }),
        baseline: () =>
          Object.values(sdn).map((b) =>
            csvRead(b.subarray(0, b.lastIndexOf(0x1a) > 0 ? b.lastIndexOf(0x1a) : b.length)),
          ),
        base: "csv-parse of the same 3 files",
      },
      {
        name: "OFSI ConList CSV (18,798 rows, 4,688 groups)",
        bytes: ofsi.byteLength,
        parse: () => parseOfsiCsv(ofsi),
        baseline: () => csvRead(ofsi),
        base: "csv-parse of the same bytes",
      },
      {
        name: "UN consolidated XML (1,003 entries)",
        bytes: un.byteLength,
        parse: () => parseUnXml(un),
        baseline: () => new XMLParser({ ignoreAttributes: false }).parse(un.toString("utf8")),
        base: "fast-xml-parser parse of the same bytes (no validation, no safety scan)",
      },
      {
        name: "BIS Denied Persons List TSV (581 rows)",
        bytes: dpl.byteLength,
        parse: () => parseBisDpl(dpl),
        baseline: () => csvRead(dpl, "\t"),
        base: "csv-parse (TSV) of the same bytes",
      },
      {
        name: "trade.gov CSL sample CSV (13 rows)",
        bytes: csl.byteLength,
        parse: () => parseCsl(csl),
        baseline: () => csvRead(csl),
        base: "csv-parse of the same bytes",
      },
    ];
    const figures: Figure[] = [];
    for (const c of cases) {
      const base = await timeRuns(c.baseline, 7, 2);
      const samples = await timeRuns(c.parse, 7, 2);
      const b = figure({ name: "b", unit: "ms", samples: base, betterIs: "lower" });
      figures.push(
        figure({
          name: `parse ${c.name} into entities (${(c.bytes / 1e6).toFixed(2)} MB)`,
          unit: "ms",
          samples,
          baseline: { name: c.base, median: b.median },
          betterIs: "lower",
        }),
      );
    }
    const load = await timeRuns(() => getListSnapshots(createEngine()), 5, 1);
    figures.push(
      figure({
        name: "cold load of every bundled list (gunzip, SHA-256 check, parse) by a new engine",
        unit: "ms",
        samples: load,
        betterIs: "lower",
      }),
    );
    return figures;
  },
};
