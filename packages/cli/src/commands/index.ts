import type { Command } from "../command.ts";
import { checkCommand } from "./check.ts";
import { diamondsCommand } from "./diamonds.ts";
import { hsCommand } from "./hs.ts";
import { listsCommand } from "./lists.ts";
import { regimesCommand } from "./regimes.ts";
import { screenCommand } from "./screen.ts";
import { serveCommand } from "./serve.ts";
import { tradeCommand } from "./trade.ts";

/** Every sub-command, in help order. A capability adds its command here (one line). */
export const commands: Command[] = [
  checkCommand,
  regimesCommand,
  hsCommand,
  listsCommand,
  tradeCommand,
  serveCommand,
  screenCommand,
  diamondsCommand,
];
