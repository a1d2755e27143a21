/**
 * CPU profile of `screen` alone (`node --import tsx bench/screening-profile.ts [out.cpuprofile] [rounds=2]`): builds
 * the screener over every bundled list, warms up, then profiles only the bench queries' screening (node:inspector),
 * so index build and list parsing do not crowd the profile. Prints names per CPU second of the profiled loop (the
 * profiler adds overhead: compare A/B with bench/screening-ab.ts) and the functions by self time.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { createEngine } from "@embargo/core";
import { createScreener, getListSnapshots } from "@embargo/core/screening";
import { benchQueries } from "./screening.ts";

const [out, roundsArg] = process.argv.slice(2);
const snapshots = await getListSnapshots(createEngine());
const screener = createScreener(snapshots);
const queries = benchQueries(
  snapshots.flatMap((s) => s.entities),
  4000,
);
for (const q of queries.slice(0, 500)) screener.screen(q);
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.start");
const rounds = Number(roundsArg ?? 2);
const c0 = process.cpuUsage();
for (let r = 0; r < rounds; r++) for (const q of queries) screener.screen(q);
const c = process.cpuUsage(c0);
const { profile } = await session.post("Profiler.stop");
if (out) writeFileSync(out, JSON.stringify(profile));
const self = new Map<string, number>();
const deltas = profile.timeDeltas ?? [];
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
let total = 0;
(profile.samples ?? []).forEach((id, i) => {
  const f = byId.get(id)?.callFrame;
  if (!f) return;
  const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`;
  const d = deltas[i] ?? 0;
  self.set(key, (self.get(key) ?? 0) + d);
  total += d;
});
process.stdout.write(
  `${JSON.stringify({ queries: rounds * queries.length, namesPerCpuSecond: Math.round((rounds * queries.length) / ((c.user + c.system) / 1e6)) })}\n`,
);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
  process.stdout.write(`${((v / total) * 100).toFixed(1).padStart(5)}% ${k}\n`);
