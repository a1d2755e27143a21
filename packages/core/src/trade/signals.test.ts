import assert from "node:assert/strict";
import { before, test } from "node:test";
import type { EmbargoError } from "../errors/index.ts";
import { alerts, DEFAULT_ALERT_PRESET } from "./alerts.ts";
import type { TradeContext } from "./context.ts";
import { parseWindow } from "./periods.ts";
import { anomalies, diffInDiff, growth, indexSeries, mirrorGap, onwardLeg, routeFlows, unitValues } from "./signals.ts";
import { simulate } from "./simulate.ts";
import { cn8Csv, comtradeCsv, comtradeRow, type Lab, lab, measure, regimesOf } from "./testkit.ts";

const base = parseWindow("2021-01:2021-02");
const period = parseWindow("2022-01:2022-02");

// Hand-checkable panel (EUR). Sanctioned: 85423190 (EU, from 2022-01-01; CHPL tier 1 via a due-diligence measure).
const P1 = cn8Csv([
  ["DE", "KZ", "85423190", "2021-01", 100],
  ["DE", "KZ", "85423190", "2021-02", 100],
  ["DE", "KZ", "85423190", "2022-01", 500],
  ["DE", "KZ", "85423190", "2022-02", 700],
  ["DE", "KZ", "8542", "2021-01", 999999], // HS4 heading: never summed with its CN8 children
  ["DE", "KZ", "01012100", "2021-01", 50], // 2021-02 and 2022-02 missing
  ["DE", "KZ", "01012100", "2022-01", 50],
  ["IT", "KZ", "85423190", "2022-01", 300], // zero base
  ["DE", "RU", "85423190", "2021-01", 1000],
  ["DE", "RU", "85423190", "2021-02", 1000],
  ["DE", "AM", "85423190", "2021-01", 10],
  ["DE", "AM", "85423190", "2021-02", 10],
  ["DE", "AM", "85423190", "2022-01", 10],
  ["DE", "AM", "85423190", "2022-02", 10],
]);
const P1_TOTALS = `reporter_iso2,partner_iso2,product,flow,period,value_eur
DE,KZ,TOTAL,EXPORT,2021-01,1000
DE,KZ,TOTAL,EXPORT,2021-02,1000
DE,KZ,TOTAL,EXPORT,2022-01,2000
DE,KZ,TOTAL,EXPORT,2022-02,2000
DE,AM,TOTAL,EXPORT,2021-01,500
DE,AM,TOTAL,EXPORT,2021-02,500
DE,AM,TOTAL,EXPORT,2022-01,500
DE,AM,TOTAL,EXPORT,2022-02,500
`;

const regimes = regimesOf([
  measure("eu-ban", "EU", {
    goods: { kind: "codes", nomenclature: "CN2022", include: ["85423190"] },
    effective: { from: "2022-01-01" },
  }),
  measure("eu-chpl-t1", "EU", {
    kind: "due_diligence",
    countries: ["KZ"],
    goods: { kind: "codes", nomenclature: "HS2022", include: ["854231"] },
    tags: ["chpl", "chpl-tier-1"],
    effective: { from: "2024-03-20" },
  }),
]);

let l: Lab;
let ctx: TradeContext;
before(async () => {
  l = await lab();
  await l.ingest("p1", "comext", { "p1.csv": P1, "p1-totals.csv": P1_TOTALS });
  // Hub-reported exports KZ → RU (Comtrade, USD), for the onward leg.
  await l.ingest("hub", "comtrade", {
    "kz.csv": comtradeCsv([
      comtradeRow({ period: "202101", reporter: "398", partner: "643", cmd: "854231", value: "10" }),
      comtradeRow({ period: "202102", reporter: "398", partner: "643", cmd: "854231", value: "10" }),
      comtradeRow({ period: "202202", reporter: "398", partner: "643", cmd: "854231", value: "100" }),
      comtradeRow({ period: "202203", reporter: "398", partner: "643", cmd: "854231", value: "100" }),
    ]),
  });
  // Kazakh- and Kyrgyz-reported imports by origin (EUR), for the mirror gap.
  await l.ingest("kz-imports", "comext", {
    "kz.csv":
      "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\nKazakhstan,Germany,TOTAL,IMPORT,NORMAL,Y2021,2200\nKazakhstan,Germany,TOTAL,IMPORT,NORMAL,Y2022,1000\n",
  });
  ctx = l.context(regimes);
});

