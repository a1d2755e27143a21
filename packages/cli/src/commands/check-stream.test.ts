/**
 * `check --json` on a large CSV batch streams JSON lines: one object per shipment as it is decided, then one
 * summary line. Memory is bounded by running the real binary under a V8 heap cap far below what holding the
 * batch's results (≈ 290 MB of JSON for these 100,000 rows) would need; no time is asserted.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { embargoBin } from "../testing.ts";

const fixtures = fileURLToPath(new URL("../../../core/src/verdicts/fixtures", import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), "embargo-check-stream-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const ROWS = 100_000;
const HEAP_MB = 192;

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write(
    "shipment_id,date,exporter_name,exporter_country,consignee_name,consignee_country,destination,code,value,currency,quantity\n",
  );
  for (let i = 0; i < ROWS; i++) {
    // Every 10,000th row has a bad destination: reported on its line, the rest decided.
    const dest = i % 10_000 === 9_999 ? "Russia" : "RU";
    const line = `R${i},2025-06-01,Acme,DE,OOO,RU,${dest},${i % 2 ? "8471.50" : "0101"},100,EUR,1\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

test(`check --json streams ${ROWS.toLocaleString("en")} rows as JSON lines under a ${HEAP_MB} MB heap`, async () => {
  const file = path.join(tmp, "big.csv");
  await writeCsv(file);
  const child = spawn(
    process.execPath,
    [
      embargoBin,
      "--data-dir",
      fixtures,
      "--state-dir",
      path.join(tmp, "state"),
      "check",
      file,
      "--json",
      "--no-screening",
    ],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, EMBARGO_DEV: "1", NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` },
    },
  );
  // Read the lines as they come, keeping only counts, a sample and the last line (the test holds no batch either).
  let lines = 0;
  let rest = "";
  let last = "";
  let errors = 0;
  let first: { rows: number[]; id: string; overall: string } | undefined;
  let stderr = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop() ?? "";
    for (const l of parts) {
      lines++;
      last = l;
      if (first === undefined) first = JSON.parse(l);
      else if (l.includes('"error"') && l.startsWith('{"rows"')) errors++;
    }
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const status = await new Promise<number | null>((r) => child.on("close", r));
  assert.equal(status, 2, stderr.slice(-2000));
  assert.equal(rest, "");
  assert.equal(lines, ROWS + 1, "one line per shipment and a summary line");
  assert.deepEqual(first && [first.rows, first.id, first.overall], [[1], "R0", "NOT_RESTRICTED"]);
  const summary = JSON.parse(last);
  assert.deepEqual(summary.summary, {
    shipments: ROWS,
    prohibited: ROWS / 2 - 10, // the bad rows are odd rows (8471.50)
    licenceRequired: 0,
    review: 0,
    notRestricted: ROWS / 2,
    errors: 10,
  });
  assert.equal(errors, 10);
  assert.match(summary.dataVersion, /^regimes-/);
});
