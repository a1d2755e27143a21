// Worker for the screening throughput benchmark, run as a worker thread or as a child process (IPC): builds its own
// screener over the bundled lists, screens its warm-up queries untimed, then, on the start signal, its timed queries
// once (none of them screened before by this worker), and reports the count. One worker = one core.
import { parentPort, workerData } from "node:worker_threads";
import { createEngine } from "@embargo/core";
import { createScreener, getListSnapshots, type ScreenQuery } from "@embargo/core/screening";

type Msg = { go: true } | { warm: ScreenQuery[]; timed: ScreenQuery[] };
const send = (m: unknown) => (parentPort ? parentPort.postMessage(m) : process.send?.(m));
const on = (f: (m: Msg) => void) => (parentPort ? parentPort.on("message", f) : process.on("message", f));

let timed: ScreenQuery[] = [];
const screener = createScreener(await getListSnapshots(createEngine()));
async function prepare(data: { warm: ScreenQuery[]; timed: ScreenQuery[] }) {
  // The warm-up settles the JIT and the heap (the build's garbage), so the timed pass is steady state.
  for (const q of data.warm) screener.screen(q);
  timed = data.timed;
  send({ ready: true });
}
on((m) => {
  if ("warm" in m) void prepare(m);
  else if ("go" in m) {
    let hits = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (const q of timed) hits += screener.screen(q).hits.length;
    const c = process.cpuUsage(c0);
    send({ done: true, ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, screened: timed.length, hits });
  }
});
if (workerData) void prepare(workerData as { warm: ScreenQuery[]; timed: ScreenQuery[] });
else send({ loaded: true });
