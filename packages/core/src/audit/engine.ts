/**
 * The engine's audit log, opened once per engine. Front ends choose the database (core reads no environment);
 * the default is PGlite under `<state-dir>/audit/db`. Checkpoints are signed with the operator key the diamond
 * registry uses (`<state-dir>/registry/operator.key`, created on first use, mode 0600).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Engine } from "../engine.ts";
import { generateKeyPair } from "../registry/crypto.ts";
import { auditFail } from "./codes.ts";
import { type AuditLog, openAuditLog } from "./log.ts";

/** Engine memo key; tests and embedders inject a log with `engine.replace(AUDIT_LOG_KEY, log)`. */
export const AUDIT_LOG_KEY = "audit.log";

/** The operator's secret key from `<state-dir>/registry/operator.key`, created on first use (mode 0600). */
export async function operatorSecretKey(stateDir: string): Promise<string> {
  const dir = path.join(stateDir, "registry");
  const file = path.join(dir, "operator.key");
  try {
    return (JSON.parse(await readFile(file, "utf8")) as { secretKey: string }).secretKey;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    await mkdir(dir, { recursive: true });
    const k = generateKeyPair();
    // `wx`: two processes starting together must not overwrite each other's key.
    try {
      await writeFile(file, `${JSON.stringify({ partyId: "operator", keyId: "operator-1", ...k }, null, 2)}\n`, {
        mode: 0o600,
        flag: "wx",
      });
      return k.secretKey;
    } catch (w) {
      if ((w as NodeJS.ErrnoException).code !== "EEXIST") throw w;
      return (JSON.parse(await readFile(file, "utf8")) as { secretKey: string }).secretKey;
    }
  }
}

/**
 * Opens the engine's audit log (a new connection each call; the caller closes it): `db` when given
 * (`postgres://…`, `pglite:<dir>`), else PGlite under the state directory; `schema` default `embargo_audit`.
 * Without a state directory: AUDIT_STATE_REQUIRED (the operator key lives there).
 */
export async function openEngineAuditLog(engine: Engine, o: { db?: string; schema?: string } = {}): Promise<AuditLog> {
  if (!engine.stateDir)
    auditFail("AUDIT_STATE_REQUIRED", "the audit trail needs a state directory (for the operator key and database)");
  const db = o.db ?? `pglite:${path.join(engine.stateDir, "audit", "db")}`;
  return openAuditLog({
    db,
    ...(o.schema ? { schema: o.schema } : {}),
    operatorSecretKey: await operatorSecretKey(engine.stateDir),
    clock: engine.clock,
  });
}

/** {@link openEngineAuditLog} once per engine (a server's log, shared by its routes and closed with it). */
export function getAuditLog(engine: Engine, o: { db?: string; schema?: string } = {}): Promise<AuditLog> {
  return engine.lazy(AUDIT_LOG_KEY, () => openEngineAuditLog(engine, o));
}
