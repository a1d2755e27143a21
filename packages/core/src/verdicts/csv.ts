/**
 * CSV batches of shipments: one item line per row; rows sharing a `shipment_id` form one shipment (the
 * shipment-level columns are read from its first row). Bad rows are reported one by one; the rest go on.
 */
import { parse } from "csv-parse/sync";
import { type ErrorData, type ErrorIssue, invalidInput, isEmbargoError, toErrorData } from "../errors/index.ts";
import { parseShipment, type Shipment } from "./shipment.ts";

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

/**
 * Parses a shipments CSV. Throws `CSV_INVALID` only when the file as a whole cannot be read (bad quoting,
 * missing required columns); otherwise returns one entry per shipment, each with its shipment or its error.
 */
export function parseShipmentsCsv(text: string, file = "shipments.csv"): BatchEntry[] {
  let records: Row[];
  try {
    records = parse(text, {
      columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as Row[];
  } catch (e) {
    throw invalidInput("CSV_INVALID", `${file}: not readable as CSV: ${(e as Error).message}`, [
      { code: "csv_syntax", file, message: (e as Error).message },
    ]);
  }
  const header = records.length > 0 ? Object.keys(records[0] as Row) : [];
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (records.length === 0 || missing.length > 0)
    throw invalidInput(
      "CSV_INVALID",
      records.length === 0 ? `${file}: no data rows` : `${file}: missing column(s) ${missing.join(", ")}`,
      missing.map((c) => ({ code: "missing_column", file, field: c, message: `required column '${c}' is missing` })),
      { columns: SHIPMENT_CSV_COLUMNS },
    );

  const groups = new Map<string, { rows: number[]; records: Row[] }>();
  records.forEach((r, i) => {
    const id = opt(r.shipment_id);
    const key = id === undefined ? `#row${i + 1}` : `id:${id}`;
    const g = groups.get(key) ?? { rows: [], records: [] };
    g.rows.push(i + 1);
    g.records.push(r);
    groups.set(key, g);
  });

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
