import { bundledDataDir } from "./data/index.ts";
import { type Clock, type Logger, silentLogger, systemClock } from "./runtime/index.ts";

/** Options for {@link createEngine}. Everything has an embedded default. */
export interface EngineOptions {
  /** Bundled read-only data (defaults to the repository's `data/`). */
  dataDir?: string;
  /** Writable state: downloaded lists, embedded databases. Front ends choose it; core never guesses. */
  stateDir?: string;
  clock?: Clock;
  logger?: Logger;
}

/**
 * The engine: injected I/O plus a memo of loaded capabilities. Each capability exposes its own accessor
 * (e.g. `getNomenclature(engine)`) that loads once through {@link Engine.lazy}; front ends share one engine.
 */
export interface Engine {
  readonly dataDir: string;
  readonly stateDir: string | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Loads `key` once with `factory`; concurrent callers share the same promise. A failed load is not cached. */
  lazy<T>(key: string, factory: () => Promise<T>): Promise<T>;
  /** Replaces a loaded value atomically (e.g. after a list update validated completely). */
  replace<T>(key: string, value: T): void;
}

/** Creates an engine over the bundled data with the given injected I/O. */
export function createEngine(options: EngineOptions = {}): Engine {
  const memo = new Map<string, Promise<unknown>>();
  return {
    dataDir: options.dataDir ?? bundledDataDir,
    stateDir: options.stateDir,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silentLogger,
    lazy<T>(key: string, factory: () => Promise<T>): Promise<T> {
      const hit = memo.get(key);
      if (hit) return hit as Promise<T>;
      const p = factory();
      memo.set(key, p);
      p.catch(() => {
        if (memo.get(key) === p) memo.delete(key);
      });
      return p;
    },
    replace<T>(key: string, value: T): void {
      memo.set(key, Promise.resolve(value));
    },
  };
}
