/**
 * BIS Denied Persons List, tab-separated with a header: `Name, Street_Address, City, State, Country, Postal_Code,
 * Effective_Date, Expiration_Date, Standard_Order, Last_Update, Action, FR_Citation`. One row per address: rows of
 * the same denial order (same name and effective date) are grouped into one entity. The list has no record id, so
 * the source id is derived from the name and effective date.
 */
import type { ErrorIssue } from "../../errors/index.ts";
import { clean, decodeText, EntityBuilder, isoDate, listError, type ParsedList, type ParseOptions } from "./common.ts";
import { checkWidths, readRows } from "./csv.ts";

const HEADER = [
  "Name",
  "Street_Address",
  "City",
  "State",
  "Country",
  "Postal_Code",
  "Effective_Date",
  "Expiration_Date",
  "Standard_Order",
  "Last_Update",
  "Action",
  "FR_Citation",
];

function slug(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .replace(/\s+/g, "-")
    .toUpperCase();
}

/** Parses the BIS Denied Persons List (TSV). */
export function parseBisDpl(input: string | Uint8Array, options: ParseOptions = {}): ParsedList {
  const file = options.file;
  const list = options.list ?? "bis-dpl";
  const text = decodeText(input, file);
  // Check the header line before the TSV reader, so another format is named as such rather than as bad TSV.
  const firstLine = text.slice(0, Math.max(0, text.indexOf("\n")) || text.length);
  const header = firstLine.split("\t").map((h) => h.trim().replace(/^"|"$/g, ""));
  if (HEADER.some((h, i) => header[i] !== h))
    throw listError(
      "LIST_FORMAT_UNRECOGNISED",
      `header is not the Denied Persons List layout (expected ${HEADER.join(", ")})`,
      file,
    );
  const rows = readRows(text, file, "\t");
  const data = rows.slice(1);
  const { ok, issues: widthIssues } = checkWidths(data, HEADER.length, file);
  const issues: ErrorIssue[] = [...widthIssues];
  const groups = new Map<string, EntityBuilder>();
  data.forEach((r, i) => {
    if (!ok[i]) return;
    const [name, street, city, state, country, postal, effective, expiration, order, lastUpdate, action, fr] = r.map(
      (c) => clean(c),
    );
    if (!name) {
      issues.push({
        code: "record_incomplete",
        message: "row without a name skipped",
        ...(file ? { file } : {}),
        row: i + 1,
      });
      return;
    }
    const eff = isoDate(effective, "mdy");
    const key = `${slug(name)}${eff ? `-${eff}` : ""}`;
    let b = groups.get(key);
    if (!b) {
      b = new EntityBuilder(list, key, "unknown", "end_user");
      b.name(name, "primary").programme("DPL").listedOn(effective, "mdy");
      b.remark(
        [
          expiration ? `Expiration date: ${isoDate(expiration, "mdy") ?? expiration}` : undefined,
          order ? `Standard order: ${order}` : undefined,
          lastUpdate ? `Last update: ${isoDate(lastUpdate, "mdy") ?? lastUpdate}` : undefined,
          action ? `Action: ${action}` : undefined,
          fr ? `Federal Register: ${fr}` : undefined,
        ]
          .filter(Boolean)
          .join("\n"),
      );
      groups.set(key, b);
    }
    b.address({
      full: [street, city, state, postal, country].filter(Boolean).join(", "),
      ...(city ? { city } : {}),
      ...(country ? { country } : {}),
    });
  });
  return { entities: [...groups.values()].map((b) => b.entity), issues, rows: data.length };
}
