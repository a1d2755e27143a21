import type { BenchModule } from "./harness.ts";

/** Every capability's benchmark module. A capability adds its module here (one line). */
export const benchModules: BenchModule[] = [];
