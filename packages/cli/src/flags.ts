/**
 * Command-line flag values checked for their domain, with errors that name the flag (`--as-of`, `--limit`…):
 * core names fields, the CLI words them as flags. Dependency-free so any command may use it without loading
 * a capability.
 */
import { EmbargoError, invalidInput, isEmbargoError } from "@embargo/core";

/** An `invalid_input` error for a flag whose value is outside its domain. */
export function badFlag(flag: string, value: string, expected: string, code = "CLI_BAD_ARGUMENTS"): never {
  throw invalidInput(code, `--${flag} must be ${expected} (got '${value}')`, [
    { code: "invalid_value", field: `--${flag}`, message: `expected ${expected}, got '${value}'` },
  ]);
}

/** Whether `s` is a real calendar date written YYYY-MM-DD (2024-02-29 yes; 2025-02-30 no). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** A calendar date flag (YYYY-MM-DD), or undefined when absent; `code` as the HTTP edge names the same fault. */
export function dateFlag(value: string | undefined, flag: string, code = "CLI_BAD_ARGUMENTS"): string | undefined {
  if (value === undefined) return undefined;
  if (!isCalendarDate(value)) badFlag(flag, value, "a real calendar date YYYY-MM-DD", code);
  return value;
}

/** A year flag (YYYY), or undefined when absent. */
export function yearFlag(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/.test(value)) badFlag(flag, value, "a year YYYY");
  return value;
}

/** A finite number flag with an optional lower bound (and whole numbers only when `integer`). */
export function numberFlag(
  value: string | undefined,
  flag: string,
  domain: { min?: number; integer?: boolean } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === "" ? Number.NaN : Number(value);
  const what = `${domain.integer ? "a whole number" : "a number"}${domain.min === undefined ? "" : ` ≥ ${domain.min}`}`;
  if (!Number.isFinite(n) || (domain.integer && !Number.isInteger(n)) || (domain.min !== undefined && n < domain.min))
    badFlag(flag, value, what);
  return n;
}

/** A flag whose value is one of `allowed` (exact), or undefined when absent. */
export function enumFlag<T extends string>(
  value: string | undefined,
  flag: string,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) badFlag(flag, value, `one of ${allowed.join(", ")}`);
  return value as T;
}

/** A required flag: its value, or an error naming it. */
export function requiredFlag(value: string | undefined, flag: string, usage: string): string {
  if (value === undefined || value === "")
    throw invalidInput("CLI_BAD_ARGUMENTS", `--${flag} is required\nusage: ${usage}`, [
      { code: "required", field: `--${flag}`, message: "required" },
    ]);
  return value;
}

/** ISO 3166-1 alpha-2 country codes in a comma list (upper-cased), each checked for its shape. */
export function countryListFlag(value: string | undefined, flag: string): string[] | undefined {
  if (value === undefined) return undefined;
  const codes = value
    .split(",")
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s !== "");
  for (const c of codes) if (!/^[A-Z]{2}$/.test(c)) badFlag(flag, c, "two-letter country codes separated by commas");
  return codes;
}

/**
 * Runs `parse` (a core contract) and words its field errors as flags: the error keeps core's code and issues, each
 * issue's `field` becomes the flag (`minValue` → `--min-value`), and the message names flags, not parameters.
 * `flags` maps a field to its flag where the name is not the field's kebab-case (`licences` → `licence`); a field
 * mapped to `null` has no flag (it came from a file) and keeps its name. `given` (field → the flag's text) adds
 * the value given to the message.
 */
export function asFlags<T>(
  parse: () => T,
  flags: Record<string, string | null> = {},
  given: Record<string, unknown> = {},
): T {
  try {
    return parse();
  } catch (e) {
    if (!isEmbargoError(e) || e.category !== "invalid_input" || e.issues.length === 0) throw e;
    const word = (field: string) => {
      const top = field.split(/[.[]/)[0] ?? field;
      const mapped = flags[field] !== undefined ? flags[field] : flags[top];
      if (mapped === null) return `'${field}'`;
      return `--${mapped ?? top.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    };
    const issues = e.issues.map((i) => {
      const field = i.path ?? i.field;
      if (field === undefined) return i;
      const value = given[field];
      const got = typeof value === "string" ? ` (got '${value.slice(0, 60)}')` : "";
      // The flag replaces the field's name and path: a CLI user never sees the contract's field names.
      const { path: _path, ...rest } = i;
      return { ...rest, field: word(field), message: `${i.message}${got}` };
    });
    const words = issues.slice(0, 3).map((i) => (i.field ? `${i.field}: ${i.message}` : i.message));
    const missing = issues.every((i) => i.code === "required");
    throw new EmbargoError({
      code: e.code,
      category: e.category,
      message: `${missing ? "missing" : "invalid"} ${issues.length > 1 ? "flags" : "flag"} ${words.join("; ")}`,
      issues,
      details: e.details,
    });
  }
}
