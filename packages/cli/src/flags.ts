/**
 * Command-line flags and their errors. Inputs that have a contract in core (trade queries, screening, diamonds,
 * list updates) are built from the flags and parsed by it, and {@link asFlags} words its field errors as flags
 * (`minValue` → `--min-value`; `--as-of` goes through core's `parseAsOf`, the date contract `POST /v1/check` and
 * the regime queries use); the few helpers left check CLI-only flags (`--format` of ingest). Dependency-free so
 * any command may use it without loading a capability.
 */
import { EmbargoError, invalidInput, isEmbargoError } from "@embargo/core";

/** An `invalid_input` error for a flag whose value is outside its domain. */
export function badFlag(flag: string, value: string, expected: string, code = "CLI_BAD_ARGUMENTS"): never {
  throw invalidInput(code, `--${flag} must be ${expected} (got '${value}')`, [
    { code: "invalid_value", field: `--${flag}`, message: `expected ${expected}, got '${value}'` },
  ]);
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
