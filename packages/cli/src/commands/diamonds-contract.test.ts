/**
 * Issue 11, "one contract per input": `embargo diamonds decide|provenance` and `POST /v1/diamonds/decide`,
 * `GET …/provenance` parse through the same core contracts, so the same bad input gets the same error code naming
 * the same field, each edge in its own words (a flag for the CLI, a body field or parameter for HTTP). Also: the
 * operator key path from `EMBARGO_DIAMONDS_OPERATOR_KEY` on both edges, and registry GET routes that see events
 * another process appended to a shared log.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { createEngine, fixedClock } from "@embargo/core";
import { lot, openRegistry, openStore, TestWorld } from "@embargo/core/registry";
import { createApp } from "@embargo/server";
import { runEmbargo } from "../testing.ts";

interface ErrorBody {
  error: { code: string; message: string; issues?: { field?: string; path?: string; message: string }[] };
}

/** The same bad inputs, as flags and as a body / query string: [CLI args, HTTP request, code, CLI field, HTTP field]. */
const cases: [string[], { path: string; body?: unknown }, string, string, string][] = [
  [
    ["decide", "--lot", "x-1", "--jurisdiction", "FR", "--date", "2025-01-01"],
    { path: "/v1/diamonds/decide", body: { lotId: "x-1", jurisdiction: "FR", date: "2025-01-01" } },
    "DECLARATION_INVALID",
    "--jurisdiction",
    "jurisdiction",
  ],
  [
    ["decide", "--lot", "x-1", "--jurisdiction", "EU", "--date", "2025-02-30"],
    { path: "/v1/diamonds/decide", body: { lotId: "x-1", jurisdiction: "EU", date: "2025-02-30" } },
    "DECLARATION_INVALID",
    "--date",
    "date",
  ],
  [
    ["decide", "--jurisdiction", "EU", "--date", "2025-01-01"],
    { path: "/v1/diamonds/decide", body: { jurisdiction: "EU", date: "2025-01-01" } },
    "LOT_REQUIRED",
    "--lot",
    "lotId",
  ],
  [
    ["provenance", "--lot", "x-1", "--since", "1.5"],
    { path: "/v1/diamonds/lots/x-1/provenance?since=1.5" },
    "PARAMETER_INVALID",
    "--since",
    "since",
  ],
];

test("CLI and HTTP refuse the same bad decision / provenance input with the same code, naming the field", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "embargo-diamonds-contract-"));
  const keyFile = path.join(dir, "keys", "operator.json");
  const saved = process.env.EMBARGO_DIAMONDS_OPERATOR_KEY;
  process.env.EMBARGO_DIAMONDS_OPERATOR_KEY = keyFile;
  const engine = createEngine({ stateDir: path.join(dir, "http") });
  try {
    const app = createApp({ engine, web: false });
    for (const [args, req, code, flag, field] of cases) {
      const cli = runEmbargo(["--state-dir", path.join(dir, "cli"), "diamonds", ...args, "--json"], {
        env: { EMBARGO_DIAMONDS_OPERATOR_KEY: keyFile },
        timeoutMs: 120_000,
      });
      assert.equal(cli.status, 2, `${args.join(" ")}: ${cli.stdout}${cli.stderr}`);
      const ce = (JSON.parse(cli.stdout) as ErrorBody).error;
      assert.equal(ce.code, code, args.join(" "));
      assert.equal(ce.issues?.[0]?.field, flag, JSON.stringify(ce));
      assert.match(ce.message, new RegExp(flag), "the CLI words the field as its flag");

      const res = await app.request(
        req.path,
        req.body === undefined
          ? {}
          : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(req.body) },
      );
      assert.equal(res.status, 400, req.path);
      const he = ((await res.json()) as ErrorBody).error;
      assert.equal(he.code, code, req.path);
      assert.equal(he.issues?.[0]?.field, field, JSON.stringify(he));
      assert.doesNotMatch(he.message, /--/, "HTTP callers are not told about CLI flags");
    }
    // Both edges read the operator key from EMBARGO_DIAMONDS_OPERATOR_KEY (created there on first use).
    assert.ok(existsSync(keyFile), "operator key created at EMBARGO_DIAMONDS_OPERATOR_KEY");
    assert.equal(existsSync(path.join(dir, "http", "registry", "operator.key")), false);
    assert.equal(existsSync(path.join(dir, "cli", "registry", "operator.key")), false);
  } finally {
    if (saved === undefined) delete process.env.EMBARGO_DIAMONDS_OPERATOR_KEY;
    else process.env.EMBARGO_DIAMONDS_OPERATOR_KEY = saved;
    // The server's registry (opened by the provenance case's key check) is closed before its folder is removed.
    const cfg = await engine.lazy<{ registry?: { close(): Promise<void> } } | undefined>(
      "diamonds.http",
      async () => undefined,
    );
    await cfg?.registry?.close();
    await rm(dir, { recursive: true, force: true });
  }
});

