import type { Progress } from "@embargo/core";
import cliProgress from "cli-progress";
import type { CliIO } from "./io.ts";

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
