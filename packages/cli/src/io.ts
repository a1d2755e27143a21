import type { ErrorCategory } from "@embargo/core";

/** What the CLI talks to. Injected so tests can run commands in-process with captured output. */
export interface CliIO {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  cwd: string;
  env: Record<string, string | undefined>;
}

/**
 * Exit codes, mapped once from error categories. 0 = all clear, 1 = a finding (restricted, to review,
 * a hit), 2 = bad input; the rest are operational failures.
 */
export const EXIT = { OK: 0, FINDING: 1, BAD_INPUT: 2 } as const;

export const exitCodeForCategory: Record<ErrorCategory, number> = {
  invalid_input: 2,
  not_found: 2,
  conflict: 3,
  unauthorized: 4,
  forbidden: 4,
  integrity: 5,
  unavailable: 6,
  internal: 70,
};
