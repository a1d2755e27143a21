/**
 * Diamond registry HTTP API (`/v1/diamonds/*`).
 *
 * Authentication:
 * - Writes (`POST /v1/diamonds/events`) are signed events: the registry verifies each signature against the key
 *   the party registered, so no API key can write on a party's behalf.
 * - Party registration and audits need an `admin` API key; lots, provenance and decisions need a `read` (or admin)
 *   key, sent as `x-api-key`. Keys are configured in the server, never in core: `EMBARGO_DIAMONDS_API_KEYS`
 *   = comma-separated `role:key` pairs (roles `read`, `admin`). With no keys configured, reads are open and admin
 *   calls are refused (a local single-user setup); the checkpoint and bundle verification are always public.
 * - Database: `EMBARGO_DIAMONDS_DB` (`pglite:<dir>` or `postgres://…`), default PGlite under `<state-dir>/registry/db`;
 *   schema `EMBARGO_DIAMONDS_SCHEMA` (default `embargo_registry`);
 *   the operator key is `EMBARGO_DIAMONDS_OPERATOR_KEY` (a file path), default `<state-dir>/registry/operator.key`
 *   (the same file the CLI uses, created on first use).
 * - GET routes first read the events other servers sharing the log have appended (`registry.refresh()`).
 * Tests (and embedders) inject a configuration with `engine.replace(DIAMONDS_HTTP_KEY, { registry, apiKeys })`.
 */
import { EmbargoError, type Engine } from "@embargo/core";
import { getRegimes } from "@embargo/core/regimes";
import {
  buildBundle,
  buildEvent,
  decideBundle,
  decideImport,
  factsFromRegistry,
  loadRules,
  openOperatorRegistry,
  ProvenanceQueryInput,
  parseDecideRequest,
  parsePartyInput,
  parseProvenanceQuery,
  type Registry,
  registryJsonSchemas,
  signEvent,
  verifyBundle,
} from "@embargo/core/registry";
import type { Context } from "hono";
import { parseApiKeys, requireApiKey } from "../auth.ts";
import type { AppEnv, RouteModule } from "../context.ts";
import { errorResponses } from "../http-errors.ts";

export const DIAMONDS_HTTP_KEY = "diamonds.http";

export interface DiamondsHttpConfig {
  registry: Registry;
  /** API key → role. */
  apiKeys: Map<string, "read" | "admin">;
  /** Operator secret key (signs party registrations made through the admin endpoint). */
  operatorSecretKey: string;
}

export { parseApiKeys } from "../auth.ts";

async function configFromEnv(engine: Engine): Promise<DiamondsHttpConfig> {
  // Several servers may share one PostgreSQL log (same database, schema and operator key): appends are
  // serialised by an advisory lock (see docs/diamonds.md, "Several servers").
  const { registry, operatorSecretKey } = await openOperatorRegistry({
    stateDir: engine.stateDir,
    operatorKeyFile: process.env.EMBARGO_DIAMONDS_OPERATOR_KEY || undefined,
    db: process.env.EMBARGO_DIAMONDS_DB || undefined,
    schema: process.env.EMBARGO_DIAMONDS_SCHEMA || undefined,
    clock: engine.clock,
    logger: engine.logger,
  });
  return { registry, apiKeys: parseApiKeys(process.env.EMBARGO_DIAMONDS_API_KEYS), operatorSecretKey };
}

const config = (engine: Engine) => engine.lazy<DiamondsHttpConfig>(DIAMONDS_HTTP_KEY, () => configFromEnv(engine));

export async function requireRole(
  c: Context<AppEnv>,
  engine: Engine,
  role: "read" | "admin",
): Promise<DiamondsHttpConfig> {
  const cfg = await config(engine);
  requireApiKey(c, cfg.apiKeys, role);
  return cfg;
}

const json = (ref: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } });
const obj = { "application/json": { schema: { type: "object" } } };
const apiKey = [
  {
    name: "x-api-key",
    in: "header",
    required: false,
    schema: { type: "string" },
    description: "read or admin API key (required when keys are configured)",
  },
];

