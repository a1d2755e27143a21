/**
 * The CLI's edges, as a user meets them (the real binary): flag values outside their domain name the flag,
 * mistyped commands, sub-commands and options get a "did you mean", every command and sub-command has --help,
 * errors show their code, and colours appear only where they help.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { commands } from "./commands/index.ts";
import { createCLI } from "./index.ts";
import { runEmbargo } from "./testing.ts";

const fixtures = fileURLToPath(new URL("../../core/src/verdicts/fixtures", import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), "embargo-edges-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** No colour variables from the test's own environment (node's runner may set FORCE_COLOR). */
const plainEnv = { FORCE_COLOR: undefined, NO_COLOR: undefined } as unknown as Record<string, string>;
const embargo = (args: string[], env: Record<string, string> = {}) =>
  runEmbargo(["--data-dir", fixtures, "--state-dir", path.join(tmp, "state"), ...args], {
    env: { ...plainEnv, ...env },
  });

const shipment = {
  id: "S-1",
  date: "2025-06-01",
  exporter: { name: "Acme GmbH", country: "DE" },
  consignee: { name: "OOO Test", country: "RU" },
  destination: "RU",
  items: [{ code: "8471.50", description: "processing units", value: 1000, currency: "EUR", quantity: 1 }],
};
const shipmentFile = path.join(tmp, "s.json");
writeFileSync(shipmentFile, JSON.stringify(shipment));

test("an impossible --as-of is bad input naming the flag, for check and regimes diff", () => {
  for (const args of [
    ["check", shipmentFile, "--as-of", "2025-02-30", "--no-screening"],
    ["check", shipmentFile, "--as-of", "2024-13-01", "--no-screening"],
    ["regimes", "diff", "--chapter", "85", "--as-of", "2025-02-30"],
  ]) {
    const r = embargo(args);
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, /--as-of: must be a real calendar date YYYY-MM-DD \(got '[^']+'\).*\[AS_OF_INVALID\]/);
  }
  assert.notEqual(embargo(["check", shipmentFile, "--as-of", "2024-02-29", "--no-screening"]).status, 2);
  // Trade queries parse --as-of by their contract, as GET /v1/trade/simulate?asOf= does: PARAMETER_INVALID.
  const sim = embargo(["trade", "simulate", "--regime", "x", "--as-of", "yesterday"]);
  assert.equal(sim.status, 2, sim.stderr);
  assert.match(
    sim.stderr,
    /--as-of: a real calendar date YYYY-MM-DD expected \(got 'yesterday'\) \[PARAMETER_INVALID\]/,
  );
});

test("a JSON shipment saved with a UTF-8 byte-order mark is read (file and stdin)", () => {
  const bom = path.join(tmp, "bom.json");
  writeFileSync(bom, `\uFEFF${JSON.stringify(shipment)}`);
  const r = embargo(["check", bom, "--no-screening", "--json"]);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(JSON.parse(r.stdout).shipmentId, "S-1");
  const s = runEmbargo(["--data-dir", fixtures, "check", "-", "--no-screening", "--json"], {
    input: `\uFEFF${JSON.stringify(shipment)}`,
  });
  assert.equal(s.status, 1, s.stderr);
});

test("trade flags outside their domain are bad input naming the flag (before any data is read)", () => {
  // Parsed by the same contracts as the HTTP query strings (core TradeQueries): the same codes, worded as flags.
  const w = ["--base", "2021-01:2021-12", "--period", "2022-01:2022-12"];
  const cases: [string[], RegExp, string][] = [
    [["trade", "growth", ...w, "--flow", "sideways"], /--flow: .*"export"\|"import" \(got 'sideways'\)/, "INVALID"],
    [
      ["trade", "growth", ...w, "--by", "colour"],
      /--by: .*"partner"\|"reporter"\|"code"\|"chapter"\|"none"/,
      "INVALID",
    ],
    [["trade", "growth", ...w, "--limit=-3"], /--limit: must be ≥ 1 \(got '-3'\)/, "INVALID"],
    [["trade", "growth", ...w, "--pseudo-count", "NaN"], /--pseudo-count: a number expected/, "INVALID"],
    [
      ["trade", "anomalies", ...w, "--min-value", "lots", "--min-growth", "2"],
      /--min-value: a number expected/,
      "INVALID",
    ],
    [["trade", "anomalies", ...w, "--min-growth", "2"], /missing flag --min-value/, "REQUIRED"],
    [
      ["trade", "revenue", "imports", "--jurisdiction", "XX"],
      /--jurisdiction: .*"EU"\|"US"\|"UK"\|"JP"\|"CA"/,
      "INVALID",
    ],
    [["trade", "revenue", "imports", "--origin", "Russia"], /--origin: ISO 3166-1 alpha-2 code expected/, "INVALID"],
    [["trade", "revenue", "imports", "--months-before", "0"], /--months-before: must be ≥ 1/, "INVALID"],
    [["trade", "revenue", "imports", "--base-year", "21"], /--base-year: a year YYYY expected/, "INVALID"],
    [["trade", "revenue", "partners", "--flow", "both"], /--flow: .*"export"\|"import"/, "INVALID"],
    [
      ["trade", "onward", ...w, "--hubs", "AM", "--lags", "0,x"],
      /--lags: whole numbers of months ≥ 0 expected/,
      "INVALID",
    ],
    [["trade", "simulate", "--regime", "EU", "--as-of", "2025-02-30"], /--as-of: a real calendar date/, "INVALID"],
  ];
  for (const [args, message, kind] of cases) {
    const r = embargo(args);
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(" "));
    assert.match(r.stderr, new RegExp(`\\[PARAMETER_${kind}\\]`), args.join(" "));
  }
  const format = embargo(["trade", "ingest", "a.csv", "--dataset", "d", "--format", "xls"]);
  assert.equal(format.status, 2);
  assert.match(
    format.stderr,
    /--format must be one of comext, comtrade, baci, imf \(got 'xls'\) \[CLI_BAD_ARGUMENTS\]/,
  );
});

