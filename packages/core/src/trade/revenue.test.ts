import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { before, test } from "node:test";
import type { EmbargoError } from "../errors/index.ts";
import { createTradeContext, type TradeContext } from "./context.ts";
import { checkWindows, datasetCoverage, hubGaps } from "./coverage.ts";
import { parseWindow } from "./periods.ts";
import { importBanPressure, KP_FILE, kimberleyProduction, partnerRevenue, sanctionDates } from "./revenue.ts";
import { growth } from "./signals.ts";
import { type Lab, lab, measure, regimesOf } from "./testkit.ts";

// Exports: DE to KZ Jan–Dec 2021, IT to KZ Jan–Oct 2021 only (its series ends early).
const EXPORTS = `reporter_iso2,partner_iso2,product,flow,period,value_eur
${Array.from({ length: 12 }, (_, i) => `DE,KZ,TOTAL,EXPORT,2021-${String(i + 1).padStart(2, "0")},100`).join("\n")}
${Array.from({ length: 10 }, (_, i) => `IT,KZ,TOTAL,EXPORT,2021-${String(i + 1).padStart(2, "0")},10`).join("\n")}
`;
// Imports from RU, 2021-01…2022-06: all goods 1000 a month until 2022-04, then 400; chapter 27 600 until 2022-04, then 100.
const months = [
  ...Array.from({ length: 12 }, (_, i) => `2021-${String(i + 1).padStart(2, "0")}`),
  ...Array.from({ length: 6 }, (_, i) => `2022-${String(i + 1).padStart(2, "0")}`),
];
const IMPORTS = `reporter_iso2,partner_iso2,product,flow,period,value_eur
${months.map((m) => `DE,RU,TOTAL,IMPORT,${m},${m >= "2022-05" ? 400 : 1000}`).join("\n")}
${months.map((m) => `DE,RU,27,IMPORT,${m},${m >= "2022-05" ? 100 : 600}`).join("\n")}
`;
// IMF IMTS wide layout (USD millions).
const IMF = `\uFEFF"DATASET","SERIES_CODE","OBS_MEASURE","COUNTRY.ID","COUNTRY","INDICATOR.ID","INDICATOR","COUNTERPART_COUNTRY.ID","COUNTERPART_COUNTRY","FREQUENCY.ID","FREQUENCY","SCALE.ID","SCALE","TRADE_FLOW.ID","TRADE_FLOW","2021","2024"
"IMF","a","OBS_VALUE","RUS","Russian Federation","XG_FOB_USD","Exports","G001","World","A","Annual","6","Millions","XG","Exports","120","100"
"IMF","b","OBS_VALUE","RUS","Russian Federation","XG_FOB_USD","Exports","DEU","Germany","A","Annual","6","Millions","XG","Exports","30","1.5"
"IMF","c","OBS_VALUE","RUS","Russian Federation","XG_FOB_USD","Exports","IND","India","A","Annual","6","Millions","XG","Exports","9","69"
"IMF","d","OBS_VALUE","RUS","Russian Federation","XG_FOB_USD","Exports","WBG","West Bank and Gaza","A","Annual","6","Millions","XG","Exports","0.25",""
"IMF","e","OBS_VALUE","RUS","Russian Federation","XG_FOB_USD","Exports","YUG","Yugoslavia","A","Annual","6","Millions","XG","Exports","",""
"IMF","f","OBS_VALUE","RUS","Russian Federation","MG_CIF_USD","Imports","DEU","Germany","A","Annual","6","Millions","MG","Imports","25","2"
`;

const regimes = regimesOf([
  measure("eu-coal", "EU", {
    kind: "import_ban",
    direction: "import",
    goods: { kind: "codes", nomenclature: "HS2022", include: ["2701", "2702"] },
    effective: { from: "2022-03-10" },
    grandfathering: { contractsConcludedBefore: "2022-03-10", executionUntil: "2022-04-30" },
  }),
  measure("eu-gold", "EU", {
    kind: "import_ban",
    direction: "import",
    goods: { kind: "description", text: "gold", indicative: { nomenclature: "HS2022", prefixes: ["7108"] } },
    effective: { from: "2022-06-01" },
  }),
  measure("eu-later", "EU", {
    kind: "import_ban",
    direction: "import",
    goods: { kind: "codes", nomenclature: "HS2022", include: ["2710"] },
    effective: { from: "2023-02-05" },
  }),
  measure("eu-export", "EU", { effective: { from: "2022-02-25" } }),
  measure("us-export", "US", { effective: { from: "2022-02-24" } }),
]);

