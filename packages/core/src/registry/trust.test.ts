/**
 * Issue 11 item 1: a bundle that verifies only against the key inside it must not be ADMIT. A decision rests on a
 * bundle only if it chains to this registry's signed checkpoint or to a log key the caller names as trusted.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { buildBundle } from "./bundle.ts";
import { generateKeyPair } from "./crypto.ts";
import { loadRules, type RuleSet } from "./decide.ts";
import { openRegistry, type Registry } from "./registry.ts";
import { lot, TestWorld } from "./testkit.ts";
import { decideBundle } from "./trust.ts";

const dataDir = fileURLToPath(new URL("../../../../data/", import.meta.url));
const decl = { jurisdiction: "EU" as const, date: "2023-06-01", evidence: [] };
let rules: RuleSet;
let ours: Registry;
let forger: Registry;

/** A registry with the standard cast and one Botswana rough lot `bw-9` (admissible in the EU on 2023-06-01). */
async function registryWithLot(): Promise<Registry> {
  const w = new TestWorld();
  const reg = await openRegistry({ db: "memory", operatorSecretKey: w.operator.secretKey });
  for (const e of w.standard()) await reg.append(e);
  await reg.append(
    w.sign("mine-bw", {
      type: "REGISTER_ROUGH",
      time: "2023-05-01T00:00:00Z",
      outputs: [lot("bw-9", 5_000, { BW: 5_000 }, { pieces: 3, exportedFromRU: false, transitedRU: false })],
    }),
  );
  return reg;
}

before(async () => {
  rules = await loadRules(dataDir);
  [ours, forger] = await Promise.all([registryWithLot(), registryWithLot()]);
});
after(async () => {
  await Promise.all([ours.close(), forger.close()]);
});

test("a bundle from this registry is ADMIT and says it chains to this registry", () => {
  const d = decideBundle(buildBundle(ours, "bw-9"), decl, rules, { registry: ours });
  assert.equal(d.decision, "ADMIT");
  assert.equal(d.provenance.anchored, true);
  assert.equal(d.provenance.by, "registry");
});

test("a bundle signed by a freshly generated key is not ADMIT: NEEDS_EVIDENCE with a provenance reason", () => {
  const forged = buildBundle(forger, "bw-9");
  const d = decideBundle(forged, decl, rules, { registry: ours });
  assert.equal(d.decision, "NEEDS_EVIDENCE");
  assert.equal(d.provenance.anchored, false);
  assert.equal(d.reasons[0]?.rule, "provenance");
  assert.match(d.reasons[0]?.text ?? "", /neither this registry's/);
  assert.ok(d.reasons.slice(1).every((r) => r.effect === "INFO"));
  // Without any registry open, the same holds.
  assert.equal(decideBundle(forged, decl, rules, {}).decision, "NEEDS_EVIDENCE");
});

test("the caller may name another log's verifier key as trusted", () => {
  const b = buildBundle(forger, "bw-9");
  const d = decideBundle(b, decl, rules, { registry: ours, trustedVerifierKeys: [forger.identity.verifierKey] });
  assert.equal(d.decision, "ADMIT");
  assert.equal(d.provenance.by, "trusted-key");
  const other = generateKeyPair();
  assert.equal(
    decideBundle(b, decl, rules, { trustedVerifierKeys: [`embargo.diamonds+00000000+${other.publicKey}`] }).decision,
    "NEEDS_EVIDENCE",
  );
});

test("a bundle claiming this registry's key but re-signed by another key does not verify", () => {
  const b = buildBundle(forger, "bw-9");
  const claimed = { ...b, log: ours.identity };
  assert.throws(() => decideBundle(claimed, decl, rules, { registry: ours }), { code: "BUNDLE_INVALID" });
});
