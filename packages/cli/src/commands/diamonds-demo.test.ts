import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { runEmbargo } from "../testing.ts";

test("embargo diamonds demo: seeds the labelled DEMO registry once; its polished lot is decided like any other", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "embargo-cli-diamonds-demo-"));
  const embargo = (args: string[]) =>
    runEmbargo(["--state-dir", path.join(dir, "state"), "diamonds", ...args], { cwd: dir, timeoutMs: 120_000 });
  try {
    const r = embargo(["demo"]);
    assert.equal(r.status, 0, r.stderr);
    const seed = JSON.parse(r.stdout) as {
      seeded: boolean;
      events: number;
      start: string;
      note: string;
      lots: string[];
    };
    assert.equal(seed.seeded, true);
    assert.equal(seed.start, "DEMO-POL-1");
    assert.match(seed.note, /^DEMO data: fictional/);
    assert.ok(seed.lots.every((l) => l.startsWith("DEMO-")));
    const d = embargo(["decide", "--lot", "DEMO-POL-1", "--jurisdiction", "EU", "--date", "2024-06-01"]);
    assert.equal(d.status, 1, "Russian content: not admitted");
    assert.notEqual((JSON.parse(d.stdout) as { decision: string }).decision, "ADMIT");
    const again = embargo(["demo"]);
    assert.equal(again.status, 0, again.stderr);
    assert.equal((JSON.parse(again.stdout) as { seeded: boolean }).seeded, false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
