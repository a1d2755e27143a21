/**
 * Throughput A/B for matcher speed work on a shared, noisy machine: loads the screener of a base checkout and of
 * this tree into ONE process and screens the same bench queries in alternating 250-query batches (order flipped
 * every batch), so load from other processes hits both sides alike. Prepare the base once:
 *   mkdir -p /tmp/base && git archive <rev> packages/core data | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/node_modules
 * then `node --import tsx bench/screening-ab.ts /tmp/base [rounds=2]`. Checks that both sides give the same hits
 * for every query, after printing names per wall and per CPU second (use rounds=1 to time first sightings only).
 */
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { createEngine } from "@embargo/core";
import { createScreener, getListSnapshots } from "@embargo/core/screening";
import { benchQueries } from "./screening.ts";

const [baseDir, roundsArg] = process.argv.slice(2);
if (!baseDir) {
  process.stderr.write("usage: screening-ab.ts BASE_DIR [rounds]\n");
  process.exit(2);
}
const at = (p: string) => pathToFileURL(resolve(baseDir, p)).href;
const baseCore = (await import(at("packages/core/src/index.ts"))) as { createEngine: typeof createEngine };
const baseScreening = (await import(at("packages/core/src/screening/index.ts"))) as {
  createScreener: typeof createScreener;
  getListSnapshots: typeof getListSnapshots;
};
const snapshots = await getListSnapshots(createEngine());
const sides = {
  base: baseScreening.createScreener(await baseScreening.getListSnapshots(baseCore.createEngine())),
  new: createScreener(snapshots),
};
// AB_QUERIES=16000 for small effects: an A/A run (the same tree on both sides) then differs by about 1.5%.
const queries = benchQueries(
  snapshots.flatMap((s) => s.entities),
  Number(process.env.AB_QUERIES ?? 4000),
);
for (const q of queries.slice(0, 300)) for (const s of Object.values(sides)) s.screen(q);
const wall = { base: 0, new: 0 };
const cpu = { base: 0, new: 0 };
const rounds = Number(roundsArg ?? 2);
for (let r = 0; r < rounds; r++)
  for (let i = 0; i < queries.length; i += 250) {
    const batch = queries.slice(i, i + 250);
    const order: ("base" | "new")[] = (i / 250 + r) % 2 ? ["new", "base"] : ["base", "new"];
    for (const k of order) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (const q of batch) sides[k].screen(q);
      const c = process.cpuUsage(c0);
      wall[k] += performance.now() - t0;
      cpu[k] += (c.user + c.system) / 1000;
    }
  }
const n = rounds * queries.length;
for (const k of ["base", "new"] as const)
  process.stdout.write(
    `${JSON.stringify({ side: k, queries: n, namesPerSecond: Math.round((n / wall[k]) * 1000), namesPerCpuSecond: Math.round((n / cpu[k]) * 1000) })}\n`,
  );
// Identity (after the timing, so that timed queries are screened for the first time — retrieval keeps per-part
// lookups across queries): every query's hits (explanations included) the same on both sides, at the default threshold and
// at 0.5 and 0.9 for every fourth query. A speed change must not change a result.
let differ = 0;
queries.forEach((q, i) => {
  for (const threshold of i % 4 === 0 ? [undefined, 0.5, 0.9] : [undefined]) {
    const o = threshold === undefined ? {} : { threshold };
    const a = JSON.stringify(sides.base.screen(q, o).hits);
    const b = JSON.stringify(sides.new.screen(q, o).hits);
    if (a !== b && differ++ < 5)
      process.stderr.write(`differs: ${JSON.stringify(q.name)} at ${threshold ?? "default"}\n`);
  }
});
process.stdout.write(`${JSON.stringify({ identical: differ === 0, differing: differ, queries: queries.length })}\n`);
