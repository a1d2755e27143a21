import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createEngine } from "@embargo/core";
import { getTrade, ingestDataset, mirrorGap, parseWindow } from "@embargo/core/trade";
import { mirrorGap as oldMirror } from "../packages/core/src/trade/_old_signals_tmp.ts";
const KG = path.resolve("/work/main", "../shared/data/trade/partner_national_stats/kyrgyz_import_yearly.csv");
const tmp = await mkdtemp(path.join(tmpdir(), "mprof-"));
const engine = createEngine({ stateDir: path.join(tmp, "state") });
await ingestDataset(engine, { files: [KG], format: "comext", dataset: "kg-imports" });
// synthetic: fractional values, several CN8 codes, annual+monthly overlap for some keys
let seed = 7; const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const ex = ["Germany", "France", "Italy", "Poland"]; const hubs = ["Kazakhstan", "Kyrgyzstan"];
const codes = ["84713000", "84714100", "85423190", "TOTAL"];
let xcsv = "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n", mcsv = xcsv;
for (const e of ex) for (const h of hubs) for (const c of codes) for (const y of [2019, 2020, 2021, 2022]) {
  const mode = Math.floor(rnd() * 3); // 0 months only, 1 annual only, 2 both
  if (mode !== 1) for (let mo = 1; mo <= 12; mo++) if (rnd() > 0.2) xcsv += `${e},${h},${c},EXPORT,NORMAL,${y}${String(mo).padStart(2, "0")},${(rnd() * 1e5).toFixed(2)}\n`;
  if (mode !== 0) xcsv += `${e},${h},${c},EXPORT,NORMAL,Y${y},${(rnd() * 1e6).toFixed(2)}\n`;
  const mm = Math.floor(rnd() * 3);
  if (mm !== 1) for (let mo = 1; mo <= 12; mo++) if (rnd() > 0.2) mcsv += `${h},${e},${c},IMPORT,NORMAL,${y}${String(mo).padStart(2, "0")},${(rnd() * 1e5).toFixed(3)}\n`;
  if (mm !== 0) mcsv += `${h},${e},${c},IMPORT,NORMAL,Y${y},${(rnd() * 1e6).toFixed(3)}\n`;
}
await writeFile(path.join(tmp, "x.csv"), xcsv); await writeFile(path.join(tmp, "m.csv"), mcsv);
await ingestDataset(engine, { files: [path.join(tmp, "x.csv")], format: "comext", dataset: "sx" });
await ingestDataset(engine, { files: [path.join(tmp, "m.csv")], format: "comext", dataset: "sm" });
const ctx = await getTrade(engine);
const W = [["2019:2019", "2022:2022"], ["2019:2021", "2022:2022"], ["2020:2020", "2021:2022"], ["2018:2019", "2022:2023"], ["2019:2022", "2019:2022"], ["2019-01:2019-12", "2022-01:2022-12"], ["2019-03:2020-02", "2022-03:2022-11"]];
let n = 0, same = 0, pairs = 0;
const combos: any[] = [];
for (const [bw, pw] of W) {
  combos.push({ exportsDataset: "comext-totals", importsDataset: "kg-imports", hubs: ["KG"], base: parseWindow(bw!), period: parseWindow(pw!) });
  combos.push({ exportsDataset: "comext-totals", importsDataset: "kg-imports", hubs: ["KG", "KZ"], exporters: ["DE", "FR", "IT", "LT"], base: parseWindow(bw!), period: parseWindow(pw!) });
  for (const products of [undefined, ["84"], ["8471", "8542"], ["84713000"]]) for (const h of [["KZ"], ["KZ", "KG"]])
    combos.push({ exportsDataset: "sx", importsDataset: "sm", hubs: h, ...(products ? { products } : {}), base: parseWindow(bw!), period: parseWindow(pw!) });
}
for (const c of combos) {
  const a = JSON.stringify(await oldMirror(ctx, c)); const b = JSON.stringify(await mirrorGap(ctx, c));
  n++; if (a === b) same++; else {
    const A = JSON.parse(a), B = JSON.parse(b);
    const key = (p: any) => p.exporter + p.hub;
    const sa = JSON.stringify(A.pairs.map(key)), sb = JSON.stringify(B.pairs.map(key));
    const ca = [...A.pairs].sort((x: any, y: any) => key(x).localeCompare(key(y))), cb = [...B.pairs].sort((x: any, y: any) => key(x).localeCompare(key(y)));
    let maxRel = 0; const walk = (x: any, y: any) => { if (typeof x === "number") { if (x !== y) maxRel = Math.max(maxRel, Math.abs(x - y) / Math.max(Math.abs(x), 1e-300)); } else if (x && typeof x === "object") for (const k of Object.keys(x)) walk(x[k], y?.[k]); };
    walk(ca, cb);
    console.log("DIFF", c.exportsDataset, c.base.from + ":" + c.base.to, c.period.from + ":" + c.period.to, c.products ?? "", c.hubs.join(","), "orderSame", sa === sb, "sameSet", JSON.stringify(ca.map(key)) === JSON.stringify(cb.map(key)), "maxRelDiff", maxRel);
  }
  pairs += JSON.parse(b).pairs.length;
}
console.log(`${same}/${n} identical; ${pairs} pairs compared`);