let l: Lab;
let ctx: TradeContext;
before(async () => {
  l = await lab();
  await l.ingest("ex", "comext", { "ex.csv": EXPORTS });
  await l.ingest("im", "comext", { "im.csv": IMPORTS });
  const r = await l.ingest("imf", "imf", { "RU_trade.csv": IMF });
  assert.equal(r.manifest.badRows, 0, JSON.stringify(r.issues));
  ctx = l.context(regimes);
});

test("coverage: first and last period per reporter, partner, level and flow", async () => {
  const c = await datasetCoverage(ctx, "ex");
  assert.deepEqual(
    c.rows.map((r) => [r.reporter, r.partner, r.codeLevel, r.flow, r.freq, r.first, r.last, r.periods]),
    [
      ["DE", "KZ", "TOTAL", "export", "M", "2021-01", "2021-12", 12],
      ["IT", "KZ", "TOTAL", "export", "M", "2021-01", "2021-10", 10],
    ],
  );
  assert.deepEqual(c.levels[0]?.reporters, ["DE", "IT"]);
});

test("windows inside, partial and outside the data; short series and missing partners are named", async () => {
  const ds = await ctx.dataset("ex");
  const check = (from: string, opts: { partners?: string[] } = {}) =>
    checkWindows(ctx, ds, { level: "TOTAL", windows: [{ name: "period", window: parseWindow(from) }], ...opts });
  assert.equal((await check("2021-01:2021-03")).status, "inside");
  const out = await check("2022-01:2022-03");
  assert.equal(out.status, "outside");
  assert.deepEqual(out.data, { from: "2021-01", to: "2021-12" });
  assert.match(out.warnings[0] ?? "", /period window 2022-01…2022-03 is outside the data: ex holds .* 2021-01…2021-12/);
  const partial = await check("2021-11:2022-01");
  assert.equal(partial.status, "partial");
  assert.deepEqual(partial.shortKeys, [{ role: "reporter", key: "IT", from: "2021-01", to: "2021-10" }]);
  // Annual windows count a year covered by January–December months.
  assert.equal((await check("2021:2021")).status, "inside");
  assert.equal((await check("2021:2022")).status, "partial");
  // A partner absent from the dataset: named, with the datasets that hold it.
  const tr = await check("2021-01:2021-03", { partners: ["KZ", "IN"] });
  assert.deepEqual(
    tr.missing.map((m) => [m.key, m.elsewhere]),
    [["IN", ["imf: all goods exports, annual 2021…2024 (USD)"]]],
  );
  await assert.rejects(
    checkWindows(ctx, ds, {
      level: "TOTAL",
      strict: true,
      windows: [{ name: "period", window: parseWindow("2022-01:2022-03") }],
    }),
    (e: EmbargoError) => e.code === "TRADE_WINDOW_OUTSIDE_DATA",
  );
});

test("growth outside the data: no change computed, windowCheck says why; strictWindow refuses", async () => {
  const g = await growth(ctx, {
    dataset: "ex",
    base: parseWindow("2021-01:2021-03"),
    period: parseWindow("2022-01:2022-03"),
  });
  assert.equal(g.period.value, 0);
  assert.equal(g.change, null);
  assert.equal(g.groups[0]?.change, null);
  assert.equal(g.windowCheck.status, "outside");
  await assert.rejects(
    growth(ctx, {
      dataset: "ex",
      base: parseWindow("2021-01:2021-03"),
      period: parseWindow("2022-01:2022-03"),
      strictWindow: true,
    }),
    (e: EmbargoError) => e.code === "TRADE_WINDOW_OUTSIDE_DATA",
  );
});