test("(A) growth: sums CN8 only, missing months count as zero, ranked by excess, change per period", async () => {
  const r = await growth(ctx, { dataset: "p1", base, period, pseudoCount: 0 });
  assert.deepEqual(r.base, { from: "2021-01", to: "2021-02", value: 2270 });
  assert.deepEqual(r.period, { from: "2022-01", to: "2022-02", value: 1570 });
  assert.equal(r.change, 1570 / 2270 - 1);
  assert.equal(r.currency, "EUR");
  assert.deepEqual(
    r.groups.map((g) => [g.key, g.base, g.period, g.excess]),
    [
      ["KZ", 250, 1550, 1300],
      ["AM", 20, 20, 0],
      ["RU", 2000, 0, -2000],
    ],
  );
  assert.equal(r.groups[0]?.change, 1550 / 250 - 1);
  assert.equal(r.groups[2]?.change, -1);
});

test("(A) growth: the pseudo-count tames tiny bases; a zero base gives change null, not Infinity", async () => {
  const r = await growth(ctx, { dataset: "p1", base, period, by: "reporter", partners: ["KZ"], pseudoCount: 10 });
  const it = r.groups.find((g) => g.key === "IT");
  assert.equal(it?.change, null);
  assert.equal(it?.growth, (300 / 2 + 10) / (0 + 10));
  const de = r.groups.find((g) => g.key === "DE");
  assert.equal(de?.growth, (1250 / 2 + 10) / (250 / 2 + 10));
});

test("(A) growth: --products sanctioned comes from the regimes, codes select by prefix", async () => {
  const s = await growth(ctx, { dataset: "p1", base, period, products: { kind: "sanctioned" }, partners: ["KZ"] });
  assert.equal(s.base.value, 200);
  assert.equal(s.period.value, 1500);
  assert.ok(s.regimesVersion?.startsWith("regimes-"));
  const c = await growth(ctx, { dataset: "p1", base, period, products: { kind: "codes", codes: ["0101"] } });
  assert.equal(c.base.value, 50);
  assert.equal(c.period.value, 50);
  assert.deepEqual(c.coverage, { basePeriods: 1, baseLength: 2, periodPeriods: 1, periodLength: 2 });
  assert.ok(
    c.notes.some((n) => /counts as zero/.test(n)),
    "missing months are said to count as zero",
  );
  await assert.rejects(
    growth(ctx, { dataset: "p1", base, period: parseWindow("2022:2022") }),
    (e: EmbargoError) => e.code === "TRADE_BAD_WINDOW",
  );
  await assert.rejects(
    growth(ctx, { dataset: "nope", base, period }),
    (e: EmbargoError) => e.code === "TRADE_DATASET_NOT_FOUND",
  );
});

test("anomalies: inclusive thresholds, zero base passes, count and value share of the period", async () => {
  const r = await anomalies(ctx, { dataset: "p1", base, period, minValue: 300, minGrowth: 2 });
  assert.equal(r.count, 2);
  assert.equal(r.marketsConsidered, 5);
  assert.equal(r.periodValueShare, 1500 / 1570);
  assert.deepEqual(r.markets, [
    { reporter: "DE", partner: "KZ", code: "85423190", baseValue: 200, periodValue: 1200, growth: 6 },
    { reporter: "IT", partner: "KZ", code: "85423190", baseValue: 0, periodValue: 300, growth: null },
  ]);
  assert.deepEqual(r.editionBreaks, []);
  const stricter = await anomalies(ctx, { dataset: "p1", base, period, minValue: 301, minGrowth: 6 });
  assert.deepEqual(
    stricter.markets.map((m) => m.reporter),
    ["DE"],
  );
  const none = await anomalies(ctx, { dataset: "p1", base, period, minValue: 301, minGrowth: 6.01 });
  assert.equal(none.count, 0);
  assert.equal(none.periodValueShare, 0);
});

