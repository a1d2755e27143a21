/**
 * Terminal colours, on only where they help: never when `NO_COLOR` is set (any non-empty value, no-color.org),
 * always when `FORCE_COLOR` is set to anything but `0`/`false`, otherwise only on a TTY whose `TERM` is not
 * `dumb`. Piped or redirected output therefore carries no escape codes.
 */

/** Whether to colour what is written to `stream`. */
export function colourEnabled(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** SGR wrappers; identity functions when colour is off. */
export interface Paint {
  enabled: boolean;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain = (s: string) => s;

/** A painter that colours when `enabled`. */
export function paint(enabled: boolean): Paint {
  return enabled
    ? { enabled, red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), bold: sgr(1, 22), dim: sgr(2, 22) }
    : { enabled, red: plain, green: plain, yellow: plain, bold: plain, dim: plain };
}

/** A verdict word in its traffic-light colour (red: prohibited, yellow: licence / review, green: clear). */
export function paintVerdict(p: Paint, text: string): string {
  if (text.startsWith("PROHIBITED")) return p.bold(p.red(text));
  if (text.startsWith("LICENCE_REQUIRED") || text.startsWith("REVIEW")) return p.bold(p.yellow(text));
  if (text.startsWith("NOT_RESTRICTED")) return p.green(text);
  return text;
}
