/**
 * Shared benchmark harness. Each capability's bench module returns figures; `bench/run.ts` writes them to
 * `bench/results.json` and `bench/RESULTS.md`. Every figure is a median of repeated runs, and wherever a
 * baseline makes sense it is measured in the same run and reported as a ratio.
 */
import { performance } from "node:perf_hooks";

export interface Figure {
  /** What was measured, e.g. "item verdicts per second (1 core)". */
  name: string;
  unit: string;
  median: number;
  /** All samples, for the record. */
  samples: number[];
  /** A baseline of the same statistic measured in the same run. */
  baseline?: { name: string; median: number };
  /** median / baseline.median (or the inverse for "lower is better"; see `betterIs`). */
  ratio?: number;
  betterIs: "higher" | "lower";
  /** The goal from the issue, as text (e.g. ">= 200000 per core"), and whether it was met. */
  goal?: string;
  goalMet?: boolean;
  note?: string;
}

export interface BenchModule {
  capability: string;
  run(): Promise<Figure[]>;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Runs `fn` `runs` times after `warmup` runs; returns each run's duration in ms. */
export async function timeRuns(fn: () => unknown | Promise<unknown>, runs = 7, warmup = 2): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Builds a figure from samples, with an optional same-run baseline. */
export function figure(
  init: Omit<Figure, "median" | "ratio" | "goalMet"> & { goalCheck?: (m: number) => boolean },
): Figure {
  const m = median(init.samples);
  const f: Figure = { ...init, median: m };
  delete (f as { goalCheck?: unknown }).goalCheck;
  if (init.baseline) f.ratio = m / init.baseline.median;
  if (init.goalCheck) f.goalMet = init.goalCheck(m);
  return f;
}
