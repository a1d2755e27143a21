import { createRequire } from "node:module";
import type { Progress } from "@embargo/core";
import type cliProgress from "cli-progress";
import type { CliIO } from "./io.ts";

/**
 * cli-progress (CommonJS) is required when a bar is first drawn, not imported with the commands that may draw one:
 * a single `embargo check` never does, and loading it cost ~30 ms of its start-up (issue 10).
 */
const loadCliProgress = (): typeof cliProgress => createRequire(import.meta.url)("cli-progress");

/**
 * A progress bar on stderr for long runs (batches, ingestion). Drawn only when stderr is a terminal or
 * `EMBARGO_PROGRESS=1`, so pipes and CI logs stay clean; `threshold` keeps short runs silent.
 */
export function cliProgressBar(io: CliIO, threshold = 200): Progress {
  const enabled = Boolean(io.stderr.isTTY) || io.env.EMBARGO_PROGRESS === "1";
  let bar: cliProgress.SingleBar | undefined;
  return {
    start(total, label) {
      if (!enabled || total < threshold) return;
      const cliProgress = loadCliProgress();
      bar = new cliProgress.SingleBar(
        {
          stream: io.stderr as unknown as NodeJS.WritableStream,
          format: `${label ?? "progress"} [{bar}] {percentage}% | {value}/{total} | ETA {eta}s`,
          noTTYOutput: !io.stderr.isTTY,
          notTTYSchedule: 1000,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    increment(by = 1) {
      bar?.increment(by);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
