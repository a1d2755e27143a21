// EU EUR-Lex Annex XVIII (Art. 3h luxury) end to end over a loopback server: update → diff → an export to Russia
// above the per-item threshold read from the annex turns from REVIEW (data incomplete) into PROHIBITED citing the
// consolidated version and its date, below it the imported measure reads NOT_RESTRICTED "below the threshold" →
// rollback → REVIEW again.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { bundledDataDir } from "../../data/index.ts";
import { createEngine } from "../../engine.ts";
import { fixedClock } from "../../runtime/index.ts";
import { decide } from "../../verdicts/decide.ts";
import { parseShipment } from "../../verdicts/shipment.ts";
import { getRegimes } from "../index.ts";
import { formatRegimeDiff } from "./diff.ts";
import { rollbackRegimes, updateRegimes } from "./store.ts";

let server: Server;
let base = "";
before(async () => {
  server = createServer((req, res) => {
    if (req.url === "/eurlex/02014R0833-20240625.xml") {
      res.setHeader("content-type", "application/xml");
      res.end(readFileSync(new URL("./samples/eurlex-formex-02014R0833.xml", import.meta.url)));
      return;
    }
    res.statusCode = 404;
    res.end("<html>not found</html>");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

test("EU EUR-Lex Annex XVIII: above its per-item threshold an export to Russia turns from REVIEW (data incomplete) into PROHIBITED citing Art. 3h, CELEX and date; below it the imported measure reads NOT_RESTRICTED; rollback undoes it", async () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), "embargo-eu-xviii-"));
  const engine = createEngine({ dataDir: bundledDataDir, stateDir, clock: fixedClock("2024-07-02T10:00:00Z") });
  // 6810 11 sits in the sample's EUR 750 section (a placeholder placement: the bundled data do not list it).
  const eu = async (value: number) => {
    const r = decide(
      parseShipment({
        date: "2024-07-01",
        exporter: { name: "Stein GmbH", country: "DE" },
        consignee: { name: "OOO Kamen", country: "RU" },
        destination: "RU",
        items: [{ code: "681011", value, currency: "EUR", quantity: 1 }],
      }),
      { regimes: await getRegimes(engine) },
    );
    const j = r.jurisdictions.find((x) => x.jurisdiction === "EU");
    assert.ok(j);
    return j;
  };
  const measureId = "eu-eurlex-833-annex-xviii-eur750-2024-06-25";
  try {
    for (const value of [500, 1000])
      assert.deepEqual(await eu(value).then((j) => [j.verdict, j.review]), ["REVIEW", "data_incomplete"], `${value}`);
    const r = await updateRegimes(engine, {
      fetch,
      sources: ["eu-eurlex-833"],
      urls: { "eu-eurlex-833": `${base}/eurlex/02014R0833-20240625.xml` },
      asOf: "2024-07-01",
    });
    const res = r.results[0];
    assert.equal(res?.status, "updated", JSON.stringify(res));
    assert.equal(res?.version?.counts.measures, 6, "four Annex XVIII thresholds, XXI and XXIII");
    assert.match(
      formatRegimeDiff(res?.diff as never),
      new RegExp(`added ${measureId} —[^\\n]*\\n(?: {4}\\+ \\d+\\n)*? {4}\\+ 681011\\n`),
    );

    const above = await eu(1000);
    assert.equal(above.verdict, "PROHIBITED");
    const ban = above.items[0]?.reasons.find((x) => x.measureId === measureId);
    assert.equal(ban?.effect, "PROHIBITED");
    assert.match(
      `${ban?.citation} ${ban?.summary}`,
      /Council Regulation \(EU\) No 833\/2014 \(EUR-Lex consolidated text CELEX 02014R0833-20240625\).*3h.*XVIII/,
    );
    assert.match(
      ban?.summary ?? "",
      /in force since 2024-06-25\. Value 1000 EUR per item meets the threshold \(above 750 EUR per item/,
    );

    const below = await eu(500);
    const pass = below.items[0]?.reasons.find((x) => x.measureId === measureId);
    assert.equal(pass?.effect, "NOT_RESTRICTED");
    assert.match(pass?.summary ?? "", /below the threshold: 500 EUR per item/);
    // The import answers Art. 3h only: the packages the bundled data do not encode (11th to 14th, in force by
    // 2024-07-01) still ask for a review of a shipment below the threshold.
    assert.equal(below.verdict, "REVIEW");
    assert.ok(
      below.items[0]?.reasons.some((x) => x.effect === "REVIEW" && x.measureId?.startsWith("regime:eu-833-package-")),
    );

    await rollbackRegimes(engine, { sources: ["eu-eurlex-833"] });
    for (const value of [500, 1000])
      assert.deepEqual(await eu(value).then((j) => [j.verdict, j.review]), ["REVIEW", "data_incomplete"], `${value}`);
    assert.ok(!(await eu(1000)).items[0]?.reasons.some((x) => x.measureId === measureId));
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
});
