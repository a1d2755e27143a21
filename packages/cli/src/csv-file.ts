import { readFile } from "node:fs/promises";
import path from "node:path";
import { invalidInput } from "@embargo/core";

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
  return (await readCsvTable(cwd, name, codes)).records;
}

/** {@link readCsvRecords} with the header (lower-cased, trimmed), so a command can name the columns it ignores. */
export async function readCsvTable(
  cwd: string,
  name: string,
  codes: { unreadable: string; invalid: string },
): Promise<{ header: string[]; records: Record<string, string>[] }> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, name), "utf8");
  } catch (e) {
    throw invalidInput(codes.unreadable, `cannot read ${name}: ${(e as Error).message}`, [
      { code: "unreadable", message: (e as Error).message, file: name },
    ]);
  }
  // csv-parse is imported here, when a CSV file is read, not with the commands that may read one (issue 10).
  const { parse: parseCsv } = await import("csv-parse/sync");
  let header: string[] = [];
  try {
    const records: Record<string, string>[] = parseCsv(text, {
      columns: (h: string[]) => {
        header = h.map((c) => c.trim().toLowerCase());
        return header;
      },
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
    return { header, records };
  } catch (e) {
    throw invalidInput(codes.invalid, `${name} is not valid CSV: ${(e as Error).message}`, [
      { code: "invalid_csv", message: (e as Error).message, file: name },
    ]);
  }
}