test("import bans: dates and wind-downs from the regimes, measured on the narrowest series the data hold", async () => {
  const r = await importBanPressure(ctx, { dataset: "im" });
  assert.deepEqual(
    r.series.map((s) => [s.code, s.baseMean]),
    [
      ["TOTAL", 1000],
      ["27", 600],
    ],
  );
  const coal = r.bans.find((b) => b.measureId === "eu-coal");
  // In force 2022-03-10; contracts could run to 2022-04-30, so "after" starts in May; "before" = Dec–Feb.
  assert.equal(coal?.bindsFully, "2022-05-01");
  assert.deepEqual(coal?.measuredAs, { code: "27", level: "chapter", label: "chapter 27" });
  assert.deepEqual(coal?.before, { from: "2021-12", to: "2022-02", mean: 600 });
  assert.deepEqual(coal?.after, { from: "2022-05", to: "2022-06", months: 2, mean: 100 });
  assert.equal(coal?.change, 100 / 600 - 1);
  assert.equal(coal?.remainingOfBase, 100 / 600);
  // Gold: chapter 71 is not in the data, so all goods; its codes are indicative only.
  const gold = r.bans.find((b) => b.measureId === "eu-gold");
  assert.equal(gold?.measuredAs.level, "all-goods");
  assert.equal(gold?.goods.indicative, true);
  assert.deepEqual(gold?.after, { from: "2022-06", to: "2022-06", months: 1, mean: 400 });
  // A ban after the data end is listed, never measured.
  const later = r.bans.find((b) => b.measureId === "eu-later");
  assert.equal(later?.status, "after-data-end");
  assert.equal(later?.after, null);
  assert.equal(later?.change, null);
  // Export measures are not import bans.
  assert.ok(!r.bans.some((b) => b.measureId === "eu-export"));
});

test("IMF IMTS ingestion and Russia's exports by partner: USD, groups partition the world total", async () => {
  const r = await partnerRevenue(ctx, { dataset: "imf", base: "2021", period: "2024" });
  assert.equal(r.currency, "USD");
  assert.deepEqual(r.world, { values: [120e6, 100e6], source: "aggregate" });
  assert.deepEqual(
    r.partners.map((p) => [p.partner, p.base, p.period]),
    [
      ["IN", 9e6, 69e6],
      ["DE", 30e6, 1.5e6],
      ["PS", 0.25e6, 0], // WBG mapped by its label
    ],
  );
  const g = Object.fromEntries(r.groups.map((x) => [x.id, x.values]));
  assert.deepEqual(g.G7, [30e6, 1.5e6]);
  for (let i = 0; i < 2; i++)
    assert.equal((g.COALITION?.[i] ?? 0) + (g.REST?.[i] ?? 0) + (g.UNALLOCATED?.[i] ?? 0), r.world.values[i]);
  assert.equal(r.gainers[0]?.partner, "IN");
  assert.equal(r.losers[0]?.partner, "DE");
  const imports = await partnerRevenue(ctx, { dataset: "imf", flow: "import" });
  assert.deepEqual(imports.partners[0]?.values, [25e6, 2e6]);
  await assert.rejects(
    growth(ctx, {
      dataset: "imf",
      base: parseWindow("2021:2021"),
      period: parseWindow("2024:2024"),
      products: { kind: "sanctioned" },
    }),
    (e: EmbargoError) => e.code === "TRADE_NO_PRODUCT_DETAIL",
  );
});

test("sanction dates for time axes and hubs outside the product data come from the regimes", async () => {
  const t = await sanctionDates(ctx, { jurisdictions: ["EU"] });
  assert.deepEqual(
    t.dates.map((d) => [d.date, d.direction, d.measures.map((m) => m.id).join()]),
    [
      ["2022-02-25", "export", "eu-export"],
      ["2022-03-10", "import", "eu-coal"],
      ["2022-06-01", "import", "eu-gold"],
      ["2023-02-05", "import", "eu-later"],
    ],
  );
  const h = await hubGaps(ctx, "ex");
  assert.deepEqual(h.hubs, []); // the test regimes define no TRANSIT_HUBS group
});

