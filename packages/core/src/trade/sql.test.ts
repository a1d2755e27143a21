import assert from "node:assert/strict";
import { before, test } from "node:test";
import type { EmbargoError } from "../errors/index.ts";
import { createTradeContext, type TradeContext } from "./context.ts";
import type { TradeDb } from "./db.ts";
import { parseWindow } from "./periods.ts";
import { partnerRevenue } from "./revenue.ts";
import { growth, mirrorGap, onwardLeg, routeFlows } from "./signals.ts";
import { column, ident, isSql, join, list, or, type Sql, sql } from "./sql.ts";
import { cn8Csv, type Lab, lab, regimesOf } from "./testkit.ts";

// Values a caller could send: quotes, statement terminators, comments, backslashes, look-alike Unicode letters,
// LIKE wildcards, an empty string.
const HOSTILE = [
  "export' OR '1'='1",
  "'; DROP TABLE ct_iso2; --",
  "export\\",
  "export\\'",
  "ехроrt", // Cyrillic е, х, р, о
  "export😀",
  "export%",
  "exp_rt",
  "%",
  "_",
  "",
  '"; SELECT 1; --',
];

test("sql`…`: values become ? parameters in order, fragments splice in with theirs", () => {
  const inner = sql`p.partner = ${"KZ"}`;
  const q = sql`SELECT * FROM t p WHERE p.flow = ${"export' OR '1'='1"} AND ${inner} AND p.value > ${10} LIMIT ${5}`;
  assert.equal(q.text, "SELECT * FROM t p WHERE p.flow = ? AND p.partner = ? AND p.value > ? LIMIT ?");
  assert.deepEqual(q.params, ["export' OR '1'='1", "KZ", 10, 5]);
  assert.deepEqual(sql`x IN ${list(["a'", "b"])}`, { text: "x IN (?, ?)", params: ["a'", "b"] });
  assert.equal(list([]).text, "(SELECT NULL WHERE false)");
  const o = or(sql`a = ${1}`, sql`b = ${2}`);
  assert.deepEqual([o.text, o.params], ["((a = ?) OR (b = ?))", [1, 2]]);
  assert.equal(or().text, "false");
  const j = join([sql`${"x"}`, sql`${"y"}`], " UNION ALL ");
  assert.deepEqual([j.text, j.params], ["? UNION ALL ?", ["x", "y"]]);
});

test("sql`…`: identifiers and header columns are checked; anything not a value or fragment throws", () => {
  assert.equal(ident("ds_12").text, "ds_12");
  for (const bad of ["ds_1; DROP TABLE x", "a b", "x'", 'x"', "", "1x", "ds-1", "ds_1\u0000"])
    assert.throws(() => ident(bad), TypeError, bad);
  assert.equal(column("COUNTRY.ID").text, '"COUNTRY.ID"');
  assert.equal(column("2021").text, '"2021"');
  for (const bad of ['a"b', "a b", "x;--", ""]) assert.throws(() => column(bad), TypeError, bad);
  // A look-alike object is not a fragment: it is refused, not spliced in as SQL.
  const forged = { text: "1=1; DROP TABLE x", params: [] } as unknown as Sql;
  assert.equal(isSql(forged), false);
  assert.throws(() => sql`SELECT ${forged}`, TypeError);
  assert.throws(() => sql`SELECT ${undefined as unknown as string}`, TypeError);
  assert.throws(() => sql`SELECT ${["a"] as unknown as string}`, TypeError);
});

const P = cn8Csv([
  ["DE", "KZ", "85423190", "2021-01", 100],
  ["DE", "KZ", "85423190", "2022-01", 500],
  ["DE", "KZ", "01012100", "2021-01", 50],
  ["DE", "KZ", "01012100", "2022-01", 70],
  ["IT", "AM", "85423190", "2022-01", 300],
]);
// Kazakh-reported imports by origin at CN8, for a mirror gap on product codes.
const KZ_IMPORTS = `reporter_iso2,partner_iso2,product,flow,period,value_eur
KZ,DE,85423190,IMPORT,2021-01,90
KZ,DE,85423190,IMPORT,2022-01,400
KZ,DE,01012100,IMPORT,2021-01,40
KZ,DE,01012100,IMPORT,2022-01,60
`;

let l: Lab;
let ctx: TradeContext;
const texts: string[] = [];
before(async () => {
  l = await lab();
  // A file name with quotes, a semicolon and a backslash: it travels as a parameter into read_csv and the source column.
  await l.ingest("p", "comext", { 'it\'s; "q" \\ DROP.csv': P });
  await l.ingest("kzm", "comext", { "kz.csv": KZ_IMPORTS });
  // Records the text of every statement the queries send.
  const recording: TradeDb = {
    ...l.db,
    all: (q) => {
      texts.push(q.text);
      return l.db.all(q);
    },
    run: (q) => {
      texts.push(q.text);
      return l.db.run(q);
    },
  };
  ctx = createTradeContext({ db: recording, userDir: `${l.dir}/datasets`, regimes: async () => regimesOf([]) });
});

const base = parseWindow("2021-01:2021-01");
const period = parseWindow("2022-01:2022-01");

test("a file name with quotes and a backslash is ingested and recorded as it is", async () => {
  const rows = await l.db.all<{ source: string; n: number }>(
    sql`SELECT source, count(*)::BIGINT AS n FROM read_parquet(${`${l.dir}/datasets/p/panel.parquet`}) GROUP BY 1`,
  );
  assert.deepEqual(rows, [{ source: 'it\'s; "q" \\ DROP.csv', n: 5 }]);
});

