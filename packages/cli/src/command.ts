import { type ParseArgsConfig, parseArgs } from "node:util";
import { type Engine, invalidInput } from "@embargo/core";
import type { CliIO } from "./io.ts";

/** What every command receives. */
export interface CommandContext {
  io: CliIO;
  /** The shared engine (bundled data, state dir, clock, logger). */
  engine: Engine;
  out(text: string): void;
  err(text: string): void;
  /** Prints one JSON document on stdout. */
  json(value: unknown): void;
}

/** A sub-command: parses its own arguments, calls the engine, formats. Returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(ctx: CommandContext, argv: string[]): Promise<number>;
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
    throw invalidInput("CLI_BAD_ARGUMENTS", `${(e as Error).message}\nusage: ${usage}`);
  }
}
