/**
 * The `embargo` command line. `createCLI()` returns an object whose `run(argv)` resolves to the exit code;
 * the bin is a few lines over it (compiled `dist/` by default, TypeScript sources through tsx with
 * `EMBARGO_DEV=1`), and tests either call it in-process or spawn the real binary. Commands are imported lazily
 * (see `commands/index.ts`), so `--help` and `hs` load neither lists, trade nor the registry.
 */
import path from "node:path";
import {
  createEngine,
  createSnapshotCache,
  type Engine,
  formatIssue,
  SNAPSHOT_CACHE_KEY,
  storageFault,
  toErrorData,
} from "@embargo/core";
import { codeVersion } from "./code-version.ts";
import { colourEnabled, paint } from "./colour.ts";
import { type CommandContext, commandHelp } from "./command.ts";
import { commands } from "./commands/index.ts";
import { type CliIO, exitCodeForCategory } from "./io.ts";
import { didYouMean } from "./suggest.ts";

export type { Command, CommandContext } from "./command.ts";
export { type CommandEntry, commands } from "./commands/index.ts";
export { type CliIO, EXIT, exitCodeForCategory } from "./io.ts";

/** Options for {@link createCLI}; all default to the real process. */
export interface CreateCLIOptions {
  io?: Partial<CliIO>;
  /** Use this engine instead of one built from the environment (tests inject clock and dirs). */
  engine?: Engine;
}

const VERSION = "0.1.0";

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `embargo ${VERSION} — G7 sanctions and export controls against Russia`,
    "",
    "usage: embargo <command> [options]",
    "",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Global: --data-dir DIR (bundled data), --state-dir DIR (writable state; default $EMBARGO_HOME or ./.embargo)",
    "Colours only on a terminal; NO_COLOR=1 turns them off, FORCE_COLOR=1 on.",
    "Run `embargo <command> --help` (or `embargo <command> <sub-command> --help`) for options and examples.",
    "",
  ].join("\n");
}

/** Pulls the global options out of argv (they may appear anywhere). */
function takeGlobal(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const a = argv[i] as string;
  if (a.includes("=")) {
    argv.splice(i, 1);
    return a.slice(name.length + 1);
  }
  const v = argv[i + 1];
  argv.splice(i, 2);
  return v;
}

/** Builds the CLI. */
export function createCLI(options: CreateCLIOptions = {}): { run(argv: string[]): Promise<number> } {
  const io: CliIO = {
    stdout: options.io?.stdout ?? process.stdout,
    stderr: options.io?.stderr ?? process.stderr,
    stdin: options.io?.stdin ?? process.stdin,
    cwd: options.io?.cwd ?? process.cwd(),
    env: options.io?.env ?? process.env,
  };
  return {
    async run(argvIn: string[]): Promise<number> {
      const argv = [...argvIn];
      const out = (t: string) => void io.stdout.write(t);
      const err = (t: string) => void io.stderr.write(t);
      const errPaint = paint(colourEnabled(io.stderr, io.env));
      try {
        const dataDir = takeGlobal(argv, "--data-dir");
        const stateDir = takeGlobal(argv, "--state-dir") ?? io.env.EMBARGO_HOME ?? path.join(io.cwd, ".embargo");
        const [name, ...rest] = argv;
        if (name === undefined || name === "--help" || name === "-h" || name === "help") {
          out(help());
          return name === undefined ? 2 : 0;
        }
        if (name === "--version" || name === "-v") {
          out(`${VERSION}\n`);
          return 0;
        }
        const entry = commands.find((c) => c.name === name);
        if (!entry) {
          const hint = didYouMean(
            name,
            commands.map((c) => c.name),
          );
          err(`${errPaint.red("embargo:")} unknown command '${name}'${hint} [CLI_UNKNOWN_COMMAND]\n\n${help()}`);
          return 2;
        }
        // Only now is the command's module (and whatever capability it needs) loaded.
        const command = await entry.load();
        if (rest.includes("--help") || rest.includes("-h")) {
          out(commandHelp(command, rest[0]));
          return 0;
        }
        let engine = options.engine;
        if (!engine) {
          engine = createEngine({
            ...(dataDir ? { dataDir: path.resolve(io.cwd, dataDir) } : {}),
            stateDir: path.resolve(io.cwd, stateDir),
          });
          // Parsed list snapshots are cached under the state dir, keyed by source hashes and this code version.
          engine.replace(
            SNAPSHOT_CACHE_KEY,
            createSnapshotCache({
              dir: path.join(path.resolve(io.cwd, stateDir), "cache"),
              codeVersion: codeVersion(),
              // A damaged entry is rebuilt, never used; say so (a disk or a copy went wrong somewhere).
              onEvent: (e) => {
                if (e.kind === "corrupt")
                  err(`embargo: warning: cache entry ${e.name} was damaged (${e.reason}); rebuilt\n`);
              },
            }),
          );
        }
        const ctx: CommandContext = {
          io,
          engine,
          out,
          err,
          json: (v) => out(`${JSON.stringify(v, null, 2)}\n`),
          write: async (t) => {
            const stdout = io.stdout as { write(t: string): unknown; once?: (e: string, f: () => void) => unknown };
            if (stdout.write(t) === false && stdout.once) await new Promise<void>((r) => stdout.once?.("drain", r));
          },
          paint: paint(colourEnabled(io.stdout, io.env)),
        };
        return await command.run(ctx, rest);
      } catch (e) {
        // A full, read-only or unwritable directory is `unavailable` (exit 6) naming it, not an internal error.
        const at = (e as { path?: unknown } | null)?.path;
        const dir =
          typeof at === "string"
            ? path.dirname(path.resolve(io.cwd, at))
            : path.resolve(io.cwd, takeGlobal([...argvIn], "--state-dir") ?? io.env.EMBARGO_HOME ?? ".embargo");
        const data = toErrorData(storageFault(e, dir) ?? e);
        if (argv.includes("--json")) {
          out(`${JSON.stringify({ error: data }, null, 2)}\n`);
        } else {
          // The code right after the first line (a usage block may follow), so it is seen and can be searched.
          const [first, ...more] = data.message.split("\n");
          err(`${errPaint.red("embargo:")} ${first} ${errPaint.bold(`[${data.code}]`)}\n`);
          if (more.length > 0) err(`${more.join("\n")}\n`);
          for (const issue of data.issues ?? []) err(`  - ${formatIssue(issue)}\n`);
        }
        return exitCodeForCategory[data.category];
      }
    },
  };
}
