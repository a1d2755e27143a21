/** CSV reading shared by the CSV/TSV parsers: csv-parse with its errors turned into list errors. */
import { parse } from "csv-parse/sync";
import { listError } from "./common.ts";

/** Reads delimited text into rows of strings. Throws `LIST_CSV_MALFORMED` (e.g. an unclosed quote at a cut). */
export function readRows(text: string, file: string | undefined, delimiter = ","): string[][] {
  try {
    return parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }) as string[][];
  } catch (e) {
    const err = e as Error & { lines?: number; code?: string };
    throw listError(
      "LIST_CSV_MALFORMED",
      `not readable as ${delimiter === "\t" ? "TSV" : "CSV"}${err.lines ? ` (line ${err.lines})` : ""}: ${err.message}`,
      file,
      [
        {
          code: "csv_malformed",
          message: err.message,
          ...(file ? { file } : {}),
          ...(err.lines ? { row: err.lines } : {}),
        },
      ],
    );
  }
}

/**
 * Checks every row's width. A short last row means the download was cut (`LIST_FILE_TRUNCATED`); other bad rows
 * are returned as issues so the caller can skip them and go on.
 */
export function checkWidths(
  rows: string[][],
  width: number,
  file: string | undefined,
  firstRow = 1,
): { ok: boolean[]; issues: { code: string; message: string; file?: string; row: number }[] } {
  const ok: boolean[] = [];
  const issues: { code: string; message: string; file?: string; row: number }[] = [];
  rows.forEach((r, i) => {
    const good = r.length === width;
    ok.push(good);
    if (good) return;
    if (i === rows.length - 1 && r.length < width)
      throw listError(
        "LIST_FILE_TRUNCATED",
        `the last row has ${r.length} of ${width} columns: the file looks cut off`,
        file,
        [{ code: "row_truncated", message: `expected ${width} columns`, ...(file ? { file } : {}), row: i + firstRow }],
      );
    issues.push({
      code: "bad_column_count",
      message: `expected ${width} columns, found ${r.length}; row skipped`,
      ...(file ? { file } : {}),
      row: i + firstRow,
    });
  });
  return { ok, issues };
}
