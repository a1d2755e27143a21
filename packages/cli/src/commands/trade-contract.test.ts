/**
 * Issue 11, "one contract per input": `embargo trade …` flags and `/v1/trade/*` query strings are parsed by the same
 * schema in core (TradeQueries), so the same bad input gets the same error code naming the same field, worded as a
 * flag by the CLI (`--min-value`) and as a query parameter by HTTP (`minValue`). Validation runs before any data
 * is read, so no dataset is needed.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createEngine } from "@embargo/core";
import { createApp } from "@embargo/server";
import { runEmbargo } from "../testing.ts";

interface ErrorBody {
  error: { code: string; message: string; issues?: { field?: string; message: string }[] };
}

const w = { base: "2021-01:2021-12", period: "2022-01:2022-12" };

/** [sub-command, parameters (HTTP names), flags (CLI), code, HTTP field, CLI flag]. */
const cases: [string, Record<string, string>, string[], string, string, string][] = [
  ["growth", { ...w, limit: "-3" }, ["--limit=-3"], "PARAMETER_INVALID", "limit", "--limit"],
  ["growth", { ...w, flow: "sideways" }, ["--flow", "sideways"], "PARAMETER_INVALID", "flow", "--flow"],
  [
    "growth",
    { ...w, sanctionedBy: "EU,XX" },
    ["--sanctioned-by", "EU,XX"],
    "PARAMETER_INVALID",
    "sanctionedBy",
    "--sanctioned-by",
  ],
  ["anomalies", { ...w, minGrowth: "2" }, ["--min-growth", "2"], "PARAMETER_REQUIRED", "minValue", "--min-value"],
  [
    "anomalies",
    { ...w, minValue: "-1", minGrowth: "2" },
    ["--min-value=-1", "--min-growth", "2"],
    "PARAMETER_INVALID",
    "minValue",
    "--min-value",
  ],
  [
    "simulate",
    { regime: "EU", asOf: "2025-02-30" },
    ["--regime", "EU", "--as-of", "2025-02-30"],
    "PARAMETER_INVALID",
    "asOf",
    "--as-of",
  ],
  [
    "onward",
    { ...w, hubs: "AM", lags: "0,x" },
    ["--hubs", "AM", "--lags", "0,x"],
    "PARAMETER_INVALID",
    "lags",
    "--lags",
  ],
];

test("CLI flags and HTTP query strings: the same bad trade input, the same code naming the field", async () => {
  const app = createApp({ engine: createEngine({}), web: false });
  for (const [sub, params, flags, code, field, flag] of cases) {
    const windows = sub === "simulate" ? [] : ["--base", w.base, "--period", w.period];
    const cli = runEmbargo(["trade", sub, ...windows, ...flags, "--json"]);
    assert.equal(cli.status, 2, `${sub} ${flags.join(" ")}: ${cli.stdout}${cli.stderr}`);
    const ce = (JSON.parse(cli.stdout) as ErrorBody).error;
    assert.equal(ce.code, code, `${sub} ${flags.join(" ")}`);
    assert.equal(ce.issues?.[0]?.field, flag);
    assert.match(ce.message, new RegExp(flag));

    const res = await app.request(`/v1/trade/${sub}?${new URLSearchParams(params)}`);
    assert.equal(res.status, 400, `${sub} ${JSON.stringify(params)}`);
    const he = ((await res.json()) as ErrorBody).error;
    assert.equal(he.code, code, `${sub} ${JSON.stringify(params)}`);
    assert.equal(he.issues?.[0]?.field, field);
    assert.doesNotMatch(he.message, /--/, "HTTP callers are not told about CLI flags");
  }
});
