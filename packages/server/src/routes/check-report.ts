/**
 * A shipment check as a report a compliance officer can file: `POST /v1/check/report?format=pdf|csv|json` takes the
 * same body as `POST /v1/check`, decides it through the same {@link runCheck}, and returns the shipment, the verdicts
 * per member and line, the reasons with their citations, the data versions, the time of the check and a SHA-256
 * digest of the inputs and the result. The CSV and the PDF share one table ({@link checkReportRows}); the PDF uses
 * the monitoring report's pdfkit helpers.
 */
import { createHash } from "node:crypto";
import { invalidInput } from "@embargo/core/errors";
import { type CheckRequest, type CheckResult, citationText } from "@embargo/core/verdicts";
import { toCsv } from "@embargo/web/csv";
import type { RouteModule } from "../context.ts";
import { errorResponses } from "../http-errors.ts";
import { runCheck } from "./check.ts";
import { BOLD, FONT, h1, h2, h3, loadPdfKit, MARGIN, para, pdfText, table } from "./trade-report-pdf.ts";

/** Everything a filed report holds: what was asked, what was decided, when, and the digest binding the two. */
export interface CheckReport {
  generatedAt: string;
  digest: { algorithm: "SHA-256"; of: string; value: string };
  request: CheckRequest;
  result: CheckResult;
}

