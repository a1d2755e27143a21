import type { Command } from "../command.ts";
import { serveCommand } from "./serve.ts";

/** Every sub-command, in help order. A capability adds its command here (one line). */
export const commands: Command[] = [serveCommand];
