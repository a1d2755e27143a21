/**
 * Quick single-thread screening figures for matcher work (`node --import tsx bench/screening-quick.ts`): index
 * build time over every bundled list and throughput of the bench queries on the main thread at the default
 * threshold (per wall second and per CPU second of this process: the machine may be shared). The full benchmark (`npm run bench -- screening`) measures the same on worker threads, with memory.
 */
import { performance } from "node:perf_hooks";
import { createEngine } from "@embargo/core";
import { createScreener, getListSnapshots } from "@embargo/core/screening";
import { benchQueries } from "./screening.ts";

const snapshots = await getListSnapshots(createEngine());
const entities = snapshots.flatMap((s) => s.entities);
const build: number[] = [];
let screener = createScreener(snapshots);
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  screener = createScreener(snapshots);
  build.push(performance.now() - t0);
}
const queries = benchQueries(entities, 4000);
for (const q of queries.slice(0, 500)) screener.screen(q);
const t0 = performance.now();
const c0 = process.cpuUsage();
let hits = 0;
for (const q of queries) hits += screener.screen(q).hits.length;
const s = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
const cpuS = (cpu.user + cpu.system) / 1e6;
const med = [...build].sort((a, b) => a - b)[1] ?? 0;
process.stdout.write(
  `${JSON.stringify({ entities: screener.stats.entities, names: screener.stats.names, buildMsMedian: Math.round(med), queries: queries.length, namesPerSecond: Math.round(queries.length / s), namesPerCpuSecond: Math.round(queries.length / cpuS), hits })}\n`,
);