test("HS edition change: an HS2017 base code is mapped to its HS2022 successor before comparing", async () => {
  const l2 = await lab();
  await l2.ingest("ed", "comtrade", {
    "ed.csv": comtradeCsv([
      comtradeRow({ period: "202101", reporter: "842", partner: "398", cls: "H5", cmd: "880330", value: "40" }),
      comtradeRow({ period: "202201", reporter: "842", partner: "398", cls: "H6", cmd: "880730", value: "100" }),
    ]),
  });
  const w = { base: parseWindow("2021-01:2021-01"), period: parseWindow("2022-01:2022-01") };
  const unmapped = await growth(l2.context(regimes), {
    dataset: "ed",
    ...w,
    by: "code",
    products: { kind: "codes", codes: ["8807"] },
  });
  assert.equal(unmapped.base.value, 0, "without the concordance the base looks empty");
  const mapped = l2.context(regimes, (code, from, to) =>
    code === "880330" && from === "HS2017" && to === "HS2022" ? ["880730"] : [],
  );
  const r = await growth(mapped, { dataset: "ed", ...w, by: "code", products: { kind: "codes", codes: ["8807"] } });
  assert.equal(r.currency, "USD");
  assert.deepEqual(
    r.groups.map((g) => [g.key, g.base, g.period]),
    [["880730", 40, 100]],
  );
  const a = await anomalies(l2.context(regimes), { dataset: "ed", ...w, minValue: 1, minGrowth: 1 });
  assert.deepEqual(a.editionBreaks, ["880730"], "unmapped, the new code has no base row anywhere");
});

test("(B) difference-in-differences: sanctioned vs TOTAL − sanctioned, hub vs control", async () => {
  const r = await diffInDiff(ctx, { dataset: "p1", base, period, hubs: ["KZ"], controls: ["AM"], pseudoCount: 0 });
  const cell = (g: string, p: string) => r.cells.find((c) => c.goods === g && c.partners === p);
  assert.deepEqual([cell("sanctioned", "hub")?.base, cell("sanctioned", "hub")?.period], [200, 1500]);
  assert.deepEqual([cell("non_sanctioned", "hub")?.base, cell("non_sanctioned", "hub")?.period], [1800, 2500]);
  assert.deepEqual([cell("non_sanctioned", "control")?.base, cell("non_sanctioned", "control")?.period], [980, 980]);
  assert.ok(Math.abs((r.did ?? 0) - (Math.log(7.5) - Math.log(2500 / 1800))) < 1e-12);
  assert.equal(r.nonSanctionedBasis, "total_minus_sanctioned");
  const noControl = await diffInDiff(ctx, { dataset: "p1", base, period, hubs: ["KZ"], pseudoCount: 0 });
  assert.equal(noControl.did, null);
  assert.ok(noControl.notes.some((n) => /no control partners/.test(n)));
});

test("(C) onward leg: the hub's own exports to RU of the same HS6, lagged; unsupported hubs say so", async () => {
  const r = await onwardLeg(ctx, {
    dataset: "p1",
    onwardDataset: "hub",
    base,
    period,
    hubs: ["KZ", "AM"],
    lags: [0, 1],
    pseudoCount: 0,
  });
  const kz0 = r.rows.find((x) => x.hub === "KZ" && x.lag === 0);
  const kz1 = r.rows.find((x) => x.hub === "KZ" && x.lag === 1);
  assert.deepEqual([kz0?.onward?.base, kz0?.onward?.period, kz0?.onward?.growth], [20, 100, 5]);
  assert.deepEqual(
    [kz1?.onward?.from, kz1?.onward?.base, kz1?.onward?.period, kz1?.onward?.growth],
    ["2022-02", 10, 200, 20],
  );
  assert.equal(kz1?.onward?.currency, "USD");
  assert.equal(kz1?.inflow.currency, "EUR");
  assert.equal(kz1?.confirmed, true);
  const am = r.rows.find((x) => x.hub === "AM");
  assert.equal(am?.onward, null);
  assert.match(am?.reason ?? "", /no exports reported by AM to RU/);
  const bundledLike = await onwardLeg(ctx, { dataset: "p1", base, period, hubs: ["KZ"] });
  assert.equal(bundledLike.supported, false);
  assert.ok(bundledLike.notes.some((n) => /no hub-reported exports to RU in 'p1'/.test(n)));
});

test("(D) mirror gap: hub-reported imports over exporter-reported exports, change against the base; currencies never mixed", async () => {
  const r = await mirrorGap(ctx, {
    exportsDataset: "p1",
    importsDataset: "kz-imports",
    hubs: ["KZ"],
    base: parseWindow("2021:2021"),
    period: parseWindow("2022:2022"),
  });
  assert.equal(r.currency, "EUR");
  assert.equal(r.pairs.length, 1);
  const p = r.pairs[0];
  assert.deepEqual(
    [p?.exporter, p?.hub, p?.base.exports, p?.base.imports, p?.period.exports, p?.period.imports],
    ["DE", "KZ", 2000, 2200, 4000, 1000],
  );
  assert.equal(p?.change, 1000 / 4000 / (2200 / 2000));
  await assert.rejects(
    mirrorGap(ctx, {
      exportsDataset: "p1",
      importsDataset: "hub",
      hubs: ["KZ"],
      base: parseWindow("2021:2021"),
      period: parseWindow("2022:2022"),
    }),
    (e: EmbargoError) => e.code === "TRADE_MIXED_CURRENCY",
  );
});

