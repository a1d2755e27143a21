// `npm run bench [capability…]`: runs the benchmark modules and writes bench/results.json and bench/RESULTS.md.
// `npm run bench -- --render` only re-renders RESULTS.md from results.json (no measurement).
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import type { Figure } from "./harness.ts";
import { benchModules } from "./modules.ts";

const render = process.argv.includes("--render");
const only = process.argv.slice(2).filter((a) => a !== "--render");
const results: { capability: string; date: string; figures: Figure[] }[] = [];
for (const m of render ? [] : benchModules) {
  if (only.length > 0 && !only.includes(m.capability)) continue;
  process.stderr.write(`bench: ${m.capability}…\n`);
  const date = new Date().toISOString();
  results.push({ capability: m.capability, date, figures: await m.run() });
}
const machine = {
  node: process.version,
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? "?",
  memGiB: Math.round(os.totalmem() / 2 ** 30),
};
let doc = { date: new Date().toISOString(), machine, results };
const outJson = new URL("./results.json", import.meta.url);
const outMd = new URL("./RESULTS.md", import.meta.url);
if (render) doc = JSON.parse(await readFile(outJson, "utf8")) as typeof doc;
// Partial runs (`npm run bench trade`) merge into the existing file instead of erasing other capabilities.
else if (only.length > 0) {
  try {
    const prev = JSON.parse(await readFile(outJson, "utf8")) as typeof doc;
    const kept = prev.results.filter((r) => !only.includes(r.capability));
    doc.results = [...kept, ...results];
  } catch {
    // no previous file: write what we have
  }
}
if (!render) await writeFile(outJson, `${JSON.stringify(doc, null, 2)}\n`);
const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString("en") : n.toPrecision(3));
const lines = [
  "# Benchmark results",
  "",
  `Written ${doc.date} on ${machine.cpus} × ${machine.cpu}, ${machine.memGiB} GiB, Node ${machine.node}. Medians of repeated runs; baselines measured in the same run; each section names when it was measured.`,
  "",
];
for (const r of doc.results) {
  lines.push(
    `## ${r.capability}`,
    "",
    `Measured ${r.date ?? doc.date}.`,
    "",
    "| figure | median | unit | baseline | ratio | goal | met |",
    "|---|---:|---|---|---:|---|---|",
  );
  for (const f of r.figures)
    lines.push(
      `| ${f.name} | ${fmt(f.median)} | ${f.unit} | ${f.baseline ? `${f.baseline.name}: ${fmt(f.baseline.median)}` : ""} | ${f.ratio === undefined ? "" : f.ratio.toFixed(2)} | ${f.goal ?? ""} | ${f.goalMet === undefined ? "" : f.goalMet ? "yes" : "no"} |`,
    );
  for (const f of r.figures) if (f.note) lines.push("", `- *${f.name}*: ${f.note}`);
  lines.push("");
}
await writeFile(outMd, `${lines.join("\n")}\n`);
process.stderr.write(`bench: wrote ${outJson.pathname} and ${outMd.pathname}\n`);