/** JSON with object keys sorted at every level, so the same data always gives the same bytes (and digest). */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v !== null && typeof v === "object")
    return `{${Object.keys(v as Record<string, unknown>)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

/** The report of one check: the digest is the SHA-256 of the canonical JSON of `{ request, result }`. */
export function checkReport(request: CheckRequest, result: CheckResult, now: Date): CheckReport {
  const value = createHash("sha256").update(canonicalJson({ request, result })).digest("hex");
  return {
    generatedAt: now.toISOString(),
    digest: { algorithm: "SHA-256", of: "canonical JSON (sorted keys) of { request, result }", value },
    request,
    result,
  };
}

const REPORT_HEAD = [
  "member",
  "line",
  "code",
  "description",
  "verdict",
  "review",
  "reasons",
  "citations",
  "measures",
  "data version",
];

/** One row per applicable member × line (the CSV's rows and the PDF's verdict table). */
export function checkReportRows(r: CheckResult): string[][] {
  const rows: string[][] = [];
  for (const j of r.jurisdictions.filter((x) => x.applies))
    for (const it of j.items)
      rows.push([
        j.jurisdiction,
        String(it.line),
        it.code,
        it.description ?? "",
        it.verdict,
        it.review ?? "",
        it.reasons.map((x) => `${x.effect}: ${x.summary}`).join(" | "),
        [...new Set(it.reasons.flatMap((x) => (x.citations ?? []).map(citationText)))].join(" | "),
        it.reasons.map((x) => x.measureId).join(" | "),
        j.dataVersion,
      ]);
  return rows;
}

/** The report as CSV: a comment-free header block is avoided (spreadsheets choke); the digest is a column. */
export function checkReportCsv(rep: CheckReport): string {
  const head = [...REPORT_HEAD, "overall", "checked at", "sha256"];
  const extra = [rep.result.overall, rep.generatedAt, rep.digest.value];
  return toCsv([head, ...checkReportRows(rep.result).map((row) => [...row, ...extra])]);
}

const partyText = (p: { name: string; country: string } | undefined) => (p ? `${p.name} (${p.country})` : "-");

/** The report as PDF (A4); resolves to the file's bytes. */
export async function renderCheckReportPdf(rep: CheckReport): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  const { request, result: r } = rep;
  const s = request.shipment;
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `Embargo shipment check ${s.date}`,
      Author: "Embargo",
      Subject: `Shipment check: ${r.overall}`,
      CreationDate: new Date(rep.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  h1(doc, "Shipment check report");
  doc.moveDown(0.3);
  para(
    doc,
    `Checked ${rep.generatedAt} by Embargo. Not legal advice: every verdict names its sources and the coverage of the data behind it.`,
    { muted: true },
  );
  doc.moveDown(0.3).font(BOLD).fontSize(11).fillColor("#101828").text(pdfText(r.headline), MARGIN);
  doc.moveDown(0.3);
  para(doc, `Overall verdict: ${r.overall.replace(/_/g, " ")}${r.review ? ` (${r.review.replace(/_/g, " ")})` : ""}`);

  h2(doc, "Shipment");
  table(
    doc,
    ["field", "value"],
    [
      ["shipment date", s.date],
      ["measures read as of", r.asOf],
      ...(s.contractDate ? [["contract date", s.contractDate]] : []),
      ...(s.direction ? [["direction", s.direction]] : []),
      ["exporter", partyText(s.exporter)],
      ["consignee", partyText(s.consignee)],
      ["end user", partyText(s.endUser)],
      ["destination", s.destination],
      ...(s.origin ? [["dispatched from", s.origin]] : []),
      ...(s.declarations && s.declarations.length > 0 ? [["declarations", s.declarations.join(", ")]] : []),
      ...(r.scenario ? [["scenario (does not change the overall verdict)", r.scenario]] : []),
    ],
    [1, 3],
  );
  table(
    doc,
    ["line", "code", "description", "value", "quantity", "origin"],
    s.items.map((it, i) => [
      String(i + 1),
      it.code,
      it.description ?? "",
      it.value === undefined ? "" : `${it.value} ${it.currency ?? ""}`.trim(),
      it.quantity === undefined ? "" : String(it.quantity),
      it.originCountry ?? "",
    ]),
    [0.5, 1.2, 3, 1.2, 1, 0.8],
  );

  h2(doc, "Verdicts per member and line");
  table(
    doc,
    ["member", "line", "code", "verdict", "reasons", "citations"],
    checkReportRows(r).map((x) => [
      x[0] ?? "",
      x[1] ?? "",
      x[2] ?? "",
      `${x[4] ?? ""}${x[5] ? ` (${x[5]})` : ""}`,
      x[6] ?? "",
      x[7] ?? "",
    ]),
    [0.7, 0.5, 1, 1.3, 4, 2.5],
  );
  const notApplying = r.jurisdictions.filter((j) => !j.applies);
  if (notApplying.length > 0)
    para(doc, `Not applicable: ${notApplying.map((j) => `${j.jurisdiction} (${j.why.join("; ")})`).join("; ")}.`, {
      muted: true,
    });

  h2(doc, "Reasons and citations");
  for (const j of r.jurisdictions.filter((x) => x.applies)) {
    h3(doc, `${j.jurisdiction} - ${j.name}: ${j.verdict.replace(/_/g, " ")}; coverage ${j.coverage.status}`);
    para(doc, j.headline);
    para(doc, `Applies: ${j.why.join("; ")}.`, { muted: true });
    const reasons = [...j.reasons, ...j.items.flatMap((it) => it.reasons)];
    const seen = new Set<string>();
    for (const x of reasons) {
      const key = `${x.measureId}|${x.effect}|${x.summary}`;
      if (seen.has(key)) continue;
      seen.add(key);
      para(doc, `- ${x.effect.replace(/_/g, " ")}: ${x.summary} [${x.measureId}]`);
      for (const c of x.citations ?? []) para(doc, `    ${citationText(c)} - ${c.url}`, { muted: true });
    }
    for (const g of j.coverage.regimes)
      para(doc, `Not encoded: ${g.title} (${g.citation}), ${g.status.replace(/_/g, " ")}: ${g.note}`, { muted: true });
    for (const p of j.coverage.partial) para(doc, `Partly encoded: ${p.measureId}: ${p.note}`, { muted: true });
  }
  if (r.flags.length > 0) {
    h2(doc, "Flags");
    for (const f of r.flags) {
      para(
        doc,
        `${f.code}${f.jurisdiction ? ` (${f.jurisdiction})` : ""}${f.lines ? `, line ${f.lines.join(", ")}` : ""}: ${f.message}`,
      );
      for (const c of f.citations ?? []) para(doc, `    ${citationText(c)} - ${c.url}`, { muted: true });
    }
  }
  h2(doc, "Parties");
  if (!r.parties.screened) para(doc, r.parties.note ?? "Parties not screened.");
  else
    table(
      doc,
      ["role", "name", "verdict", "hits"],
      r.parties.results.map((p) => [
        p.role,
        p.name,
        p.verdict,
        p.hits
          .map((x) => `${x.strength} ${x.name} on ${x.list}${x.listedOn ? `, listed ${x.listedOn}` : ""}`)
          .join("; ") || "no hit",
      ]),
      [1, 2, 1, 4],
    );
  for (const n of r.notes) para(doc, n, { muted: true });

  h2(doc, "Data versions");
  table(
    doc,
    ["data", "version", "snapshot"],
    [
      ["regimes (all files)", r.data.regimes, ""],
      ...r.data.files.map((f) => [`${f.jurisdiction}: ${f.file}`, f.version, f.snapshotDate]),
      ...(r.data.screening ? [["sanctions lists", r.data.screening, ""]] : []),
    ],
    [2, 2.5, 1],
  );
  h2(doc, "Digest");
  para(doc, `${rep.digest.algorithm} of the ${rep.digest.of}:`);
  doc.font("Courier").fontSize(8).fillColor("#101828").text(rep.digest.value, MARGIN);
  doc.font(FONT);
  doc.end();
  return done;
}

const FORMATS = ["pdf", "csv", "json"] as const;

/** `POST /v1/check/report`: the check as a PDF, CSV or JSON report. */
export const checkReportRoutes: RouteModule = {
  register(app, ctx) {
    app.post("/v1/check/report", async (c) => {
      const format = c.req.query("format") ?? "pdf";
      if (!(FORMATS as readonly string[]).includes(format))
        throw invalidInput("CHECK_REPORT_FORMAT", `format must be one of ${FORMATS.join(", ")}`, [
          { code: "invalid_value", field: "format", message: `one of ${FORMATS.join(", ")}` },
        ]);
      const { request, result } = await runCheck(ctx.engine, await c.req.json());
      const rep = checkReport(request, result, ctx.engine.clock.now());
      const name = `embargo-check-${request.shipment.date}-${rep.digest.value.slice(0, 12)}`;
      if (format === "json")
        return c.body(JSON.stringify(rep, null, 2), 200, {
          "content-type": "application/json; charset=utf-8",
          "content-disposition": `attachment; filename="${name}.json"`,
        });
      if (format === "csv")
        return c.body(checkReportCsv(rep), 200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="${name}.csv"`,
        });
      return c.body(new Uint8Array(await renderCheckReportPdf(rep)), 200, {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="${name}.pdf"`,
      });
    });
  },
  openapi: {
    paths: {
      "/v1/check/report": {
        post: {
          tags: ["verdicts"],
          operationId: "checkShipmentReport",
          summary: "A shipment check as a report to file: PDF (default), CSV or JSON",
          description:
            "Same body as POST /v1/check, decided the same way. The report holds the shipment, the verdict per member and line, the reasons with citations, the data versions, the time of the check and a SHA-256 digest of the canonical JSON (sorted keys) of { request, result }.",
          parameters: [
            {
              name: "format",
              in: "query",
              required: false,
              schema: { type: "string", enum: [...FORMATS], default: "pdf" },
            },
          ],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/CheckRequest" } } },
          },
          responses: {
            "200": {
              description: "The report",
              content: {
                "application/pdf": { schema: { type: "string", format: "binary" } },
                "text/csv": { schema: { type: "string" } },
                "application/json": { schema: { type: "object" } },
              },
            },
            ...errorResponses,
          },
        },
      },
    },
  },
};
