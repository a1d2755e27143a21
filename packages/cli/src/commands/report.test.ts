import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { runEmbargo } from "../testing.ts";

const win = ["--period", "2022-03:2022-11", "--base", "2021-03:2021-11"];
const eur = (v: number) => `EUR ${Math.round(v).toLocaleString("en-GB")}`;

test("embargo report monitor --out file.pdf writes a PDF holding the growth command's figures; .html writes HTML", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "embargo-cli-pdf-"));
  const pdfFile = path.join(dir, "report.pdf");
  const r = runEmbargo(["report", "monitor", ...win, "--out", pdfFile]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /wrote .*report\.pdf \(\d+ bytes, PDF\)/);
  const pdf = await readFile(pdfFile);
  assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
  assert.match(pdf.subarray(-8).toString("latin1"), /%%EOF\s*$/);
  const text = execFileSync("pdftotext", ["-layout", pdfFile, "-"], { encoding: "utf8" });
  const g = JSON.parse(
    runEmbargo(["trade", "growth", ...win, "--products", "sanctioned", "--by", "partner", "--json"]).stdout,
  ) as { base: { value: number }; period: { value: number } };
  assert.ok(text.includes(eur(g.base.value)) && text.includes(eur(g.period.value)), "PDF lacks the growth figures");
  assert.match(text, /Executive summary/);

  const htmlFile = path.join(dir, "report.html");
  const h = runEmbargo(["report", "monitor", ...win, "--out", htmlFile]);
  assert.equal(h.status, 0, h.stderr);
  const html = await readFile(htmlFile, "utf8");
  assert.match(html, /^<!doctype html>/);
  assert.ok(html.includes(eur(g.period.value)));
});

test("embargo report refuses an unknown report or a stray option, with its usage", () => {
  const a = runEmbargo(["report", "yearly", ...win]);
  assert.equal(a.status, 2);
  assert.match(a.stderr + a.stdout, /embargo report monitor/);
  const b = runEmbargo(["report", "monitor", ...win, "--hubs", "KG"]);
  assert.equal(b.status, 2);
  assert.match(b.stderr + b.stdout, /CLI_BAD_ARGUMENTS/);
});