test("hostile flows: the statements are the same text, the value is bound, the answer is empty", async () => {
  const ok = await growth(ctx, { dataset: "p", base, period, pseudoCount: 0 });
  assert.deepEqual([ok.base.value, ok.period.value], [150, 870]);
  texts.length = 0;
  await growth(ctx, { dataset: "p", base, period, pseudoCount: 0 });
  const benign = [...texts];
  assert.ok(benign.length > 0);
  for (const flow of HOSTILE) {
    texts.length = 0;
    const r = await growth(ctx, { dataset: "p", base, period, pseudoCount: 0, flow });
    assert.deepEqual(texts, benign, `same statements for flow ${JSON.stringify(flow)}`);
    assert.ok(
      texts.every((t) => flow.length < 3 || !t.includes(flow)),
      "the value never appears in SQL text",
    );
    assert.deepEqual([r.base.value, r.period.value, r.groups.length], [0, 0, 0], JSON.stringify(flow));
  }
  // Nothing was altered: the lookup tables and the dataset answer as before.
  const again = await growth(ctx, { dataset: "p", base, period, pseudoCount: 0 });
  assert.deepEqual([again.base.value, again.period.value], [150, 870]);
  const [ct] = await l.db.all<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM ct_iso2`);
  assert.ok((ct?.n ?? 0) > 200);
});

test("hostile countries, codes, tiers and dataset names are validated errors naming the field", async () => {
  for (const bad of HOSTILE.filter((h) => h !== "")) {
    const partner = await growth(ctx, { dataset: "p", base, period, partners: [bad] }).catch((e: EmbargoError) => e);
    assert.equal((partner as EmbargoError).code, "TRADE_BAD_COUNTRY", bad);
    assert.equal((partner as EmbargoError).issues?.[0]?.field, "partners");
    const reporter = await growth(ctx, { dataset: "p", base, period, reporters: [bad] }).catch((e: EmbargoError) => e);
    assert.equal((reporter as EmbargoError).code, "TRADE_BAD_COUNTRY", bad);
    const codes = await growth(ctx, {
      dataset: "p",
      base,
      period,
      products: { kind: "codes", codes: [`85${bad}`] },
    }).catch((e: EmbargoError) => e);
    assert.equal((codes as EmbargoError).code, "TRADE_BAD_PRODUCTS", bad);
    const tiers = await growth(ctx, { dataset: "p", base, period, chplTiers: [bad] }).catch((e: EmbargoError) => e);
    assert.equal((tiers as EmbargoError).code, "TRADE_BAD_TIER", bad);
    const ds = await growth(ctx, { dataset: bad, base, period }).catch((e: EmbargoError) => e);
    assert.equal((ds as EmbargoError).code, "TRADE_DATASET_NOT_FOUND", bad);
  }
});

test("LIKE wildcards in code prefixes are plain characters: '8%' and '8_' select nothing, '85' selects its codes", async () => {
  const mirror = (products: string[]) =>
    mirrorGap(ctx, { exportsDataset: "p", importsDataset: "kzm", hubs: ["KZ"], base, period, products });
  const real = await mirror(["85"]);
  assert.equal(real.pairs.length, 1);
  assert.deepEqual(
    [real.pairs[0]?.base.exports, real.pairs[0]?.base.imports, real.pairs[0]?.period.exports],
    [100, 90, 500],
  );
  const everything = await mirror(["0", "8"]);
  assert.deepEqual([everything.pairs[0]?.base.exports, everything.pairs[0]?.period.imports], [150, 460]);
  for (const codes of [["8%"], ["8_"], ["%"], ["_"], ["85' OR '1'='1"], ["85\\"]]) {
    const r = await mirror(codes);
    assert.equal(r.pairs.length, 0, JSON.stringify(codes));
  }
  // Hubs and exporters are bound too: hostile ones match no row.
  for (const h of HOSTILE) {
    const r = await mirrorGap(ctx, { exportsDataset: "p", importsDataset: "kzm", hubs: [h], base, period });
    assert.equal(r.pairs.length, 0, h);
    const e = await mirrorGap(ctx, {
      exportsDataset: "p",
      importsDataset: "kzm",
      hubs: ["KZ"],
      exporters: [h],
      base,
      period,
      products: ["85"],
    });
    assert.equal(e.pairs.length, 0, h);
  }
});

test("hostile destinations, hubs and reporters of the other queries match nothing and break nothing", async () => {
  for (const h of HOSTILE) {
    const on = await onwardLeg(ctx, {
      dataset: "p",
      base,
      period,
      hubs: ["KZ"],
      destination: h,
      products: { kind: "all" },
    });
    assert.equal(on.supported, false, h);
    assert.equal(on.rows[0]?.inflow.period, 570, "the inflow side is unchanged");
    const flows = await routeFlows(ctx, { dataset: "p", period, destination: h });
    assert.ok(flows.links.every((x) => x.leg === "inflow"));
    const rev = await partnerRevenue(ctx, { dataset: "p", reporter: h }).catch((e: EmbargoError) => e);
    assert.equal((rev as EmbargoError).code, "TRADE_NO_PARTNER_TOTALS", h);
  }
});