export const diamondsRoutes: RouteModule = {
  register(app, ctx) {
    app.get("/v1/diamonds/checkpoint", async (c) => {
      const { registry } = await config(ctx.engine);
      await registry.refresh();
      const { checkpoint, note } = registry.checkpoint();
      return c.json({ ...checkpoint, note, verifierKey: registry.identity.verifierKey });
    });
    app.post("/v1/diamonds/events", async (c) => {
      const { registry } = await config(ctx.engine);
      const body = (await c.req.json()) as unknown;
      if (Array.isArray(body)) return c.json({ results: await registry.appendBatch(body) });
      return c.json(await registry.append(body), 201);
    });
    app.post("/v1/diamonds/parties", async (c) => {
      const cfg = await requireRole(c, ctx.engine, "admin");
      const party = parsePartyInput(await c.req.json());
      const { operator } = cfg.registry.identity;
      const time = ctx.engine.clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z");
      const ev = signEvent(
        buildEvent({
          type: "REGISTER_PARTY",
          time,
          actor: operator.partyId,
          keyId: operator.keyId,
          body: { party },
        }),
        cfg.operatorSecretKey,
      );
      return c.json(await cfg.registry.append(ev), 201);
    });
    app.get("/v1/diamonds/lots/:id", async (c) => {
      const { registry } = await requireRole(c, ctx.engine, "read");
      // Events another server appended to a shared log are read first.
      await registry.refresh();
      const id = c.req.param("id");
      const st = registry.view.lots.get(id);
      if (!st)
        throw new EmbargoError({ code: "LOT_NOT_FOUND", category: "not_found", message: `lot ${id} does not exist` });
      const lineage = registry.view.lineageEvents(id).filter((r) => r.event.type !== "REGISTER_PARTY");
      return c.json({
        lot: st.lot,
        holder: st.holder,
        consumedBy: st.consumedBy ?? null,
        inTransit: st.inTransit ?? null,
        lineage: lineage.map((r) => ({
          seq: r.seq,
          eventId: r.id,
          type: r.event.type,
          time: r.event.time,
          actor: r.event.actor,
          inputs: r.event.inputs,
          outputs: r.event.outputs.map((o) => ({
            lotId: o.lotId,
            form: o.form,
            weightMct: o.weightMct,
            pieces: o.pieces,
            origin: o.origin,
          })),
          body: r.event.body,
          revokedBy: r.revokedBy ?? null,
        })),
      });
    });
    app.get("/v1/diamonds/lots/:id/provenance", async (c) => {
      const { registry } = await requireRole(c, ctx.engine, "read");
      const since = parseProvenanceQuery({ since: c.req.query("since") });
      await registry.refresh();
      if (!registry.view.lots.has(c.req.param("id")))
        throw new EmbargoError({
          code: "LOT_NOT_FOUND",
          category: "not_found",
          message: `lot ${c.req.param("id")} does not exist`,
        });
      return c.json(buildBundle(registry, c.req.param("id"), since));
    });
    app.post("/v1/diamonds/decide", async (c) => {
      // One contract with the CLI: declaration fields, lotId | bundle, trustedLogKeys (errors name the field).
      const body = parseDecideRequest(await c.req.json());
      // The bans and licences are the regime measures shipment verdicts read (one rule source): keyed by the
      // regime set's version, so a reloaded set is never paired with stale rules.
      const regimes = await getRegimes(ctx.engine);
      const rules = await ctx.engine.lazy(`diamonds.rules:${regimes.version}`, () =>
        loadRules(ctx.engine.dataDir, regimes),
      );
      const declaration = body.declaration;
      if (body.bundle !== undefined) {
        // A bundle counts only if it chains to this registry's signed checkpoint or to a log key the caller names
        // as trusted (`trustedLogKeys`); otherwise the decision is NEEDS_EVIDENCE and says why.
        const { registry } = await config(ctx.engine);
        // Other servers sharing this log may have committed the bundle's checkpoint: catch up before comparing roots.
        await registry.refresh();
        return c.json(
          decideBundle(body.bundle, declaration, rules, { registry, trustedVerifierKeys: body.trustedLogKeys }),
        );
      }
      const { registry } = await requireRole(c, ctx.engine, "read");
      await registry.refresh();
      return c.json(decideImport(factsFromRegistry(registry, body.lotId as string), declaration, rules));
    });
    app.post("/v1/diamonds/verify", async (c) => c.json(verifyBundle(await c.req.json())));
    app.get("/v1/diamonds/audit", async (c) => {
      const { registry } = await requireRole(c, ctx.engine, "admin");
      return c.json(await registry.audit());
    });
  },
  openapi: {
    tags: [
      {
        name: "diamonds",
        description:
          "Diamond traceability registry: signed events, Merkle log, provenance bundles, EU/UK/US import decisions",
      },
    ],
    paths: {
      "/v1/diamonds/checkpoint": {
        get: {
          tags: ["diamonds"],
          operationId: "diamondsCheckpoint",
          summary: "Latest signed checkpoint (C2SP tlog-checkpoint note) and the log's verifier key",
          responses: { "200": { description: "checkpoint", content: obj }, ...errorResponses },
        },
      },
      "/v1/diamonds/events": {
        post: {
          tags: ["diamonds"],
          operationId: "diamondsAppend",
          summary:
            "Append a signed event (or an array: per-row results). The signature must verify with the actor's registered key.",
          requestBody: { required: true, content: json("DiamondSignedEvent") },
          responses: {
            "201": { description: "seq and event id", content: obj },
            "401": { description: "bad signature or unknown key", content: json("Error") },
            "409": { description: "an invariant is violated (error code names it)", content: json("Error") },
            ...errorResponses,
          },
        },
      },
      "/v1/diamonds/parties": {
        post: {
          tags: ["diamonds"],
          operationId: "diamondsRegisterParty",
          summary: "Register a party and its keys (admin key)",
          parameters: apiKey,
          requestBody: { required: true, content: json("DiamondParty") },
          responses: { "201": { description: "seq and event id", content: obj }, ...errorResponses },
        },
      },
      "/v1/diamonds/lots/{id}": {
        get: {
          tags: ["diamonds"],
          operationId: "diamondsLot",
          summary: "A lot, its holder and its lineage events",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }, ...apiKey],
          responses: { "200": { description: "lot", content: obj }, ...errorResponses },
        },
      },
      "/v1/diamonds/lots/{id}/provenance": {
        get: {
          tags: ["diamonds"],
          operationId: "diamondsProvenance",
          summary: "Offline-verifiable provenance bundle; `since` adds a consistency proof from that tree size",
          parameters: [
            { name: "id", in: "path", required: true, schema: { type: "string" } },
            {
              name: "since",
              in: "query",
              required: false,
              description: ProvenanceQueryInput.shape.since.description,
              schema: { type: "string", pattern: "^\\d{1,15}$" },
            },
            ...apiKey,
          ],
          responses: { "200": { description: "bundle", content: obj }, ...errorResponses },
        },
      },
      "/v1/diamonds/decide": {
        post: {
          tags: ["diamonds"],
          operationId: "diamondsDecide",
          summary:
            "ADMIT / REFUSE / NEEDS_EVIDENCE for EU, UK or US on a date, with reasons, from the regime measures shipment verdicts read. Body: lotId (read key) or bundle (verified first; it must chain to this registry's signed checkpoint or to a log verifier key named in trustedLogKeys[], otherwise NEEDS_EVIDENCE with a provenance reason), jurisdiction, date, evidence[], grandfathering {locatedOutsideRussiaSince, evidenceDocIds[]}, licences[] (e.g. GL 104A, GBSAN0002, pre-ban-stock), each checked against its dates",
          parameters: apiKey,
          requestBody: { required: true, content: json("DiamondDecideRequest") },
          responses: { "200": { description: "decision", content: obj }, ...errorResponses },
        },
      },
      "/v1/diamonds/verify": {
        post: {
          tags: ["diamonds"],
          operationId: "diamondsVerify",
          summary: "Verify a provenance bundle (no database)",
          requestBody: { required: true, content: obj },
          responses: { "200": { description: "report", content: obj }, ...errorResponses },
        },
      },
      "/v1/diamonds/audit": {
        get: {
          tags: ["diamonds"],
          operationId: "diamondsAudit",
          summary: "Re-verify the stored log (admin key)",
          parameters: apiKey,
          responses: { "200": { description: "audit report", content: obj }, ...errorResponses },
        },
      },
    },
    // Generated from the contracts in core (the same schemas the routes parse with), when /openapi.json is asked
    // for rather than at every server start (issue 10).
    get schemas() {
      return registryJsonSchemas();
    },
  },
};
