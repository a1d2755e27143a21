/**
 * CSV batches of shipments: one item line per row; rows sharing a `shipment_id` form one shipment (the
 * shipment-level columns are read from its first row). Bad rows are reported one by one; the rest go on.
 */
import {
  type ErrorData,
  type ErrorIssue,
  invalidInput,
  isEmbargoError,
  toErrorData,
  unknownColumnWarnings,
} from "../errors/index.ts";
import { parseShipment, type Shipment } from "./shipment.ts";

/**
 * csv-parse, imported by the first CSV read rather than with the verdicts entry point: a check of one JSON
 * shipment never loads it (issue 10). The readers below are synchronous and run after {@link readShipmentsCsv} set it.
 */
let parse: typeof import("csv-parse/sync").parse;

/** Columns of a shipment CSV (header names). `code` and the party/destination/date columns are required. */
export const SHIPMENT_CSV_COLUMNS = [
  "shipment_id",
  "date",
  "contract_date",
  "direction",
  "exporter_name",
  "exporter_country",
  "consignee_name",
  "consignee_country",
  "end_user_name",
  "end_user_country",
  "destination",
  "origin",
  "route",
  "declarations",
  "line",
  "code",
  "edition",
  "description",
  "value",
  "currency",
  "quantity",
  "origin_country",
  "carats",
  "mining_country",
  "exported_from",
] as const;

const REQUIRED = [
  "date",
  "exporter_name",
  "exporter_country",
  "consignee_name",
  "consignee_country",
  "destination",
  "code",
];

/** One shipment of a batch: its data rows (1-based, header excluded), and either the shipment or the error. */
export interface BatchEntry {
  rows: number[];
  id?: string;
  shipment?: Shipment;
  error?: ErrorData;
}

type Row = Record<string, string | undefined>;

function num(v: string | undefined): number | string | undefined {
  if (v === undefined || v.trim() === "") return undefined;
  const n = Number(v.trim());
  return Number.isFinite(n) ? n : v;
}

function opt(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}

function list(v: string | undefined): string[] | undefined {
  const s = opt(v);
  return s === undefined
    ? undefined
    : s
        .split(/[;|]/)
        .map((x) => x.trim())
        .filter(Boolean);
}

function party(name: string | undefined, country: string | undefined): unknown {
  if (opt(name) === undefined && opt(country) === undefined) return undefined;
  return { name: name ?? "", country: country ?? "" };
}

/** Options every parse of a shipments CSV uses. */
const CSV_OPTIONS = {
  columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()),
  bom: true,
  skip_empty_lines: true,
  relax_column_count: true,
  trim: true,
  info: true,
} as const;

/** A physical record that could not be joined into a CSV record within this many lines is one bad row. */
const MAX_LINES_PER_RECORD = 20;

type Parsed = { record: Row; info: { error?: { code?: string }; index?: number } };

/** A record, or a row that could not be read as CSV (its 1-based data row and why). */
type RawRow = { record: Row; fields: number } | { bad: string };

/** Reads records; a syntax error (an unterminated quote…) costs only its own row (see {@link recoverRows}). */
function readRows(text: string, file: string): { header: string[]; rows: RawRow[] } {
  try {
    const parsed = parse(text, CSV_OPTIONS) as unknown as Parsed[];
    const header = parsed.length > 0 ? Object.keys(parsed[0]?.record as Row) : headerOf(text, file);
    return { header, rows: parsed.map((p) => ({ record: p.record, fields: p.info.index ?? header.length })) };
  } catch (e) {
    return recoverRows(text, file, e as Error);
  }
}

function headerOf(text: string, file: string): string[] {
  const first = text.replace(/^\uFEFF/, "").split(/\r?\n/)[0] ?? "";
  try {
    const h = parse(first, { bom: true, trim: true }) as string[][];
    return (h[0] ?? []).map((x) => x.trim().toLowerCase());
  } catch (e) {
    throw invalidInput("CSV_INVALID", `${file}: the header is not readable as CSV: ${(e as Error).message}`, [
      { code: "csv_syntax", file, row: 0, message: (e as Error).message },
    ]);
  }
}

/**
 * The whole file did not parse: read it record by record. From each line, join following lines (a quoted field
 * may span lines) until a record parses, at most {@link MAX_LINES_PER_RECORD}; a line that starts no readable
 * record is one bad row, and reading resumes on the next line.
 */
function recoverRows(text: string, file: string, cause: Error): { header: string[]; rows: RawRow[] } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = headerOf(text, file);
  const headerLine = lines[0] as string;
  const rows: RawRow[] = [];
  let i = 1;
  while (i < lines.length) {
    if ((lines[i] as string).trim() === "") {
      i++;
      continue;
    }
    let done = false;
    let lastError = cause.message;
    for (let n = 1; n <= MAX_LINES_PER_RECORD && i + n <= lines.length; n++) {
      try {
        const parsed = parse(`${headerLine}\n${lines.slice(i, i + n).join("\n")}`, CSV_OPTIONS) as unknown as Parsed[];
        if (parsed.length !== 1) break;
        rows.push({ record: parsed[0]?.record as Row, fields: parsed[0]?.info.index ?? header.length });
        i += n;
        done = true;
        break;
      } catch (e) {
        lastError = (e as Error).message;
        if ((e as { code?: string }).code !== "CSV_QUOTE_NOT_CLOSED") break;
      }
    }
    if (!done) {
      rows.push({ bad: lastError.replace(/ at line \d+/, "") });
      i++;
    }
  }
  return { header, rows };
}

