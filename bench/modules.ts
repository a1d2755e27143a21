import { diamondsBench } from "./diamonds.ts";
import type { BenchModule } from "./harness.ts";
import { listsBench } from "./lists.ts";
import { loadBench } from "./load.ts";
import { nomenclatureBench } from "./nomenclature.ts";
import { regimesUpdateBench } from "./regimes-update.ts";
import { screeningBench } from "./screening.ts";
import { startupBench } from "./startup.ts";
import { tradeBench } from "./trade.ts";
import { verdictsBench } from "./verdicts.ts";

/** Every capability's benchmark module. A capability adds its module here (one line). */
export const benchModules: BenchModule[] = [
  listsBench,
  nomenclatureBench,
  verdictsBench,
  screeningBench,
  diamondsBench,
  tradeBench,
  startupBench,
  regimesUpdateBench,
  loadBench,
];
