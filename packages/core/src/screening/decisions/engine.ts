/** The engine's decision store: opened once per engine (front ends choose the database; core reads no env). */
import path from "node:path";
import type { Engine } from "../../engine.ts";
import { EmbargoError } from "../../errors/index.ts";
import { type DecisionStore, openDecisionStore } from "./store.ts";

/** Engine memo key; tests and embedders inject a store with `engine.replace(DECISION_STORE_KEY, store)`. */
export const DECISION_STORE_KEY = "screening.decisions";

/** The default database: PGlite under `<state-dir>/screening/decisions`, or undefined without a state dir. */
export function defaultDecisionDb(engine: Engine): string | undefined {
  return engine.stateDir ? `pglite:${path.join(engine.stateDir, "screening", "decisions")}` : undefined;
}

/**
 * Opens (once) the decision store: `db` when given (`postgres://…` or `pglite:<dir>`), else the default PGlite
 * directory. Without either, fails `unavailable` (STATE_DIR_REQUIRED).
 */
export function getDecisionStore(engine: Engine, db?: string): Promise<DecisionStore> {
  return engine.lazy(DECISION_STORE_KEY, async () => {
    const target = db ?? defaultDecisionDb(engine);
    if (!target)
      throw new EmbargoError({
        code: "STATE_DIR_REQUIRED",
        category: "unavailable",
        message: "screening decisions need a state directory or a database URL",
      });
    return openDecisionStore(target);
  });
}
