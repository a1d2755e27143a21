/**
 * The audit trail over HTTP: `GET /v1/audit` (newest records first), `GET /v1/audit/{id}` (the record, its
 * inclusion proof and the signed checkpoint: verifiable offline), `GET /v1/audit/{id}/verify` (the proof checked
 * and the request replayed against today's data). `POST /v1/check` records a verdict when the body says
 * `record: true` or the server records every check; `POST /v1/screen/decisions` records every decision.
 *
 * Configuration (server only; core reads no environment): `EMBARGO_AUDIT_DB` (`postgres://…` or `pglite:<dir>`;
 * default PGlite under `<state-dir>/audit/db`), `EMBARGO_AUDIT_SCHEMA` (default `embargo_audit`; several servers
 * may share one PostgreSQL log), `EMBARGO_AUDIT_ALWAYS=1` (record every `/v1/check`), `EMBARGO_AUDIT_API_KEYS`
 * (`role:key` pairs; reading records needs a `read` key when keys are set — records hold the shipments).
 * Tests inject `engine.replace(AUDIT_HTTP_KEY, config)` and `engine.replace(AUDIT_LOG_KEY, log)`.
 */
import { type Engine, invalidInput, isEmbargoError } from "@embargo/core";
import {
  type AuditInput,
  type AuditLog,
  auditJsonSchemas,
  engineRerun,
  getAuditLog,
  verifyAuditRecord,
} from "@embargo/core/audit";
import type { Context } from "hono";
import { type ApiRole, parseApiKeys, requireApiKey } from "../auth.ts";
import type { AppEnv, RouteModule } from "../context.ts";
import { errorResponses } from "../http-errors.ts";

export const AUDIT_HTTP_KEY = "audit.http";

export interface AuditHttpConfig {
  /** Record every `POST /v1/check` (not only those whose body says `record: true`). */
  always: boolean;
  apiKeys: Map<string, ApiRole>;
  db?: string;
  schema?: string;
}

export const auditConfig = (engine: Engine) =>
  engine.lazy<AuditHttpConfig>(AUDIT_HTTP_KEY, async () => ({
    always: /^(1|true|yes)$/i.test(process.env.EMBARGO_AUDIT_ALWAYS ?? ""),
    apiKeys: parseApiKeys(process.env.EMBARGO_AUDIT_API_KEYS, "EMBARGO_AUDIT_API_KEYS"),
    ...(process.env.EMBARGO_AUDIT_DB ? { db: process.env.EMBARGO_AUDIT_DB } : {}),
    ...(process.env.EMBARGO_AUDIT_SCHEMA ? { schema: process.env.EMBARGO_AUDIT_SCHEMA } : {}),
  }));

/** The server's audit log (opened once; AUDIT_STATE_REQUIRED without a state directory or database). */
export async function auditLog(engine: Engine): Promise<AuditLog> {
  const cfg = await auditConfig(engine);
  return getAuditLog(engine, { ...(cfg.db ? { db: cfg.db } : {}), ...(cfg.schema ? { schema: cfg.schema } : {}) });
}

/** Appends a record and says where to find it (`audit` in the answer, and the `x-audit-id` header). */
export async function recordAudit(
  c: Context<AppEnv>,
  engine: Engine,
  input: AuditInput,
): Promise<{ id: string; seq: number; href: string }> {
  const rec = await (await auditLog(engine)).append(input);
  c.header("x-audit-id", rec.id);
  return { id: rec.id, seq: rec.seq, href: `/v1/audit/${rec.id}` };
}

/**
 * An appender of audit records answering as {@link recordAudit}, or `undefined` when the server has no audit log
 * (no state directory and no `EMBARGO_AUDIT_DB`): for records the caller did not ask for explicitly (screening
 * decisions, which core's `recordDecisionsAudited` appends before the decisions themselves).
 */
export async function auditAppenderIfAvailable(
  c: Context<AppEnv>,
  engine: Engine,
): Promise<((input: AuditInput) => Promise<{ id: string; seq: number; href: string }>) | undefined> {
  try {
    await auditLog(engine);
  } catch (e) {
    if (isEmbargoError(e) && e.code === "AUDIT_STATE_REQUIRED") return undefined;
    throw e;
  }
  return (input) => recordAudit(c, engine, input);
}

const read = async (c: Context<AppEnv>, engine: Engine) =>
  requireApiKey(c, (await auditConfig(engine)).apiKeys, "read");