test("(D) mirror gap: a key's annual row is preferred to its months, never both, in every window shape", async () => {
  const l2 = await lab();
  const H = "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n";
  await l2.ingest("x", "comext", {
    "x.csv": `${H}${[
      "Germany,Kazakhstan,TOTAL,EXPORT,NORMAL,Y2021,5000", // annual row: its months below are not added
      "Germany,Kazakhstan,TOTAL,EXPORT,NORMAL,202101,100",
      "Germany,Kazakhstan,TOTAL,EXPORT,NORMAL,202102,200",
      "Germany,Kazakhstan,TOTAL,EXPORT,NORMAL,202201,1000", // 2022: months only
      "France,Kazakhstan,TOTAL,EXPORT,NORMAL,202101,300.25",
      "France,Kazakhstan,TOTAL,EXPORT,NORMAL,202102,400.5",
      "France,Kazakhstan,TOTAL,EXPORT,NORMAL,Y2022,900",
      "France,Kazakhstan,TOTAL,EXPORT,NORMAL,202203,50",
    ].join("\n")}\n`,
  });
  await l2.ingest("m", "comext", {
    "m.csv": `${H}${[
      "Kazakhstan,Germany,TOTAL,IMPORT,NORMAL,Y2021,5500",
      "Kazakhstan,Germany,TOTAL,IMPORT,NORMAL,Y2022,1100",
      "Kazakhstan,France,TOTAL,IMPORT,NORMAL,202101,350",
      "Kazakhstan,France,TOTAL,IMPORT,NORMAL,202102,420.75",
      "Kazakhstan,France,TOTAL,IMPORT,NORMAL,Y2022,990",
    ].join("\n")}\n`,
  });
  const c2 = l2.context(regimes);
  const run = async (b: string, p: string) => {
    const r = await mirrorGap(c2, {
      exportsDataset: "x",
      importsDataset: "m",
      hubs: ["KZ"],
      base: parseWindow(b),
      period: parseWindow(p),
    });
    return Object.fromEntries(
      r.pairs.map((x) => [x.exporter, [x.base.exports, x.base.imports, x.period.exports, x.period.imports]]),
    );
  };
  // One-year windows (the grouped form).
  assert.deepEqual(await run("2021:2021", "2022:2022"), {
    DE: [5000, 5500, 1000, 1100],
    FR: [300.25 + 400.5, 350 + 420.75, 900, 990],
  });
  // Several years per window (the row-level form): the same rule, year by year.
  assert.deepEqual(await run("2021:2022", "2021:2022"), {
    DE: [6000, 6600, 6000, 6600],
    FR: [300.25 + 400.5 + 900, 350 + 420.75 + 990, 300.25 + 400.5 + 900, 350 + 420.75 + 990],
  });
  // Monthly windows read monthly rows only.
  assert.deepEqual(await run("2021-01:2021-02", "2022-01:2022-03"), {
    FR: [300.25 + 400.5, 350 + 420.75, 50, 0],
  });
});

test("(E) unit values: prices to the targets against other destinations; no quantities → unsupported", async () => {
  const l2 = await lab();
  await l2.ingest("uv", "comtrade", {
    "uv.csv": comtradeCsv([
      comtradeRow({
        period: "202101",
        reporter: "842",
        partner: "643",
        cmd: "854231",
        value: "100",
        qty: "10",
        unit: "u",
      }),
      comtradeRow({
        period: "202201",
        reporter: "842",
        partner: "643",
        cmd: "854231",
        value: "300",
        qty: "10",
        unit: "u",
      }),
      comtradeRow({
        period: "202101",
        reporter: "842",
        partner: "398",
        cmd: "854231",
        value: "100",
        qty: "10",
        unit: "u",
      }),
      comtradeRow({
        period: "202201",
        reporter: "842",
        partner: "398",
        cmd: "854231",
        value: "110",
        qty: "10",
        unit: "u",
      }),
    ]),
  });
  const w = { base: parseWindow("2021-01:2021-01"), period: parseWindow("2022-01:2022-01") };
  const r = await unitValues(l2.context(regimes), { dataset: "uv", ...w, targets: ["RU"] });
  assert.equal(r.supported, true);
  assert.deepEqual(r.rows[0]?.target, { base: 10, period: 30 });
  assert.ok(Math.abs((r.rows[0]?.relative ?? 0) - 3 / 1.1) < 1e-12);
  const none = await unitValues(ctx, { dataset: "p1", base, period, targets: ["RU"] });
  assert.equal(none.supported, false);
  assert.match(none.notes[0] ?? "", /no quantities/);
});

