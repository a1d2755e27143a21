// Child process of the screening benchmark: loads the bundled lists and builds one index in a fresh process,
// then prints heap and RSS as JSON (so other benchmark modules' memory does not pollute the figure).
import { performance } from "node:perf_hooks";
import { createEngine } from "@embargo/core";
import { createScreener, getListSnapshots } from "@embargo/core/screening";

const before = process.memoryUsage();
const t0 = performance.now();
const snapshots = await getListSnapshots(createEngine());
const loadMs = performance.now() - t0;
const t1 = performance.now();
const screener = createScreener(snapshots);
const buildMs = performance.now() - t1;
(globalThis as { gc?: () => void }).gc?.();
const after = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({ loadMs, buildMs, entities: screener.stats.entities, heapUsed: after.heapUsed, rss: after.rss, rssBefore: before.rss })}\n`,
);
