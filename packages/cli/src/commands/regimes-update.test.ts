// `embargo regimes sources|update|rollback` on the real binary, against a loopback "UK Trade Tariff".
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { runEmbargoAsync } from "../testing.ts";

const sample = readFileSync(
  new URL("../../../core/src/regimes/update/samples/uk-trade-tariff-commodity.json", import.meta.url),
  "utf8",
);
let server: Server;
let base = "";
const dir = mkdtempSync(path.join(os.tmpdir(), "embargo-cli-regimes-update-"));
const stateDir = path.join(dir, "state");
const shipment = path.join(dir, "shipment.json");

before(async () => {
  writeFileSync(
    shipment,
    JSON.stringify({
      date: "2024-06-01",
      exporter: { name: "Acme Ltd", country: "GB" },
      consignee: { name: "OOO Test", country: "RU" },
      destination: "RU",
      items: [{ code: "9403200000", value: 100, currency: "GBP", quantity: 1 }],
    }),
  );
  server = createServer((req, res) => {
    const code = /commodities\/(\d{10})/.exec(req.url ?? "")?.[1];
    if (req.url?.startsWith("/html/")) {
      res.end("<!DOCTYPE html><html><body>maintenance</body></html>");
      return;
    }
    res.end(sample.replace('"8471300000"', `"${code}"`));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

const embargo = (args: string[]) => runEmbargoAsync([...args, "--state-dir", stateDir]);
const ukVerdict = async () => {
  const r = await embargo(["check", shipment, "--no-screening", "--json"]);
  const uk = (
    JSON.parse(r.stdout) as { jurisdictions: { jurisdiction: string; verdict: string; review?: string }[] }
  ).jurisdictions.find((j) => j.jurisdiction === "UK");
  return `${uk?.verdict} ${uk?.review ?? ""}`.trim();
};

test("update prints the diff and makes the verdict definite; a hostile page is refused; rollback restores REVIEW", async () => {
  const src = await embargo(["regimes", "sources"]);
  assert.equal(src.status, 0, src.stderr);
  assert.match(src.stdout, /uk-trade-tariff \(UK\)[\s\S]*format: https:\/\/api\.trade-tariff[\s\S]*bundled data only/);
  assert.equal(await ukVerdict(), "REVIEW data_incomplete");

  const args = ["--source", "uk-trade-tariff", "--codes", "9403200000", "--as-of", "2024-06-01"];
  const up = await embargo(["regimes", "update", ...args, "--url", `uk-trade-tariff=${base}/ok/api/v2/`]);
  assert.equal(up.status, 0, up.stderr);
  assert.match(up.stdout, /uk-trade-tariff\s+updated\s+2 measure\(s\), 2 code\(s\) as of 2024-06-01/);
  assert.match(up.stdout, /added uk-tt-export-ru-.* — Export prohibition .*\n {4}\+ 9403200000/);
  assert.equal(await ukVerdict(), "PROHIBITED");

  const html = await embargo(["regimes", "update", ...args, "--url", `uk-trade-tariff=${base}/html/api/v2/`, "--json"]);
  assert.equal(html.status, 5, html.stderr); // integrity
  assert.equal(JSON.parse(html.stdout).results[0].error.code, "REGIME_SOURCE_MALFORMED");
  assert.equal(await ukVerdict(), "PROHIBITED");

  const back = await embargo(["regimes", "rollback"]);
  assert.equal(back.status, 0, back.stderr);
  assert.match(back.stdout, /uk-trade-tariff\s+rolled_back back to the bundled data alone/);
  assert.equal(await ukVerdict(), "REVIEW data_incomplete");
});
