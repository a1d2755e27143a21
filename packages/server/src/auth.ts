/**
 * API keys shared by the write endpoints (diamond registry admin, screening decisions): `x-api-key` header,
 * keys configured per capability as comma-separated `role:key` pairs (roles `read`, `admin`). With no keys
 * configured, reads are open and admin calls are refused (a local single-user setup).
 */
import { EmbargoError, invalidInput } from "@embargo/core";
import type { Context } from "hono";
import type { AppEnv } from "./context.ts";

export type ApiRole = "read" | "admin";

/** Parses `role:key,role:key` (`setting` names the environment variable in the error). */
export function parseApiKeys(text: string | undefined, setting = "EMBARGO_DIAMONDS_API_KEYS"): Map<string, ApiRole> {
  const m = new Map<string, ApiRole>();
  for (const pair of (text ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const i = pair.indexOf(":");
    const role = pair.slice(0, i);
    const key = pair.slice(i + 1);
    if (i < 1 || (role !== "read" && role !== "admin") || key.length < 16)
      throw invalidInput("API_KEYS_INVALID", `${setting} must be role:key pairs (roles read|admin, keys ≥ 16 chars)`);
    m.set(key, role);
  }
  return m;
}

/** Throws unless the request's `x-api-key` grants `role` (reads are open when no keys are configured). */
export function requireApiKey(c: Context<AppEnv>, apiKeys: Map<string, ApiRole>, role: ApiRole): void {
  if (apiKeys.size === 0 && role === "read") return;
  const key = c.req.header("x-api-key");
  if (!key)
    throw new EmbargoError({
      code: "API_KEY_REQUIRED",
      category: "unauthorized",
      message: `this endpoint needs an x-api-key header with a ${role} key`,
    });
  const has = apiKeys.get(key);
  if (!has) throw new EmbargoError({ code: "API_KEY_UNKNOWN", category: "unauthorized", message: "unknown API key" });
  if (role === "admin" && has !== "admin")
    throw new EmbargoError({
      code: "API_KEY_ROLE",
      category: "forbidden",
      message: "this endpoint needs an admin key",
    });
}

/** Whether the request may read (no keys configured, or a valid key of any role), without throwing. */
export function canRead(c: Context<AppEnv>, apiKeys: Map<string, ApiRole>): boolean {
  if (apiKeys.size === 0) return true;
  const key = c.req.header("x-api-key");
  return key !== undefined && apiKeys.has(key);
}