const pgUrl = process.env.EMBARGO_TEST_PG_URL;

test("registry GET routes see events another server appended to the shared PostgreSQL log", {
  skip: pgUrl ? false : "EMBARGO_TEST_PG_URL is not set: PostgreSQL test skipped",
}, async () => {
  const w = new TestWorld();
  const schema = `diamonds_refresh_${process.pid}_${Date.now()}`;
  const root = await openStore(pgUrl as string, schema);
  const clock = fixedClock("2026-06-01T00:00:00Z");
  // Two registries on their own connections, as two servers: the served one, and another process's writer.
  const served = await openRegistry({ db: pgUrl, schema, operatorSecretKey: w.operator.secretKey, clock });
  const other = await openRegistry({ db: pgUrl, schema, operatorSecretKey: w.operator.secretKey, clock });
  const engine = createEngine({ clock });
  engine.replace("diamonds.http", { registry: served, apiKeys: new Map(), operatorSecretKey: w.operator.secretKey });
  const app = createApp({ engine, web: false });
  try {
    for (const e of w.standard()) await other.append(e);
    await other.append(
      w.sign("mine-bw", {
        type: "REGISTER_ROUGH",
        time: "2024-05-01T00:00:00Z",
        outputs: [lot("bw-9", 1500, { BW: 1500 }, { pieces: 2 })],
      }),
    );
    assert.equal(served.size, 0, "the served registry has not read the other writer's events yet");
    const res = await app.request("/v1/diamonds/lots/bw-9");
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(((await res.json()) as { lot: { lotId: string } }).lot.lotId, "bw-9");
    assert.equal((await app.request("/v1/diamonds/lots/bw-9/provenance")).status, 200);
    const cp = (await (await app.request("/v1/diamonds/checkpoint")).json()) as { size: number };
    assert.equal(cp.size, other.size);
  } finally {
    await other.close();
    await served.close();
    await root.dropSchema();
    await root.close();
  }
});

test("the OpenAPI document publishes the registry's request bodies from the same contracts", async () => {
  const app = createApp({ engine: createEngine({}), web: false });
  const doc = (await (await app.request("/openapi.json")).json()) as {
    components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    paths: Record<string, Record<string, { requestBody?: unknown; parameters?: { name: string }[] }>>;
  };
  const decide = doc.components.schemas.DiamondDecideRequest;
  for (const f of ["lotId", "bundle", "trustedLogKeys", "jurisdiction", "date", "evidence", "licences"])
    assert.ok(decide?.properties?.[f], `DiamondDecideRequest.${f}`);
  assert.deepEqual(decide?.required?.sort(), ["date", "jurisdiction"]);
  assert.ok(doc.components.schemas.DiamondSignedEvent?.required?.includes("sig"));
  assert.ok(doc.components.schemas.DiamondParty?.properties?.keys);
  assert.match(JSON.stringify(doc.paths["/v1/diamonds/decide"]?.post?.requestBody), /DiamondDecideRequest/);
  assert.match(JSON.stringify(doc.paths["/v1/diamonds/parties"]?.post?.requestBody), /DiamondParty/);
  // Trade parameters the CLI had and HTTP lacked are in the contract now, so in the document too.
  const names = (p: string) => doc.paths[p]?.get?.parameters?.map((x) => x.name) ?? [];
  assert.ok(names("/v1/trade/did").includes("pseudoCount"));
  assert.ok(names("/v1/trade/onward").includes("lags"));
});