test("alerts: levels from the preset, with the numbers and reasons behind each", async () => {
  const preset = {
    ...DEFAULT_ALERT_PRESET,
    watch: { minGrowth: 2, minExcess: 100 },
    elevated: { minGrowth: 2, minPeriodValue: 1000 },
    high: { tiers: ["1"], orOnwardConfirmed: true },
    critical: { requireOnward: true, maxMirrorChange: 0.8 },
  };
  const r = await alerts(ctx, {
    dataset: "p1",
    base,
    period,
    preset,
    pseudoCount: 0,
    onwardDataset: "hub",
    importsDataset: "kz-imports",
    mirrorBase: parseWindow("2021:2021"),
    mirrorPeriod: parseWindow("2022:2022"),
  });
  assert.deepEqual(
    r.alerts.map((a) => [a.level, a.reporter, a.partner, a.code]),
    [
      ["critical", "DE", "KZ", "85423190"],
      ["watch", "IT", "KZ", "85423190"],
    ],
  );
  const top = r.alerts[0];
  assert.equal(top?.chplTier, "1");
  assert.deepEqual(top?.sanctionedBy, ["EU"]);
  assert.equal(top?.onwardConfirmed, true);
  assert.match(top?.explanation ?? "", /EUR 1,200 in 2022-01…2022-02 vs EUR 200 in 2021-01…2021-02/);
  assert.match(top?.explanation ?? "", /CHPL tier 1/);
  assert.deepEqual(r.counts, { watch: 1, elevated: 0, high: 0, critical: 1 });
  assert.deepEqual(
    r.ranking.jurisdictions.map((j) => [j.partner, j.excess]),
    [
      ["KZ", 1300],
      ["AM", 0],
      ["RU", -2000],
    ],
  );
  const plain = await alerts(ctx, { dataset: "p1", base, period, preset });
  assert.equal(plain.alerts[0]?.level, "high", "without the onward and mirror data, tier 1 stops at high");
  assert.ok(plain.notes.some((n) => /mirror-gap criterion/.test(n)));
});

test("simulator: value and share covered by a code list vs an all-goods ban with exemption categories", async () => {
  const l2 = await lab();
  await l2.ingest("sim", "comext", {
    "cn8.csv": cn8Csv([
      ["DE", "RU", "85423190", "2021-01", 1000],
      ["DE", "RU", "30049000", "2021-01", 500],
      ["DE", "RU", "01012100", "2021-01", 200],
      ["IT", "RU", "85423190", "2021-01", 100],
    ]),
    "tot.csv":
      "reporter_iso2,partner_iso2,product,flow,period,value_eur\nDE,RU,TOTAL,EXPORT,2021-01,5000\nIT,RU,TOTAL,EXPORT,2021-01,1000\n",
  });
  const set = regimesOf([
    measure("eu-ban", "EU", { goods: { kind: "codes", nomenclature: "CN2022", include: ["85423190"] } }),
    measure("full-ban", "g7-test", {
      goods: { kind: "all_except", nomenclature: "HS2022", except: ["01"] },
      exemptions: [
        {
          id: "medicines",
          category: "pharmaceutical",
          summary: "medicines",
          codes: { nomenclature: "HS2022", prefixes: ["3004"] },
          citation: { instrument: "Test", url: "https://example.org/x" },
        },
      ],
    }),
  ]);
  const c = l2.context(set);
  const eu = await simulate(c, { dataset: "sim", regime: "EU", year: "2021" });
  assert.deepEqual([eu.total, eu.covered, eu.share, eu.coverage], [6000, 1100, 1100 / 6000, "complete"]);
  assert.deepEqual(
    eu.byReporter.map((x) => [x.reporter, x.total, x.covered]),
    [
      ["DE", 5000, 1000],
      ["IT", 1000, 100],
    ],
  );
  const full = await simulate(c, { dataset: "sim", regime: "g7-test", year: "2021" });
  assert.deepEqual([full.total, full.covered, full.exempt, full.coverage], [6000, 5300, 500, "partial"]);
  assert.deepEqual(full.byExemptionCategory, [{ category: "pharmaceutical", value: 500 }]);
  assert.deepEqual(
    full.byChapter.map((x) => [x.chapter, x.value, x.covered]),
    [
      ["85", 1100, 1100],
      ["01", 200, 0],
      ["30", 500, 0],
    ],
  );
  await assert.rejects(
    simulate(c, { dataset: "sim", regime: "XX", year: "2021" }),
    (e: EmbargoError) => e.code === "TRADE_REGIME_NOT_FOUND",
  );
});

