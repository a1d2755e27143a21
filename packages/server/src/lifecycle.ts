/**
 * The server's life cycle around the hono app: readiness (what the first request needs is loaded before
 * `/readyz` answers 200) and a bounded graceful shutdown (in-flight requests finish, idle connections close,
 * the engine's databases — PGlite, PostgreSQL pools, DuckDB — are closed).
 */
import type { Engine, Logger } from "@embargo/core";
import { toErrorData } from "@embargo/core";

/** One thing to load before the server reports ready. */
export interface Warmer {
  name: string;
  run(engine: Engine): Promise<unknown>;
}

/**
 * What `POST /v1/check` (with party screening) needs on its first call: the regimes and their compiled prefix index
 * (memoised per regime set; ~85 ms that the first check paid after ready before), the verdict nomenclature and the
 * party screener (parsed lists and their index). Imported lazily so the module graph stays small until used.
 */
export const defaultWarmers: Warmer[] = [
  {
    name: "regimes",
    run: async (e) => {
      const [{ getRegimes }, { compileRegimes }] = await Promise.all([
        import("@embargo/core/regimes"),
        import("@embargo/core/verdicts"),
      ]);
      return compileRegimes(await getRegimes(e));
    },
  },
  { name: "nomenclature", run: async (e) => (await import("@embargo/core/verdicts")).getVerdictNomenclature(e) },
  { name: "screening", run: async (e) => (await import("@embargo/core/screening")).getPartyScreener(e) },
];

/** Readiness as `/readyz` reports it. */
export interface Readiness {
  ready: boolean;
  /** Warmers still running. */
  pending: string[];
  /** True once a stop was requested (then `ready` is false). */
  stopping?: boolean;
  /** Warmers that failed (the server still serves; those requests report their own error). */
  failed: { name: string; code: string; message: string }[];
}

/** Runs the warmers concurrently; `state()` is what `/readyz` shows. A failed warmer is logged, not fatal. */
export function warmUp(
  engine: Engine,
  warmers: Warmer[],
  logger: Logger,
): { done: Promise<void>; state(): Readiness; ms(): number | undefined } {
  const pending = new Set(warmers.map((w) => w.name));
  const failed: Readiness["failed"] = [];
  const started = performance.now();
  let took: number | undefined;
  const done = Promise.all(
    warmers.map(async (w) => {
      try {
        await w.run(engine);
      } catch (e) {
        const d = toErrorData(e);
        failed.push({ name: w.name, code: d.code, message: d.message });
        logger.warn({ warmer: w.name, err: d }, "warm-up failed; the first request will load it again");
      } finally {
        pending.delete(w.name);
      }
    }),
  ).then(() => {
    took = Math.round(performance.now() - started);
  });
  return { done, state: () => ({ ready: pending.size === 0, pending: [...pending], failed }), ms: () => took };
}

/**
 * Wraps an engine so that every value it loads is remembered and can be closed at shutdown: a value with a
 * `close()` method (decision store, diamond registry), a DuckDB-style `connection.closeSync()`, or an object whose
 * direct properties are such values (e.g. `{ registry, apiKeys }`). The memo itself stays the engine's.
 */
export function trackResources(engine: Engine): {
  engine: Engine;
  closeAll(logger: Logger, options?: { waitMs?: number }): Promise<void>;
} {
  const loaded = new Map<string, Promise<unknown>>();
  const tracked: Engine = {
    get dataDir() {
      return engine.dataDir;
    },
    get stateDir() {
      return engine.stateDir;
    },
    get clock() {
      return engine.clock;
    },
    get logger() {
      return engine.logger;
    },
    lazy<T>(key: string, factory: () => Promise<T>): Promise<T> {
      const p = engine.lazy(key, factory);
      loaded.set(key, p);
      return p;
    },
    replace<T>(key: string, value: T): void {
      engine.replace(key, value);
      loaded.set(key, Promise.resolve(value));
    },
  };
  return {
    engine: tracked,
    async closeAll(logger: Logger, options: { waitMs?: number } = {}): Promise<void> {
      // A value still loading (a warm-up building the screening index, a database being opened) is waited for at
      // most `waitMs`: shutdown must not last as long as a warm-up. If it finishes later it is closed then.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((r) => {
        timer = setTimeout(() => r("late"), options.waitMs ?? 250);
      });
      const close = async (key: string, v: unknown) => {
        try {
          await closeValue(v, 1);
        } catch (e) {
          logger.warn({ resource: key, err: toErrorData(e) }, "closing a resource failed");
        }
      };
      await Promise.all(
        [...loaded].map(async ([key, p]) => {
          const settled = p.then(
            (v) => ({ v }),
            () => undefined,
          );
          const r = await Promise.race([settled, late]);
          if (r === "late") {
            logger.warn({ resource: key }, "still loading at shutdown: not waited for (closed if it finishes)");
            void settled.then((x) => (x ? close(key, x.v) : undefined));
          } else if (r) await close(key, r.v);
        }),
      );
      clearTimeout(timer);
    },
  };
}

type Closable = { close(): unknown };
const isClosable = (v: unknown): v is Closable =>
  typeof v === "object" && v !== null && typeof (v as { close?: unknown }).close === "function";

async function closeValue(v: unknown, depth: number): Promise<void> {
  if (typeof v !== "object" || v === null || Array.isArray(v) || v instanceof Map || v instanceof Set) return;
  if (isClosable(v)) {
    await v.close();
    return;
  }
  const conn = (v as { connection?: { closeSync?: () => void } }).connection;
  if (conn && typeof conn.closeSync === "function") {
    conn.closeSync();
    return;
  }
  if (depth > 0) for (const inner of Object.values(v)) await closeValue(inner, depth - 1);
}
