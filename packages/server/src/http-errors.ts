import type { ErrorCategory } from "@embargo/core";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Error categories mapped once to HTTP statuses. Individual codes never appear here. */
export const statusForCategory: Record<ErrorCategory, ContentfulStatusCode> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  integrity: 422,
  unavailable: 503,
  internal: 500,
};

/** OpenAPI schema of the error body every endpoint returns. */
export const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "category", "message", "issues"],
      properties: {
        code: { type: "string", description: "Stable machine code, e.g. HS_CODE_NOT_FOUND" },
        category: { type: "string", enum: Object.keys(statusForCategory) },
        message: { type: "string" },
        issues: {
          type: "array",
          description: "One entry per problem, naming the field (`path` or `field`); empty when none applies",
          items: {
            type: "object",
            required: ["code", "message"],
            properties: {
              code: { type: "string" },
              message: { type: "string" },
              file: { type: "string" },
              row: { type: "integer" },
              path: { type: "string" },
              field: { type: "string" },
            },
          },
        },
        details: { type: "object" },
      },
    },
  },
} as const;

/** The standard error responses, for OpenAPI operations. */
export const errorResponses = {
  "400": {
    description: "Invalid input",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  },
  "404": {
    description: "Not found",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  },
  "413": {
    description: "Body larger than the server's limit (default 10 MiB), or more items than one request may carry",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  },
  "415": {
    description: "A JSON endpoint was sent another content type",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  },
  "429": {
    description: "Rate limit: too many requests from this client (see the Retry-After header)",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  },
  "500": {
    description: "Internal error",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  },
} as const;

/**
 * Words an error for an HTTP caller: a CLI flag named by a message from core (`--min-value`) becomes the query
 * parameter or field it stands for (`'minValue'`). HTTP callers are never told about flags.
 */
export function wordForHttp(message: string): string {
  return message.replace(
    /(^|[\s'"(])--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)/g,
    (_m, pre: string, flag: string) => `${pre}'${flag.replace(/-([a-z0-9])/g, (_x, ch: string) => ch.toUpperCase())}'`,
  );
}