const json = (ref: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } });
const idParam = {
  name: "id",
  in: "path",
  required: true,
  schema: { type: "string", pattern: "^[0-9a-f]{64}$" },
  description: "Audit id: hex SHA-256 of the record's canonical JSON",
};
const apiKeyParam = {
  name: "x-api-key",
  in: "header",
  required: false,
  schema: { type: "string" },
  description: "EMBARGO_AUDIT_API_KEYS read (or admin) key, when keys are configured",
};

export const auditRoutes: RouteModule = {
  register(app, ctx) {
    app.get("/v1/audit", async (c) => {
      await read(c, ctx.engine);
      const q = c.req.query();
      const num = (name: string, v: string | undefined, min: number, max: number): number | undefined => {
        if (v === undefined) return undefined;
        if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
          throw invalidParam(name, `must be an integer from ${min} to ${max}`);
        return Number(v);
      };
      const limit = num("limit", q.limit, 1, 1000);
      const before = num("before", q.before, 0, Number.MAX_SAFE_INTEGER);
      if (q.kind !== undefined && q.kind !== "verdict" && q.kind !== "screening_decision")
        throw invalidParam("kind", "must be verdict or screening_decision");
      const records = await (await auditLog(ctx.engine)).list({
        ...(limit !== undefined ? { limit } : {}),
        ...(before !== undefined ? { before } : {}),
        ...(q.kind ? { kind: q.kind } : {}),
      });
      const last = records.at(-1);
      return c.json({ records, ...(last && last.seq > 0 ? { next: { before: last.seq } } : {}) });
    });
    app.get("/v1/audit/:id", async (c) => {
      await read(c, ctx.engine);
      return c.json(await (await auditLog(ctx.engine)).prove(c.req.param("id")));
    });
    app.get("/v1/audit/:id/verify", async (c) => {
      await read(c, ctx.engine);
      const log = await auditLog(ctx.engine);
      return c.json(await verifyAuditRecord(log, c.req.param("id"), engineRerun(ctx.engine)));
    });
  },
  openapi: {
    tags: [
      {
        name: "audit",
        description:
          "Signed, append-only audit trail of verdicts and screening decisions: records, inclusion proofs, replay",
      },
    ],
    paths: {
      "/v1/audit": {
        get: {
          tags: ["audit"],
          operationId: "listAudit",
          summary: "Audit records, newest first",
          parameters: [
            apiKeyParam,
            { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 1000 } },
            { name: "before", in: "query", required: false, schema: { type: "integer", minimum: 0 } },
            {
              name: "kind",
              in: "query",
              required: false,
              schema: { type: "string", enum: ["verdict", "screening_decision"] },
            },
          ],
          responses: { "200": { description: "Records", content: json("AuditList") }, ...errorResponses },
        },
      },
      "/v1/audit/{id}": {
        get: {
          tags: ["audit"],
          operationId: "getAudit",
          summary: "One audit record with its inclusion proof in the latest signed checkpoint",
          description:
            "Verifiable offline: the record's canonical JSON hashes to its id and leaf hash; the inclusion proof leads to the root of the checkpoint, whose note is signed with the operator key named by `verifierKey`. A stored record that no longer matches the signed log is refused with AUDIT_INTEGRITY (422).",
          parameters: [idParam, apiKeyParam],
          responses: { "200": { description: "Record and proof", content: json("AuditProof") }, ...errorResponses },
        },
      },
      "/v1/audit/{id}/verify": {
        get: {
          tags: ["audit"],
          operationId: "verifyAudit",
          summary: "Check a record's inclusion proof and replay its request against today's data",
          description:
            "`ok` when the record is included in the signed checkpoint and the replayed result has the recorded digest; otherwise `replay.changedData` names the data versions that differ.",
          parameters: [idParam, apiKeyParam],
          responses: {
            "200": { description: "Verification", content: json("AuditVerification") },
            ...errorResponses,
          },
        },
      },
    },
    // Generated when /openapi.json is asked for, not at every server start (zod → JSON Schema of the audit records
    // took ~100 ms of CPU there: issue 10).
    get schemas() {
      return auditJsonSchemas();
    },
  },
};

function invalidParam(name: string, message: string): Error {
  return invalidInput("AUDIT_QUERY_INVALID", `${name} ${message}`, [{ code: "invalid", field: name, message }]);
}
