/**
 * Opening the registry as the CLI and the server both do: the operator key file (created on first use, mode 0600)
 * and the database, by default both under `<state-dir>/registry/`. The edges choose the paths (flags, environment);
 * this module only reads and writes the files it is given.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { EmbargoError } from "../errors/index.ts";
import type { Clock, Logger } from "../runtime/index.ts";
import { generateKeyPair } from "./crypto.ts";
import { openRegistry, type Registry } from "./registry.ts";

/** Where the registry lives when nothing else is said. */
export interface RegistryLocation {
  /** The operator's key file (JSON `{ partyId, keyId, publicKey, secretKey }`). */
  operatorKeyFile: string;
  /** The database: `pglite:<dir>` or `postgres://…`. */
  db: string;
}

/** The registry's default paths under a state directory; `STATE_DIR_REQUIRED` when there is none. */
export function registryLocation(
  stateDir: string | undefined,
  overrides: { operatorKeyFile?: string | undefined; db?: string | undefined } = {},
): RegistryLocation {
  if ((overrides.operatorKeyFile === undefined || overrides.db === undefined) && !stateDir)
    throw new EmbargoError({
      code: "STATE_DIR_REQUIRED",
      category: "unavailable",
      message: "the diamond registry needs a state directory (or both an operator key file and a database)",
    });
  const dir = path.join(stateDir ?? "", "registry");
  return {
    operatorKeyFile: overrides.operatorKeyFile ?? path.join(dir, "operator.key"),
    db: overrides.db ?? `pglite:${path.join(dir, "db")}`,
  };
}

/**
 * The operator's secret key from `file`; a new key pair is written there (mode 0600, its folder created) when the
 * file does not exist. A file that exists but is unreadable or not a key is `OPERATOR_KEY_INVALID` naming it
 * (never silently replaced: that would fork the log's identity).
 */
export async function readOrCreateOperatorKey(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw keyFault(file, (e as Error).message);
    await mkdir(path.dirname(file), { recursive: true });
    const k = generateKeyPair();
    await writeFile(file, `${JSON.stringify({ partyId: "operator", keyId: "operator-1", ...k }, null, 2)}\n`, {
      mode: 0o600,
      flag: "wx",
    }).catch(async (w: NodeJS.ErrnoException) => {
      // Another process created it first: use theirs.
      if (w.code !== "EEXIST") throw w;
    });
    text = await readFile(file, "utf8");
  }
  let secret: unknown;
  try {
    secret = (JSON.parse(text) as { secretKey?: unknown }).secretKey;
  } catch (e) {
    throw keyFault(file, (e as Error).message);
  }
  if (typeof secret !== "string" || secret === "") throw keyFault(file, "no secretKey");
  return secret;
}

function keyFault(file: string, why: string): EmbargoError {
  return new EmbargoError({
    code: "OPERATOR_KEY_INVALID",
    category: "integrity",
    message: `cannot use the operator key ${file}: ${why}`,
    issues: [{ code: "operator_key", file, message: why }],
  });
}

/** Options of {@link openOperatorRegistry}. */
export interface OperatorRegistryOptions {
  stateDir?: string | undefined;
  /** Operator key file (default `<state-dir>/registry/operator.key`). */
  operatorKeyFile?: string | undefined;
  /** Database (default `pglite:<state-dir>/registry/db`). */
  db?: string | undefined;
  schema?: string | undefined;
  clock?: Clock;
  logger?: Logger;
}

/** Opens the registry with its operator key (created on first use): what `embargo diamonds` and the server do. */
export async function openOperatorRegistry(
  options: OperatorRegistryOptions,
): Promise<{ registry: Registry; operatorSecretKey: string; location: RegistryLocation }> {
  const location = registryLocation(options.stateDir, options);
  const operatorSecretKey = await readOrCreateOperatorKey(location.operatorKeyFile);
  const registry = await openRegistry({
    db: location.db,
    ...(options.schema ? { schema: options.schema } : {}),
    operatorSecretKey,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return { registry, operatorSecretKey, location };
}
