import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { runEmbargo } from "../testing.ts";

const state = mkdtempSync(path.join(tmpdir(), "embargo-decide-"));
after(() => rmSync(state, { recursive: true, force: true }));
// A fixed store location for the run: the default PGlite directory under the state dir.
const embargo = (args: string[]) => runEmbargo(["--state-dir", state, ...args], { timeoutMs: 180_000 });

type Screen = { hits: { entityId: string }[]; suppressed: { entityId: string; reviewer?: string }[]; summary: string };

test("embargo screen decide / decisions: a false positive suppresses the hit in later screens and is logged", () => {
  const first = embargo(["screen", "Sergei Ivanov", "--type", "person", "--json"]);
  assert.equal(first.status, 1, first.stderr);
  const top = (JSON.parse(first.stdout) as Screen).hits[0];
  assert.ok(top, "a hit to decide on");

  const noReason = embargo([
    "screen",
    "decide",
    "Sergei Ivanov",
    "--type",
    "person",
    "--entity",
    top.entityId,
    "--verdict",
    "false-positive",
    "--reviewer",
    "cli.reviewer",
  ]);
  assert.equal(noReason.status, 2, "invalid input");
  assert.match(noReason.stderr, /DECISION_INVALID|a false positive needs a reason/);

  const ok = embargo([
    "screen",
    "decide",
    "Sergei Ivanov",
    "--type",
    "person",
    "--entity",
    top.entityId,
    "--verdict",
    "false-positive",
    "--reviewer",
    "cli.reviewer",
    "--reason",
    "different date of birth",
  ]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(
    ok.stdout,
    new RegExp(`recorded #1 .*FALSE POSITIVE ${top.entityId}.*by cli\\.reviewer — different date of birth`),
  );

  // Word order does not matter (same query fingerprint): the hit is withheld and reported as such.
  const again = embargo(["screen", "IVANOV Sergei", "--type", "person", "--json"]);
  const doc = JSON.parse(again.stdout) as Screen;
  assert.equal(
    doc.hits.find((h) => h.entityId === top.entityId),
    undefined,
  );
  assert.equal(doc.suppressed.find((s) => s.entityId === top.entityId)?.reviewer, "cli.reviewer");

  // The batch path applies the same decisions.
  const csv = path.join(state, "names.csv");
  writeFileSync(csv, "name,type\nIvanov Sergei,person\n");
  const batch = embargo(["screen", "--batch", csv, "--json"]);
  const row = JSON.parse(batch.stdout.trim().split("\n")[0] ?? "{}") as Screen;
  assert.equal(
    row.hits.find((h) => h.entityId === top.entityId),
    undefined,
    batch.stderr,
  );
  assert.ok(row.suppressed.some((s) => s.entityId === top.entityId));

  const log = embargo(["screen", "decisions", "--name", "Ivanov Sergei", "--type", "person", "--json"]);
  assert.equal(log.status, 0, log.stderr);
  const decisions = (JSON.parse(log.stdout) as { decisions: { verdict: string; entityId: string; at: string }[] })
    .decisions;
  assert.equal(decisions.length, 1);
  assert.equal(decisions[0]?.verdict, "false_positive");
  assert.equal(decisions[0]?.entityId, top.entityId);

  const bad = embargo(["screen", "decisions", "--limit", "0"]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /DECISION_FILTER_INVALID|invalid decision filter/);
});
