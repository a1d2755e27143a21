import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createEngine, fixedClock } from "@embargo/core";
import { lot, openRegistry, type Registry, TestWorld } from "@embargo/core/registry";
import { createApp } from "../app.ts";
import { DIAMONDS_HTTP_KEY, type DiamondsHttpConfig, parseApiKeys } from "./diamonds.ts";

const READ = "read-key-0123456789";
const ADMIN = "admin-key-0123456789";
const w = new TestWorld();
let registry: Registry;
let app: ReturnType<typeof createApp>;

before(async () => {
  const engine = createEngine({ clock: fixedClock("2026-06-01T00:00:00Z") });
  registry = await openRegistry({ db: "memory", operatorSecretKey: w.operator.secretKey, clock: engine.clock });
  const cfg: DiamondsHttpConfig = {
    registry,
    apiKeys: parseApiKeys(`read:${READ},admin:${ADMIN}`),
    operatorSecretKey: w.operator.secretKey,
  };
  engine.replace(DIAMONDS_HTTP_KEY, cfg);
  app = createApp({ engine, web: false });
  for (const e of w.standard()) await registry.append(e);
});
after(() => registry.close());

const post = (path: string, body: unknown, key?: string) =>
  app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { "x-api-key": key } : {}) },
    body: JSON.stringify(body),
  });
const get = (path: string, key?: string) => app.request(path, { headers: key ? { "x-api-key": key } : {} });

test("writes must be signed by the party's registered key; replay and double spend are conflicts", async () => {
  const ev = w.sign("mine-ru", {
    type: "REGISTER_ROUGH",
    time: "2024-05-01T00:00:00Z",
    outputs: [lot("ru-h1", 1500, { RU: 1500 }, { pieces: 2, exportedFromRU: true })],
  });
  const forged = {
    ...ev,
    outputs: [{ ...ev.outputs[0], weightMct: 1600, origin: { ...ev.outputs[0]?.origin, byCountry: { RU: 1600 } } }],
  };
  let r = await post("/v1/diamonds/events", forged);
  assert.equal(r.status, 401);
  assert.equal(((await r.json()) as { error: { code: string } }).error.code, "BAD_SIGNATURE");
  r = await post("/v1/diamonds/events", ev);
  assert.equal(r.status, 201);
  r = await post("/v1/diamonds/events", ev);
  assert.equal(r.status, 409);
  assert.equal(((await r.json()) as { error: { code: string } }).error.code, "REPLAYED_EVENT");
  const split = (n: string) =>
    w.sign("mine-ru", {
      type: "SPLIT",
      time: "2024-05-02T00:00:00Z",
      inputs: ["ru-h1"],
      outputs: [
        lot(`${n}a`, 700, { RU: 700 }, { form: "ROUGH_STONE", exportedFromRU: true }),
        lot(`${n}b`, 800, { RU: 800 }, { form: "ROUGH_STONE", exportedFromRU: true }),
      ],
    });
  r = await post("/v1/diamonds/events", [split("x"), split("y")]);
  const rows = ((await r.json()) as { results: { ok: boolean; error?: { code: string } }[] }).results;
  assert.deepEqual(
    rows.map((x) => x.ok || x.error?.code),
    [true, "LOT_ALREADY_CONSUMED"],
  );
});

test("reads need an API key; admin endpoints need an admin key", async () => {
  assert.equal((await get("/v1/diamonds/lots/xa")).status, 401);
  assert.equal((await get("/v1/diamonds/lots/xa", "wrong-key-0123456789")).status, 401);
  const r = await get("/v1/diamonds/lots/xa", READ);
  assert.equal(r.status, 200);
  const body = (await r.json()) as { holder: string; lineage: { type: string }[] };
  assert.equal(body.holder, "mine-ru");
  assert.deepEqual(
    body.lineage.map((x) => x.type),
    ["REGISTER_ROUGH", "SPLIT"],
  );
  assert.equal((await get("/v1/diamonds/audit", READ)).status, 403);
  const a = await get("/v1/diamonds/audit", ADMIN);
  assert.equal(((await a.json()) as { ok: boolean }).ok, true);
  assert.equal((await get("/v1/diamonds/lots/nope", READ)).status, 404);
});

test("provenance bundle verifies via the public endpoint and drives a decision", async () => {
  const b = await (await get("/v1/diamonds/lots/xa/provenance", READ)).json();
  const v = (await (await post("/v1/diamonds/verify", b)).json()) as { valid: boolean; mines: string[] };
  assert.equal(v.valid, true);
  assert.deepEqual(v.mines, ["mine-ru"]);
  const d = (await (
    await post("/v1/diamonds/decide", { bundle: b, jurisdiction: "EU", date: "2024-06-01" })
  ).json()) as { decision: string };
  assert.equal(d.decision, "REFUSE");
  const d2 = (await (
    await post("/v1/diamonds/decide", { lotId: "xa", jurisdiction: "EU", date: "2023-12-31" }, READ)
  ).json()) as { decision: string };
  assert.equal(d2.decision, "ADMIT");
  const cp = (await (await get("/v1/diamonds/checkpoint")).json()) as { note: string; size: number };
  assert.match(cp.note, /^embargo\.diamonds\n\d+\n/);
  assert.equal(cp.size, registry.size);
});

test("decide takes the same declarations as the CLI: licences checked against their dates and the lineage", async () => {
  const decide = async (body: Record<string, unknown>) => {
    const r = await post("/v1/diamonds/decide", { lotId: "xa", ...body }, READ);
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  // Declared outside Russia since 2023-12-01, but the lineage shows the stone registered by a Russian miner on
  // 2024-05-01: the pre-ban-stock exemption does not apply.
  const d = await decide({
    jurisdiction: "EU",
    date: "2024-07-01",
    evidence: ["INVOICE", "PACKING_LIST", "KP_CERT"],
    licences: ["pre-ban-stock"],
    grandfathering: { locatedOutsideRussiaSince: "2023-12-01", evidenceDocIds: ["bl-1"] },
  });
  assert.equal(d.status, 200);
  assert.equal(d.body.decision, "REFUSE");
  const reasons = d.body.reasons as { rule: string; text: string }[];
  assert.ok(reasons.some((r) => /lineage shows the goods in Russia on 2024-05-01/.test(r.text)));
  // A licence the EU does not know, and an impossible date, are input errors.
  const u = await decide({ jurisdiction: "EU", date: "2024-07-01", licences: ["GL 104A"] });
  assert.equal(u.status, 400);
  assert.equal((u.body.error as { code: string }).code, "LICENCE_UNKNOWN");
  const bad = await decide({ jurisdiction: "EU", date: "2024-13-45" });
  assert.equal(bad.status, 400);
  assert.equal((bad.body.error as { code: string }).code, "DECLARATION_INVALID");
});
