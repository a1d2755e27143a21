import { type ParseArgsConfig, parseArgs } from "node:util";
import { type Engine, invalidInput } from "@embargo/core";
import type { Paint } from "./colour.ts";
import type { CliIO } from "./io.ts";
import { didYouMean } from "./suggest.ts";

/** What every command receives. */
export interface CommandContext {
  io: CliIO;
  /** The shared engine (bundled data, state dir, clock, logger). */
  engine: Engine;
  out(text: string): void;
  err(text: string): void;
  /** Writes on stdout and waits while the reader is behind (long streamed output keeps memory bounded). */
  write(text: string): Promise<void>;
  /** Prints one JSON document on stdout. */
  json(value: unknown): void;
  /** Colours for stdout (identity when NO_COLOR, not a TTY, or TERM=dumb). */
  paint: Paint;
}

/** A sub-command: parses its own arguments, calls the engine, formats. Returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Worked examples for `embargo <command> --help` (commands a user can paste, from the repository root). */
  examples?: string[];
  /** Sub-commands, each with its own `embargo <command> <sub> --help`. */
  subcommands?: Record<string, SubcommandHelp>;
  run(ctx: CommandContext, argv: string[]): Promise<number>;
}

/** Help of one sub-command. */
export interface SubcommandHelp {
  usage: string;
  examples?: string[];
}

/** The `--help` text of a command, or of one of its sub-commands when `sub` names one. */
export function commandHelp(command: Command, sub?: string): string {
  const s = sub === undefined ? undefined : command.subcommands?.[sub];
  const lines = [`usage: ${s ? s.usage : command.usage}`];
  if (!s && command.subcommands)
    lines.push("", `Run \`embargo ${command.name} <sub-command> --help\` for one sub-command's options and examples.`);
  const examples = s ? s.examples : command.examples;
  if (examples && examples.length > 0) lines.push("", "examples:", ...examples.map((e) => `  ${e}`));
  return `${lines.join("\n")}\n`;
}

/** The error for a missing or unknown sub-command, with the nearest known ones. */
export function unknownSubcommand(command: string, sub: string | undefined, known: string[], usage: string) {
  return invalidInput(
    "CLI_UNKNOWN_SUBCOMMAND",
    sub === undefined
      ? `embargo ${command} needs a sub-command: ${known.join(", ")}\nusage: ${usage}`
      : `unknown ${command} sub-command '${sub}'${didYouMean(sub, known)}\nusage: ${usage}`,
    [{ code: "unknown_subcommand", message: `known: ${known.join(", ")}` }],
    { known },
  );
}

/** `node:util` parseArgs, with unknown options and bad values turned into `invalid_input` errors. */
export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(
  argv: string[],
  options: T,
  usage: string,
): {
  values: ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; args: string[] }>>["values"];
  positionals: string[];
} {
  try {
    const r = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: r.values, positionals: r.positionals };
  } catch (e) {
    // An unknown option gets the nearest known ones ("--lmit" → "--limit").
    const unknown = /Unknown option '(-{1,2}[^'=]+)/.exec((e as Error).message)?.[1];
    const hint = unknown ? didYouMean(unknown.replace(/^-+/, ""), Object.keys(options), (o) => `--${o}`) : "";
    const message = unknown ? `unknown option '${unknown}'${hint}` : (e as Error).message;
    throw invalidInput("CLI_BAD_ARGUMENTS", `${message}\nusage: ${usage}`, [
      ...(unknown ? [{ code: "unknown_option", field: unknown, message: `unknown option${hint}` }] : []),
    ]);
  }
}
