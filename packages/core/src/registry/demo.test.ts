import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { generateKeyPair } from "./crypto.ts";
import { decideImport, loadRules } from "./decide.ts";
import { DEMO_LOTS, DEMO_PREFIX, seedDemoRegistry } from "./demo.ts";
import { factsFromRegistry } from "./facts.ts";
import { openRegistry } from "./registry.ts";

const dataDir = fileURLToPath(new URL("../../../../data/", import.meta.url));

test("the demo registry: labelled DEMO, appended through the registry's checks, once", async () => {
  const op = generateKeyPair();
  const reg = await openRegistry({ db: "memory", operatorSecretKey: op.secretKey });
  try {
    const first = await seedDemoRegistry(reg, op.secretKey);
    assert.equal(first.seeded, true);
    assert.ok(first.events >= 20);
    assert.match(first.note, /^DEMO data: fictional/);
    // Every demo party and lot says DEMO; the story: BW rough + RU rough merged, split, cut in India.
    for (const [id, p] of reg.view.parties) {
      if (id === "operator") continue;
      assert.ok(id.startsWith(DEMO_PREFIX), id);
      assert.match(p.legalName, /^DEMO .*\(fictional\)$/);
    }
    for (const id of reg.view.lots.keys()) assert.ok(id.startsWith(DEMO_PREFIX), id);
    const pol = reg.view.lots.get(DEMO_LOTS.polished);
    assert.deepEqual(pol?.lot.origin.byCountry, { BW: 1_000, RU: 200 });
    assert.deepEqual(pol?.lot.origin.processedIn, ["IN"]);
    assert.ok(reg.view.lots.get(DEMO_LOTS.botswanaRough)?.consumedBy, "the Botswana rough was merged away");
    // The polished stone carries Russian content: the EU does not admit it.
    const d = decideImport(
      factsFromRegistry(reg, DEMO_LOTS.polished),
      { jurisdiction: "EU", date: "2024-06-01", evidence: [] },
      await loadRules(dataDir),
    );
    assert.notEqual(d.decision, "ADMIT");
    // Seeding again adds nothing.
    const size = reg.view.order.length;
    const again = await seedDemoRegistry(reg, op.secretKey);
    assert.equal(again.seeded, false);
    assert.equal(reg.view.order.length, size);
    // Another operator's key is refused before anything is written.
    const other = await openRegistry({ db: "memory", operatorSecretKey: generateKeyPair().secretKey });
    try {
      await assert.rejects(seedDemoRegistry(other, op.secretKey), { code: "DEMO_OPERATOR_KEY" });
    } finally {
      await other.close();
    }
  } finally {
    await reg.close();
  }
});
