/**
 * CSV reading shared by the CSV/TSV parsers. A small RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF,
 * empty lines skipped, ragged rows kept) that is strict where csv-parse is strict — an unclosed quote, a quote
 * opening inside an unquoted field, or text after a closing quote is `LIST_CSV_MALFORMED` — and about six times
 * faster than csv-parse on the 15 MB OFSI file (it is on the load path of every CLI start).
 */
import { listError } from "./common.ts";

function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < pos; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

function malformed(text: string, pos: number, what: string, file: string | undefined, delimiter: string): never {
  const line = lineAt(text, pos);
  const message = `${what} (line ${line})`;
  throw listError("LIST_CSV_MALFORMED", `not readable as ${delimiter === "\t" ? "TSV" : "CSV"}: ${message}`, file, [
    { code: "csv_malformed", message, ...(file ? { file } : {}), row: line },
  ]);
}

/** Reads delimited text into rows of strings. Throws `LIST_CSV_MALFORMED` (e.g. an unclosed quote at a cut). */
export function readRows(text: string, file: string | undefined, delimiter = ","): string[][] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < n) {
    const c0 = text.charCodeAt(i);
    // An empty line (at a row start) is skipped.
    if (row.length === 0 && (c0 === 10 || c0 === 13)) {
      i++;
      continue;
    }
    let end: number;
    if (c0 === 34) {
      let value = "";
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) malformed(text, i, "quoted field not closed", file, delimiter);
        if (text.charCodeAt(q + 1) === 34) {
          value += text.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        value += text.slice(j, q);
        end = q + 1;
        break;
      }
      row.push(value);
      const c = text.charCodeAt(end);
      if (end < n && c !== d && c !== 10 && c !== 13)
        malformed(text, end, "unexpected character after a closing quote", file, delimiter);
    } else {
      let j = i;
      for (; j < n; j++) {
        const c = text.charCodeAt(j);
        if (c === d || c === 10 || c === 13) break;
        if (c === 34) malformed(text, j, "quote inside an unquoted field", file, delimiter);
      }
      row.push(text.slice(i, j));
      end = j;
    }
    if (end >= n) break;
    const c = text.charCodeAt(end);
    if (c === d) {
      i = end + 1;
      // A delimiter at the very end of the text opens one more, empty field (before a line end the loop reads it).
      if (i >= n) row.push("");
      continue;
    }
    // Line end (CRLF, LF or CR).
    i = c === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
    rows.push(row);
    row = [];
  }
  if (row.length > 0) rows.push(row);
  return rows;
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
