/**
 * Errors as data. Every failure the engine reports is an {@link EmbargoError} with a stable `code`
 * (e.g. `REGIME_FILE_INVALID`), a `category` that front ends map once to an HTTP status or exit code,
 * and structured `issues` naming the file, row and field at fault.
 *
 * Shared code never switches on specific codes: it reads `category`.
 */

/** Broad classes of failure. Front ends map these (never individual codes) to statuses and exit codes. */
export type ErrorCategory =
  | "invalid_input"
  | "not_found"
  | "conflict"
  | "unauthorized"
  | "forbidden"
  | "integrity"
  | "unavailable"
  | "internal";

/** One precise problem inside an input: which file, row, path or field, and why. */
export interface ErrorIssue {
  /** Stable machine code of this issue, e.g. `invalid_type`, `unknown_code`. */
  code: string;
  message: string;
  file?: string;
  /** 1-based data row (header excluded) or line number. */
  row?: number;
  /** JSON path within a document, e.g. `measures[3].goods.include[0]`. */
  path?: string;
  field?: string;
}

/** The serialisable shape of an error, as returned by the HTTP API and printed by `--json`. */
export interface ErrorData {
  code: string;
  category: ErrorCategory;
  message: string;
  issues?: ErrorIssue[];
  details?: Record<string, unknown>;
}

/** The single error type the engine throws for expected failures. */
export class EmbargoError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly issues: ErrorIssue[];
  readonly details: Record<string, unknown>;

  constructor(init: {
    code: string;
    category: ErrorCategory;
    message: string;
    issues?: ErrorIssue[];
    details?: Record<string, unknown>;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "EmbargoError";
    this.code = init.code;
    this.category = init.category;
    this.issues = init.issues ?? [];
    this.details = init.details ?? {};
  }

  /** Serialisable form (no stack). */
  toJSON(): ErrorData {
    const out: ErrorData = { code: this.code, category: this.category, message: this.message };
    if (this.issues.length > 0) out.issues = this.issues;
    if (Object.keys(this.details).length > 0) out.details = this.details;
    return out;
  }
}

/** Shorthand for an `invalid_input` error. */
export function invalidInput(
  code: string,
  message: string,
  issues?: ErrorIssue[],
  details?: Record<string, unknown>,
): EmbargoError {
  return new EmbargoError({ code, category: "invalid_input", message, issues, details });
}

/** Shorthand for a `not_found` error. */
export function notFound(code: string, message: string, details?: Record<string, unknown>): EmbargoError {
  return new EmbargoError({ code, category: "not_found", message, details });
}

/** Type guard usable across package boundaries (checks shape, not prototype). */
export function isEmbargoError(e: unknown): e is EmbargoError {
  return (
    e instanceof EmbargoError ||
    (typeof e === "object" &&
      e !== null &&
      typeof (e as { code?: unknown }).code === "string" &&
      typeof (e as { category?: unknown }).category === "string" &&
      Array.isArray((e as { issues?: unknown }).issues))
  );
}

/** Turns anything thrown into {@link ErrorData}; unknown errors become `INTERNAL` without leaking stacks. */
export function toErrorData(e: unknown): ErrorData {
  if (isEmbargoError(e)) return e.toJSON();
  const message = e instanceof Error ? e.message : String(e);
  return { code: "INTERNAL", category: "internal", message };
}

/**
 * One `unknown_column` warning per header column not in `known` (a CSV batch goes on without them, but the user is
 * told: a misspelt column would otherwise be silently ignored). `what` names the kind of row ("shipment").
 */
export function unknownColumnWarnings(
  header: readonly string[],
  known: readonly string[],
  file: string,
  what: string,
): ErrorIssue[] {
  const set = new Set(known);
  return header
    .filter((c) => !set.has(c))
    .map((c) => ({
      code: "unknown_column",
      file,
      field: c,
      message: `column '${c}' is not a ${what} column and is ignored (columns: ${known.join(", ")})`,
    }));
}

/** Formats an issue as one human line: `file:row path: message`. */
export function formatIssue(issue: ErrorIssue): string {
  const where = [issue.file, issue.row === undefined ? undefined : `row ${issue.row}`, issue.path ?? issue.field]
    .filter((x) => x !== undefined && x !== "")
    .join(" ");
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** Minimal structural view of a zod error, so this module does not depend on zod. */
interface ZodLikeError {
  issues: { code: string; message: string; path: PropertyKey[] }[];
}

/** Renders a path like `measures[3].goods.include[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? String(p) : `.${String(p)}`;
  return out;
}

/** Converts a zod validation error into issues naming the file (and row) at fault. */
export function issuesFromZod(error: ZodLikeError, where: { file?: string; row?: number } = {}): ErrorIssue[] {
  return error.issues.map((i) => ({
    code: i.code,
    message: i.message,
    ...(where.file === undefined ? {} : { file: where.file }),
    ...(where.row === undefined ? {} : { row: where.row }),
    path: formatPath(i.path),
  }));
}

const STORAGE_ERRNO = new Set(["EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT", "EFBIG", "ENOTDIR"]);
const STORAGE_MESSAGE = /no space left on device|read-only file system|permission denied|disk quota exceeded/i;

/**
 * A write into a directory failed because the disk is full, the file system read-only or the directory not
 * writable (Node's errno codes, a directory that cannot be created, or the same words from a database engine such
 * as DuckDB or PGlite): an
 * `unavailable` error naming the directory. Anything else: undefined (the caller rethrows it as it is).
 */
export function storageFault(e: unknown, dir: string): EmbargoError | undefined {
  if (isEmbargoError(e)) return undefined;
  const errno = (e as { code?: unknown } | null)?.code;
  const message = e instanceof Error ? e.message : String(e);
  // A directory that cannot be created (on a read-only file system Node may say ENOENT) is not writable either.
  const mkdirFailed = (e as { syscall?: unknown } | null)?.syscall === "mkdir";
  if (!(typeof errno === "string" && STORAGE_ERRNO.has(errno)) && !STORAGE_MESSAGE.test(message) && !mkdirFailed)
    return undefined;
  return new EmbargoError({
    code: "STATE_DIR_UNAVAILABLE",
    category: "unavailable",
    message: `cannot write under ${dir} (full, read-only or not writable): ${message}`,
    issues: [{ code: "not_writable", file: dir, message }],
    details: { dir },
  });
}