/** A shipments CSV read: one entry per shipment, and warnings about the file (unknown columns, extra fields). */
export interface ShipmentsCsv {
  entries: BatchEntry[];
  warnings: ErrorIssue[];
}

/**
 * Parses a shipments CSV. Throws `CSV_INVALID` only when the file as a whole cannot be read (no header, missing
 * required columns); otherwise returns one entry per shipment, each with its shipment or its error. A row that is
 * not readable as CSV (an unterminated quote) is an error entry of its own (`CSV_ROW_INVALID`); the other rows
 * are decided. Columns that are not shipment columns, and rows with more fields than the header, are warnings.
 */
export async function readShipmentsCsv(text: string, file = "shipments.csv"): Promise<ShipmentsCsv> {
  parse ??= (await import("csv-parse/sync")).parse;
  const { header, rows } = readRows(text, file);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (rows.length === 0 || missing.length > 0)
    throw invalidInput(
      "CSV_INVALID",
      rows.length === 0 ? `${file}: no data rows` : `${file}: missing column(s) ${missing.join(", ")}`,
      missing.map((c) => ({ code: "missing_column", file, field: c, message: `required column '${c}' is missing` })),
      { columns: SHIPMENT_CSV_COLUMNS },
    );
  const warnings = unknownColumnWarnings(header, SHIPMENT_CSV_COLUMNS, file, "shipment");
  const records: { row: number; record: Row }[] = [];
  const out: BatchEntry[] = [];
  rows.forEach((r, i) => {
    const row = i + 1;
    if ("bad" in r) {
      const message = `row ${row} is not readable as CSV: ${r.bad}`;
      out.push({
        rows: [row],
        error: {
          code: "CSV_ROW_INVALID",
          category: "invalid_input",
          message,
          issues: [{ code: "csv_syntax", file, row, message: r.bad }],
        },
      });
      return;
    }
    if (r.fields > header.length)
      warnings.push({
        code: "extra_fields",
        file,
        row,
        message: `row ${row} has ${r.fields} fields, the header ${header.length}: the extra values are ignored`,
      });
    records.push({ row, record: r.record });
  });
  return {
    entries: [...out, ...shipmentsOf(records, file)].sort((x, y) => (x.rows[0] ?? 0) - (y.rows[0] ?? 0)),
    warnings,
  };
}

/** {@link readShipmentsCsv} without the warnings. */
export async function parseShipmentsCsv(text: string, file = "shipments.csv"): Promise<BatchEntry[]> {
  return (await readShipmentsCsv(text, file)).entries;
}

/** Groups records by shipment id and parses each shipment. */
function shipmentsOf(records: { row: number; record: Row }[], file: string): BatchEntry[] {
  const groups = new Map<string, { rows: number[]; records: Row[] }>();
  for (const { row, record: r } of records) {
    const id = opt(r.shipment_id);
    const key = id === undefined ? `#row${row}` : `id:${id}`;
    const g = groups.get(key) ?? { rows: [], records: [] };
    g.rows.push(row);
    g.records.push(r);
    groups.set(key, g);
  }

  const out: BatchEntry[] = [];
  for (const g of groups.values()) {
    const first = g.records[0] as Row;
    const id = opt(first.shipment_id);
    const raw = {
      ...(id === undefined ? {} : { id }),
      date: opt(first.date),
      contractDate: opt(first.contract_date),
      direction: opt(first.direction),
      exporter: party(first.exporter_name, first.exporter_country),
      consignee: party(first.consignee_name, first.consignee_country),
      endUser: party(first.end_user_name, first.end_user_country),
      destination: opt(first.destination),
      origin: opt(first.origin),
      route: list(first.route),
      declarations: list(first.declarations),
      items: g.records.map((r) => ({
        line: num(r.line),
        code: opt(r.code),
        edition: opt(r.edition),
        description: opt(r.description),
        value: num(r.value),
        currency: opt(r.currency),
        quantity: num(r.quantity),
        originCountry: opt(r.origin_country),
        carats: num(r.carats),
        miningCountry: opt(r.mining_country),
        exportedFrom: opt(r.exported_from),
      })),
    };
    try {
      const shipment = parseShipment(raw, { file, row: g.rows[0] as number });
      out.push({ rows: g.rows, ...(id === undefined ? {} : { id }), shipment });
    } catch (e) {
      if (!isEmbargoError(e)) throw e;
      const data = toErrorData(e);
      // Point item issues at their own row.
      data.issues = (data.issues ?? []).map((iss: ErrorIssue) => {
        const m = /^items\[(\d+)\]/.exec(iss.path ?? "");
        const row = m ? g.rows[Number(m[1])] : g.rows[0];
        return row === undefined ? iss : { ...iss, row };
      });
      data.message = `row ${g.rows.join(", ")}: ${data.message}`;
      out.push({ rows: g.rows, ...(id === undefined ? {} : { id }), error: data });
    }
  }
  return out;
}