test("Kimberley Process figures: press-reported, derived rows marked, Russia's share reported or computed", async () => {
  const dir = path.join(l.dir, "bundled");
  await mkdir(path.join(dir, path.dirname(KP_FILE)), { recursive: true });
  await writeFile(
    path.join(dir, KP_FILE),
    `# secondary\nyear,country,carats,value_usd,share_of_world_carats_pct,source_url\n2016,WORLD,100,10,,https://a\n2016,RU,30,3,,https://a\n2019,RU,45,4,34.7,https://b\n2024,RU,37,,,https://c\n2024,WORLD-implied,116,,,derived: 37/0.32\n`,
  );
  const kctx = createTradeContext({ db: l.db, bundledDir: dir, regimes: async () => regimes });
  const k = await kimberleyProduction(kctx);
  assert.deepEqual([k.label, k.confidence], ["press-reported", "secondary"]);
  assert.deepEqual(
    k.russia.map((x) => [x.year, x.shareOfWorldCarats, x.shareBasis]),
    [
      ["2016", 0.3, "computed"],
      ["2019", 34.7 / 100, "reported"],
      ["2024", 37 / 116, "derived-world"],
    ],
  );
  assert.equal(k.rows.find((r) => r.year === "2024" && r.country === "WORLD")?.reported, false);
});

test("alert presets: the bundled file is the default preset; invalid presets are refused with their problems", async () => {
  const { readFile } = await import("node:fs/promises");
  const { bundledDataDir } = await import("../data/index.ts");
  const { DEFAULT_ALERT_PRESET, parseAlertPreset } = await import("./alerts.ts");
  const file = JSON.parse(
    await readFile(path.join(bundledDataDir, "trade/presets/trade-alerts-1.0.0.json"), "utf8"),
  ) as unknown;
  assert.deepEqual(parseAlertPreset(file), DEFAULT_ALERT_PRESET);
  assert.throws(
    () => parseAlertPreset({ ...DEFAULT_ALERT_PRESET, version: "one", watch: { minGrowth: -1, minExcess: 0 } }),
    (e: EmbargoError) =>
      e.code === "TRADE_BAD_PRESET" &&
      (e.issues ?? []).some((i) => i.field === "version") &&
      (e.issues ?? []).some((i) => i.field === "watch.minGrowth"),
  );
});

test("CHPL tier filter: the tier comes from any member's measures, whatever --sanctioned-by says", async () => {
  const { cn8Csv } = await import("./testkit.ts");
  const { alerts } = await import("./alerts.ts");
  await l.ingest("tiers", "comext", {
    "t.csv": cn8Csv([
      ["DE", "KZ", "85423190", "2021-01", 1_000_000],
      ["DE", "KZ", "85423190", "2022-01", 30_000_000],
      ["DE", "KZ", "01012100", "2021-01", 5],
      ["DE", "KZ", "01012100", "2022-01", 7],
    ]),
  });
  const r2 = regimesOf([
    measure("us-ban", "US", {
      goods: { kind: "codes", nomenclature: "HS2022", include: ["8542"] },
      effective: { from: "2021-06-01" },
    }),
    measure("eu-chpl", "EU", {
      kind: "due_diligence",
      countries: ["KZ"],
      goods: { kind: "codes", nomenclature: "HS2022", include: ["854231"] },
      tags: ["chpl-tier-1"],
      effective: { from: "2021-06-01" },
    }),
  ]);
  const c2 = l.context(r2);
  const w = { base: parseWindow("2021-01:2021-01"), period: parseWindow("2022-01:2022-01") };
  const g = await growth(c2, {
    dataset: "tiers",
    ...w,
    by: "code",
    chplTiers: ["1"],
    sanctionedBy: ["US"],
    products: { kind: "sanctioned" },
  });
  assert.deepEqual(
    g.groups.map((x) => x.key),
    ["85423190"],
  );
  const none = await growth(c2, { dataset: "tiers", ...w, by: "code", chplTiers: ["2"] });
  assert.deepEqual(none.groups, []);
  const a = await alerts(c2, { dataset: "tiers", ...w, sanctionedBy: ["US"] });
  assert.equal(a.alerts[0]?.chplTier, "1");
  assert.equal(a.alerts[0]?.level, "high");
  await assert.rejects(
    growth(c2, { dataset: "tiers", ...w, chplTiers: ["9"] }),
    (e: EmbargoError) => e.code === "TRADE_BAD_TIER",
  );
});