test("did you mean: mistyped commands, sub-commands and options", () => {
  const c = embargo(["chekc", "x"]);
  assert.equal(c.status, 2);
  assert.match(c.stderr, /unknown command 'chekc' — did you mean 'check'\? \[CLI_UNKNOWN_COMMAND\]/);
  const s = embargo(["trade", "grwth"]);
  assert.equal(s.status, 2);
  assert.match(s.stderr, /unknown trade sub-command 'grwth' — did you mean 'growth'\?/);
  const rg = embargo(["regimes", "lsit"]);
  assert.match(rg.stderr, /did you mean 'list'\?/);
  const o = embargo(["trade", "growth", "--base", "2021", "--period", "2022", "--lmit", "3"]);
  assert.equal(o.status, 2);
  assert.match(o.stderr, /unknown option '--lmit' — did you mean --limit\?/);
  // The usage shown is the sub-command's, not the whole list.
  assert.match(o.stderr, /usage: embargo trade growth /);
  assert.doesNotMatch(o.stderr, /unit-values/);
  const far = embargo(["zzzzzzzz"]);
  assert.doesNotMatch(far.stderr, /did you mean/);
});

/** Runs the CLI in-process (help needs no engine), capturing its output. */
async function inProcess(args: string[]) {
  let stdout = "";
  let stderr = "";
  const cli = createCLI({
    io: {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      env: {},
    },
  });
  const status = await cli.run(args);
  return { status, stdout, stderr };
}

test("every command has --help with usage and examples; so has every sub-command", async () => {
  for (const entry of commands) {
    const r = await inProcess([entry.name, "--help"]);
    assert.equal(r.status, 0, `${entry.name}: ${r.stderr}`);
    assert.match(r.stdout, new RegExp(`^usage: embargo ${entry.name}`), entry.name);
    const command = await entry.load();
    if (!command.subcommands) assert.match(r.stdout, /\nexamples:\n {2}npx embargo /, `${entry.name} has examples`);
    for (const sub of Object.keys(command.subcommands ?? {})) {
      const h = await inProcess([entry.name, sub, "--help"]);
      assert.equal(h.status, 0, `${entry.name} ${sub}: ${h.stderr}`);
      assert.match(h.stdout, new RegExp(`^usage: embargo ${entry.name} ${sub}`), `${entry.name} ${sub}`);
      assert.match(h.stdout, /\nexamples:\n {2}npx embargo /, `${entry.name} ${sub} has examples`);
    }
  }
  // The real binary answers the same.
  const bin = embargo(["trade", "growth", "--help"]);
  assert.equal(bin.status, 0, bin.stderr);
  assert.match(bin.stdout, /^usage: embargo trade growth --base FROM:TO/);
});

test("colours: none when piped, on with FORCE_COLOR, and NO_COLOR wins over FORCE_COLOR", () => {
  const esc = /\u001b\[/;
  const args = ["check", shipmentFile, "--as-of", "2025-02-30"];
  const piped = embargo(args);
  assert.doesNotMatch(piped.stderr, esc);
  const forced = embargo(args, { FORCE_COLOR: "1" });
  assert.match(forced.stderr, esc);
  assert.match(forced.stderr, /AS_OF_INVALID/);
  const none = embargo(args, { FORCE_COLOR: "1", NO_COLOR: "1" });
  assert.doesNotMatch(none.stderr, esc);
  const verdict = embargo(["check", shipmentFile, "--no-screening"], { FORCE_COLOR: "1" });
  assert.match(verdict.stdout, /\u001b\[1m\u001b\[31mPROHIBITED/);
  assert.doesNotMatch(embargo(["check", shipmentFile, "--no-screening"]).stdout, esc);
});
