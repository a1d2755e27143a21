/**
 * Result identity check for matcher speed work (`node --import tsx bench/screening-identity.ts --write FILE` before,
 * `--check FILE` after): screens 2,000 fixed bench queries over every bundled list (default threshold, threshold 0.5
 * and the ofac-parity algorithm) and compares every hit and score, explanation included, exactly. A speed change
 * must not change a single result.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createEngine } from "@embargo/core";
import { createScreener, getListSnapshots } from "@embargo/core/screening";
import { benchQueries } from "./screening.ts";

const [mode, file] = process.argv.slice(2);
if ((mode !== "--write" && mode !== "--check") || !file) {
  process.stderr.write("usage: screening-identity.ts --write|--check FILE\n");
  process.exit(2);
}
const snapshots = await getListSnapshots(createEngine());
const screener = createScreener(snapshots);
const queries = benchQueries(
  snapshots.flatMap((s) => s.entities),
  2000,
);
const lines: string[] = [];
queries.forEach((q, i) => {
  const runs = [
    screener.screen(q),
    ...(i % 4 === 0 ? [screener.screen(q, { threshold: 0.5 }), screener.screen(q, { algorithm: "ofac-parity" })] : []),
  ];
  for (const r of runs) lines.push(JSON.stringify({ q: q.name, hits: r.hits, suppressed: r.suppressed }));
});
if (mode === "--write") {
  writeFileSync(file, `${lines.join("\n")}\n`);
  process.stdout.write(`wrote ${lines.length} results\n`);
} else {
  const before = readFileSync(file, "utf8").trimEnd().split("\n");
  let diff = 0;
  for (let i = 0; i < Math.max(before.length, lines.length); i++) {
    if (before[i] !== lines[i]) {
      if (diff < 5) process.stdout.write(`DIFF ${i}\n- ${before[i]?.slice(0, 400)}\n+ ${lines[i]?.slice(0, 400)}\n`);
      diff++;
    }
  }
  process.stdout.write(`${lines.length} results, ${diff} different\n`);
  if (diff > 0) process.exit(1);
}