test("views: index-to-baseline series and exporter → hub → Russia flows", async () => {
  const s = await indexSeries(ctx, {
    dataset: "p1",
    base,
    span: parseWindow("2021-01:2021-03"),
    products: { kind: "all" },
  });
  const kz = s.series.find((x) => x.key === "KZ");
  assert.deepEqual(s.periods, ["2021-01", "2021-02", "2021-03"]);
  assert.equal(kz?.baseMean, 250 / 2);
  assert.deepEqual(kz?.index, [(150 / 125) * 100, (100 / 125) * 100, 0]);
  const f = await routeFlows(ctx, { dataset: "p1", period, onwardDataset: "hub" });
  assert.deepEqual(
    f.links.map((l) => [l.source, l.target, l.value, l.leg]),
    [
      ["exp:DE", "hub:KZ", 1250, "inflow"],
      ["exp:IT", "hub:KZ", 300, "inflow"],
      ["exp:DE", "hub:AM", 20, "inflow"],
    ],
  );
  assert.equal(f.onwardSupported, false);
  assert.match(f.notes[0] ?? "", /in USD, not EUR: not drawn/);
});

test("annual windows: a key's annual row where it exists, else its months — never both", async () => {
  const l2 = await lab();
  await l2.ingest("mix", "comext", {
    "t.csv": `reporter_label,reporter_iso2,partner_label,partner_iso2,product,flow,stat_procedure,freq,period,value_eur
Austria,AT,Kazakhstan,KZ,Total,EXPORT,Total,A,2021,1000
Austria,AT,Kazakhstan,KZ,Total,EXPORT,Total,M,2021-01,400
Austria,AT,Kazakhstan,KZ,Total,EXPORT,Total,M,2021-02,500
Germany,DE,Kazakhstan,KZ,Total,EXPORT,Total,M,2021-01,30
Germany,DE,Kazakhstan,KZ,Total,EXPORT,Total,M,2021-05,70
Germany,DE,Kazakhstan,KZ,Total,EXPORT,Total,M,2022-01,10
`,
  });
  const r = await growth(l2.context(regimes), {
    dataset: "mix",
    base: parseWindow("2021:2021"),
    period: parseWindow("2022:2022"),
    by: "reporter",
  });
  assert.deepEqual(r.groups.map((g) => [g.key, g.base, g.period]).sort(), [
    ["AT", 1000, 0],
    ["DE", 100, 10],
  ]);
  const monthly = await growth(l2.context(regimes), {
    dataset: "mix",
    base: parseWindow("2021-01:2021-02"),
    period: parseWindow("2022-01:2022-02"),
    by: "reporter",
  });
  assert.equal(monthly.base.value, 930, "monthly windows read only monthly rows");
});

test("(C) onward leg at all-goods level: totals-only inflows against the hub's total exports to RU", async () => {
  const l2 = await lab();
  await l2.ingest("tot", "comext", {
    "t.csv":
      "reporter_iso2,partner_iso2,product,flow,period,value_eur\nDE,AM,TOTAL,EXPORT,2021-01,100\nDE,AM,TOTAL,EXPORT,2022-01,300\nAM,RU,TOTAL,EXPORT,2021-01,50\nAM,RU,TOTAL,EXPORT,2022-01,200\n",
  });
  const w = { base: parseWindow("2021-01:2021-01"), period: parseWindow("2022-01:2022-01") };
  const r = await onwardLeg(l2.context(regimes), {
    dataset: "tot",
    ...w,
    hubs: ["AM"],
    lags: [0],
    products: { kind: "all" },
    pseudoCount: 0,
  });
  assert.deepEqual([r.rows[0]?.inflow.base, r.rows[0]?.inflow.period, r.rows[0]?.inflow.growth], [100, 300, 3]);
  assert.deepEqual(
    [r.rows[0]?.onward?.base, r.rows[0]?.onward?.period, r.rows[0]?.onward?.growth, r.rows[0]?.confirmed],
    [50, 200, 4, true],
  );
});
