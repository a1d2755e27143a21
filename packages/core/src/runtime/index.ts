/**
 * Injected I/O and time. Core code never reads the wall clock, the environment or the console
 * directly: it receives a {@link Clock} and a {@link Logger} so tests are deterministic.
 */

/** Source of the current time. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock frozen at `at` (tests, reproducible runs). */
export function fixedClock(at: Date | string): Clock {
  const d = typeof at === "string" ? new Date(at) : at;
  return { now: () => new Date(d.getTime()) };
}

/** Structured logger; pino satisfies it. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A logger that drops everything. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A logger that records entries in memory (tests). */
export function memoryLogger(): Logger & { entries: { level: string; obj: object; msg?: string }[] } {
  const entries: { level: string; obj: object; msg?: string }[] = [];
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      entries.push({ level, obj, msg });
    };
  return { entries, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** Progress reporting for long jobs; the CLI renders it as a bar, the server ignores it. */
export interface Progress {
  start(total: number, label?: string): void;
  increment(by?: number): void;
  stop(): void;
}

/** Progress that reports nothing. */
export const silentProgress: Progress = { start() {}, increment() {}, stop() {} };
