// Worker thread for the screening throughput benchmark: builds its own screener over the bundled lists, then
// screens the query slice it is sent and reports the count. One worker = one core.
import { parentPort, workerData } from "node:worker_threads";
import { createEngine } from "@embargo/core";
import { createScreener, getListSnapshots, type ScreenQuery } from "@embargo/core/screening";

const { queries } = workerData as { queries: ScreenQuery[] };
const screener = createScreener(await getListSnapshots(createEngine()));
// One untimed pass over the slice warms the JIT and settles the heap, so the timed rounds are steady state.
for (const q of queries) screener.screen(q);
parentPort?.postMessage({ ready: true });
parentPort?.on("message", (m: { go: boolean; rounds: number }) => {
  if (!m.go) return;
  let hits = 0;
  const t0 = performance.now();
  for (let k = 0; k < m.rounds; k++) for (const q of queries) hits += screener.screen(q).hits.length;
  parentPort?.postMessage({ done: true, ms: performance.now() - t0, screened: queries.length * m.rounds, hits });
});
