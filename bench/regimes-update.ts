/**
 * Regime updates: what an imported version costs at load, and the fetcher's streamed read.
 * - Regime set load with the US eCFR sample version active, against the bundled-only load in the same run (the
 *   merge re-validates the member file and the set).
 * - `fetchBytes` of a 32 MiB body from a loopback server (chunked, no Content-Length) under a 64 MiB limit, against
 *   `(await fetch(url)).arrayBuffer()` of the same body (no limit, no streaming checks).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { bundledDataDir, createEngine, fetchBytes, fixedClock, silentLogger } from "@embargo/core";
import { loadRegimesWithUpdates, updateRegimes } from "@embargo/core/regimes";
import { type BenchModule, type Figure, figure, timeRuns } from "./harness.ts";

const BODY = 32 * 1024 * 1024;

export const regimesUpdateBench: BenchModule = {
  capability: "regimes-update",
  async run(): Promise<Figure[]> {
    const sample = readFileSync(
      path.resolve(import.meta.dirname, "../packages/core/src/regimes/update/samples/ecfr-title-15-part-746.xml"),
    );
    const chunk = Buffer.alloc(1024 * 1024, 32);
    const server = createServer((req, res) => {
      if (req.url?.startsWith("/big")) {
        for (let i = 0; i < BODY / chunk.length; i++) res.write(chunk);
        res.end();
      } else res.end(sample);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const stateDir = mkdtempSync(path.join(tmpdir(), "embargo-bench-regimes-update-"));
    try {
      const engine = createEngine({ dataDir: bundledDataDir, stateDir, clock: fixedClock("2024-06-02T10:00:00Z") });
      const r = await updateRegimes(engine, {
        fetch,
        sources: ["us-ecfr-746"],
        urls: { "us-ecfr-746": `${base}/api/versioner/v1/` },
        asOf: "2024-06-01",
      });
      if (r.results[0]?.status !== "updated") throw new Error(`bench setup: ${r.results[0]?.message}`);
      const dir = path.join(bundledDataDir, "regimes");
      const bundled = await timeRuns(() => loadRegimesWithUpdates(dir, undefined, silentLogger), 7, 2);
      const merged = await timeRuns(() => loadRegimesWithUpdates(dir, stateDir, silentLogger), 7, 2);
      const plain = await timeRuns(async () => (await fetch(`${base}/big`)).arrayBuffer(), 5, 1);
      const limited = await timeRuns(() => fetchBytes(fetch, `${base}/big`, { maxBytes: 64 * 1024 * 1024 }), 5, 1);
      const bMed = [...bundled].sort((a, b) => a - b)[bundled.length >> 1] as number;
      const pMed = [...plain].sort((a, b) => a - b)[plain.length >> 1] as number;
      return [
        figure({
          name: "regime set load with the US eCFR sample update active (3 measures merged, file and set re-validated)",
          unit: "ms",
          betterIs: "lower",
          samples: merged,
          baseline: { name: "bundled data only, same run", median: bMed },
        }),
        figure({
          name: "fetchBytes: 32 MiB chunked body from loopback, streamed under a 64 MiB limit",
          unit: "ms",
          betterIs: "lower",
          samples: limited,
          baseline: { name: "fetch().arrayBuffer() of the same body", median: pMed },
        }),
      ];
    } finally {
      server.close();
      rmSync(stateDir, { recursive: true, force: true });
    }
  },
};
