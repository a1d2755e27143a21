// Calls the Embargo HTTP API; errors come back as `{ error: { code, category, message, issues } }`.
import type { ErrorData } from "@embargo/core/errors";

/** An error of the HTTP API: core's error data (types only: nothing of core's runtime enters a page's bundle). */
export type ApiError = ErrorData;

export class ApiFailure extends Error {
  constructor(
    readonly error: ApiError,
    readonly status: number,
  ) {
    super(error.message);
  }
}

/** GET or POST JSON; throws {@link ApiFailure} with the server's error data. */
export async function api<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(
    path,
    body === undefined
      ? {}
      : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
  );
  const data = (await res.json()) as unknown;
  if (!res.ok) {
    const err = (data as { error?: ApiError }).error ?? {
      code: "HTTP_ERROR",
      category: "internal",
      message: `HTTP ${res.status}`,
    };
    throw new ApiFailure(err, res.status);
  }
  return data as T;
}

/** A human rendering of an API error, with its issues. */
export function errorText(e: unknown): string {
  if (e instanceof ApiFailure) {
    const issues = (e.error.issues ?? [])
      .map((i) => `\n • ${[i.path ?? i.field, i.message].filter(Boolean).join(": ")}`)
      .join("");
    return `${e.error.message} [${e.error.code}]${issues}`;
  }
  return e instanceof Error ? e.message : String(e);
}
