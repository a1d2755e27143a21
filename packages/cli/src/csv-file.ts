import { readFile } from "node:fs/promises";
import path from "node:path";
import { invalidInput } from "@embargo/core";
import { parse as parseCsv } from "csv-parse/sync";

/**
 * Reads a CSV file named on the command line (relative to `cwd`) into records keyed by the lower-cased, trimmed
 * header; a BOM, blank lines and ragged rows are tolerated (each command validates its rows and reports them by
 * number). An unreadable file or invalid CSV throws `codes.unreadable` / `codes.invalid`, naming the file.
 */
export async function readCsvRecords(
  cwd: string,
  name: string,
  codes: { unreadable: string; invalid: string },
): Promise<Record<string, string>[]> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, name), "utf8");
  } catch (e) {
    throw invalidInput(codes.unreadable, `cannot read ${name}: ${(e as Error).message}`, [
      { code: "unreadable", message: (e as Error).message, file: name },
    ]);
  }
  try {
    return parseCsv(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch (e) {
    throw invalidInput(codes.invalid, `${name} is not valid CSV: ${(e as Error).message}`, [
      { code: "invalid_csv", message: (e as Error).message, file: name },
    ]);
  }
}
