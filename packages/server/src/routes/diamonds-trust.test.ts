/** Issue 11 item 1: POST /v1/diamonds/decide must not ADMIT a bundle signed by a key this registry does not know. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createEngine, fixedClock } from "@embargo/core";
import { buildBundle, lot, openRegistry, type Registry, TestWorld } from "@embargo/core/registry";
import { createApp } from "../app.ts";
import { DIAMONDS_HTTP_KEY, parseApiKeys } from "./diamonds.ts";

let ours: Registry;
let forger: Registry;
let app: ReturnType<typeof createApp>;

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
  [ours, forger] = await Promise.all([registryWithLot(), registryWithLot()]);
  const engine = createEngine({ clock: fixedClock("2026-06-01T00:00:00Z") });
  engine.replace(DIAMONDS_HTTP_KEY, { registry: ours, apiKeys: parseApiKeys(undefined), operatorSecretKey: "unused" });
  app = createApp({ engine, web: false });
});
after(() => Promise.all([ours.close(), forger.close()]));

const decide = async (body: unknown) => {
  const r = await app.request("/v1/diamonds/decide", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const decl = { jurisdiction: "EU", date: "2023-06-01" };

test("a bundle of this registry is ADMIT and names what it chains to", async () => {
  const r = await decide({ bundle: buildBundle(ours, "bw-9"), ...decl });
  assert.equal(r.status, 200);
  assert.equal(r.body.decision, "ADMIT");
  assert.deepEqual((r.body.provenance as { anchored: boolean; by: string }).by, "registry");
});

test("a bundle signed by a freshly generated key is NEEDS_EVIDENCE, with the reason; ADMIT once its key is named as trusted", async () => {
  const forged = buildBundle(forger, "bw-9");
  const r = await decide({ bundle: forged, ...decl });
  assert.equal(r.status, 200);
  assert.equal(r.body.decision, "NEEDS_EVIDENCE");
  const reasons = r.body.reasons as { rule: string; text: string }[];
  assert.equal(reasons[0]?.rule, "provenance");
  assert.match(reasons[0]?.text ?? "", /neither this registry's/);
  const t = await decide({ bundle: forged, ...decl, trustedLogKeys: [forger.identity.verifierKey] });
  assert.equal(t.body.decision, "ADMIT");
  assert.equal((t.body.provenance as { by: string }).by, "trusted-key");
});
