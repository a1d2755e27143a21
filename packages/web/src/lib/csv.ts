/** Small CSV reader/writer for the browser (RFC 4180: quoted fields, doubled quotes, CRLF or LF). */

/** Parses CSV text into rows of fields. A leading byte-order mark is dropped; blank lines are skipped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    row.push(field);
    field = "";
    if (row.length > 1 || (row[0] ?? "") !== "") rows.push(row);
    row = [];
  };
  for (; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") endRow();
    else if (c === "\r") {
      if (text[i + 1] === "\n") i++;
      endRow();
    } else field += c;
  }
  if (field !== "" || row.length > 0) endRow();
  return rows;
}

/**
 * Reads a CSV of records with a header row into objects keyed by lower-cased header names. Without a header
 * naming a `name` column, every row is data and its first column is the name.
 */
export function csvRecords(text: string): Record<string, string>[] {
  const rows = parseCsv(text);
  const head = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  if (!head.includes("name")) return rows.map((r) => ({ name: (r[0] ?? "").trim() }));
  return rows.slice(1).map((r) => Object.fromEntries(head.map((h, i) => [h, (r[i] ?? "").trim()])));
}

/** Quotes a field when it holds a comma, quote or line break. Formula-leading characters are neutralised. */
export function csvField(v: unknown): string {
  let s = v === undefined || v === null ? "" : String(v);
  // A spreadsheet would run "=…", "+…", "-…", "@…" as a formula (CSV injection): prefix a quote.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Serialises rows (the first is the header) as CSV with CRLF line ends. */
export function toCsv(rows: unknown[][]): string {
  return `${rows.map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}
