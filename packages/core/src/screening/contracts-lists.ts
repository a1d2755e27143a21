/**
 * The sanctions-list inputs as zod schemas: a list update (which sources, from which addresses, forced or not) and
 * the known sources' ids. `embargo lists update` parses its flags with {@link parseListUpdate}; errors name the
 * field (`sources`, `urls.ofac-sdn`) and the CLI words them as flags (`--source`, `--url`).
 */
import { z } from "zod";
import { type ErrorIssue, formatPath, invalidInput } from "../errors/index.ts";
import { inputJsonSchema } from "../runtime/json-schema.ts";
import { LIST_SOURCES, listSource } from "./lists/sources.ts";

const known = () => LIST_SOURCES.map((s) => s.id).join(", ");

/** A known list source id (`ofac-sdn`, `un-sc`, …). */
const ListId = z
  .string()
  .refine((id) => listSource(id) !== undefined, { message: `unknown list source (known: ${known()})` });

/** An address to download from: http(s) only. */
const Url = z
  .string()
  .max(2048)
  .regex(/^https?:\/\/[^\s]+$/i, "an http(s) URL expected");

/** A list update: the sources to update (default: every source with an official URL), URL overrides, force. */
export const ListUpdateInput = z.object({
  sources: z
    .array(ListId)
    .max(LIST_SOURCES.length)
    .optional()
    .describe("list ids to update (default: those with an official URL; with urls alone: the lists it names)"),
  urls: z
    .record(z.string(), Url)
    .optional()
    .describe(
      "per list id, the address to download from instead of the official one (a folder URL for lists of several files)",
    ),
  force: z.boolean().optional().describe("accept a list that shrank or is dated before the version in force"),
});

/** A parsed list update, as `updateLists` takes it. */
export interface ListUpdate {
  /** The sources to update; absent: every source with an official URL. */
  sources?: string[];
  urls: Record<string, string>;
  force: boolean;
}

/**
 * Parses a list update. Unknown list ids (in `sources` or as keys of `urls`) are `LIST_SOURCE_UNKNOWN`, other
 * faults `LIST_UPDATE_INVALID`, each issue naming its field. URLs given without sources select only the lists
 * they name (an address for one list does not update every list).
 */
export function parseListUpdate(input: unknown): ListUpdate {
  const r = ListUpdateInput.safeParse(input);
  const issues: ErrorIssue[] = r.success
    ? []
    : r.error.issues.map((i) => ({
        code: i.code,
        message: i.message,
        field: String(i.path[0] ?? "body"),
        path: formatPath(i.path) || "body",
      }));
  if (r.success)
    for (const id of Object.keys(r.data.urls ?? {}))
      if (!listSource(id))
        issues.push({
          code: "unknown_list",
          field: "urls",
          path: `urls.${id}`,
          message: `unknown list source '${id}' (known: ${known()})`,
        });
  if (!r.success || issues.length > 0) {
    const unknownOnly = issues.every((i) => i.message.includes("unknown list source"));
    throw invalidInput(
      unknownOnly ? "LIST_SOURCE_UNKNOWN" : "LIST_UPDATE_INVALID",
      `list update is invalid: ${issues
        .slice(0, 3)
        .map((i) => `${i.path}: ${i.message}`)
        .join("; ")}`,
      issues,
    );
  }
  const { sources, urls = {}, force = false } = r.data;
  const named = Object.keys(urls);
  return {
    ...(sources && sources.length > 0 ? { sources } : named.length > 0 ? { sources: named } : {}),
    urls,
    force,
  };
}

/** The JSON Schema (as callers write it) of a list update. */
export function listUpdateJsonSchema(): Record<string, unknown> {
  return inputJsonSchema(ListUpdateInput);
}
