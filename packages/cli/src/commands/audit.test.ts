import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { runEmbargo } from "../testing.ts";

const state = mkdtempSync(path.join(tmpdir(), "embargo-audit-"));
after(() => rmSync(state, { recursive: true, force: true }));
const embargo = (args: string[]) => runEmbargo(["--state-dir", state, ...args], { timeoutMs: 180_000 });
const shipment = path.resolve(import.meta.dirname, "../../../../examples/shipment.json");

test("embargo check --record → audit list / show / verify; bad and unknown ids", () => {
  const checked = embargo(["check", shipment, "--no-screening", "--record", "--json"]);
  assert.ok(checked.status === 0 || checked.status === 1, checked.stderr);
  const result = JSON.parse(checked.stdout) as { overall: string; audit: { id: string; seq: number } };
  assert.match(result.audit.id, /^[0-9a-f]{64}$/);
  assert.equal(result.audit.seq, 0);

  const text = embargo(["check", shipment, "--no-screening", "--record"]);
  assert.match(text.stdout, /audit: [0-9a-f]{64} \(embargo audit show\|verify/);

  const batch = embargo(["check", path.resolve(shipment, "../shipments.csv"), "--record"]);
  assert.equal(batch.status, 2);
  assert.match(batch.stderr, /--record takes one shipment/);

  const list = embargo(["audit", "list", "--json"]);
  assert.equal(list.status, 0, list.stderr);
  const records = (JSON.parse(list.stdout) as { records: { id: string; seq: number; kind: string }[] }).records;
  assert.deepEqual(
    records.map((r) => [r.seq, r.kind]),
    [
      [1, "verdict"],
      [0, "verdict"],
    ],
  );
  assert.equal(records[1]?.id, result.audit.id);

  const show = embargo(["audit", "show", result.audit.id, "--json"]);
  assert.equal(show.status, 0, show.stderr);
  const proof = JSON.parse(show.stdout) as {
    record: { request: { asOf: string; screening: boolean }; summary: string };
    checkpoint: { size: number; note: string };
  };
  assert.equal(proof.record.request.screening, false);
  assert.match(proof.record.summary, new RegExp(`^${result.overall}: `));
  assert.equal(proof.checkpoint.size, 2);
  assert.match(proof.checkpoint.note, /^embargo\.audit\n2\n/);
  const showText = embargo(["audit", "show", result.audit.id]);
  assert.match(showText.stdout, /kind\s+verdict/);

  const verify = embargo(["audit", "verify", result.audit.id]);
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /included\s+yes/);
  assert.match(verify.stdout, /same result today/);

  const bad = embargo(["audit", "show", "xyz"]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /AUDIT_ID_INVALID/);
  const unknown = embargo(["audit", "verify", "0".repeat(64)]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /AUDIT_NOT_FOUND/);
  const noSub = embargo(["audit"]);
  assert.equal(noSub.status, 2);
});
