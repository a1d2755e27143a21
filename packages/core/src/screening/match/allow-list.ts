/**
 * Allow-list of reviewed false positives. A decision "this query is not that listed entity" is keyed on the
 * entity id AND the query's fingerprint, and remembers a digest of the listing as reviewed: a repeat of the same
 * query against the same, unchanged listing is suppressed; a new listing (another entity, even with the same name)
 * or a changed listing (new alias, programme, date) alerts again. Who decided and when is recorded (injected clock).
 */
import { hash } from "node:crypto";
import { invalidInput } from "../../errors/index.ts";
import type { Clock } from "../../runtime/index.ts";
import type { Entity } from "../model.ts";
import { normalise } from "./normalise.ts";
import type { ScreenQuery } from "./scorer.ts";

export interface AllowListEntry {
  entityId: string;
  /** {@link queryFingerprint} of the reviewed query. */
  fingerprint: string;
  /** {@link entityDigest} of the listing as it was reviewed. */
  entityDigest: string;
  reviewer: string;
  /** ISO 8601 timestamp from the injected clock. */
  reviewedAt: string;
  reason?: string;
  /** The query as reviewed, for the audit trail. */
  query?: ScreenQuery;
}

function hex(s: string): string {
  // Native SHA-256 in one call: a fingerprint is taken for every screened query, and the one-shot form costs
  // ~0.85 µs against ~2.3 µs for a Hash object (same digest).
  return hash("sha256", s, "hex");
}

/**
 * Stable fingerprint of a query: normalised name parts (order-free), type, country and date of birth.
 * "PUTIN, Vladimir" and "Vladimir Putin" share a fingerprint; adding a date of birth makes another.
 */
export function queryFingerprint(q: ScreenQuery): string {
  const parts = normalise(q.name).split(" ").filter(Boolean).sort();
  return hex(JSON.stringify([parts, q.type ?? "", (q.country ?? "").toUpperCase(), q.dob ?? ""])).slice(0, 32);
}

/** Digest of what a listing says (names, type, programmes, dates, identifiers): changes when the listing does. */
export function entityDigest(e: Entity): string {
  return hex(
    JSON.stringify([
      e.id,
      e.type,
      e.names.map((n) => [n.kind, n.full]).sort(),
      [...e.programmes].sort(),
      e.listedOn ?? "",
      [...e.birthDates].sort(),
      e.identifiers.map((i) => `${i.type}:${i.value}`).sort(),
    ]),
  ).slice(0, 32);
}

/** An in-memory allow-list; serialise with `toJSON()` and restore with {@link AllowList.fromJSON}. */
export class AllowList {
  readonly #entries = new Map<string, AllowListEntry>();
  readonly #clock: Clock;

  constructor(clock: Clock, entries: AllowListEntry[] = []) {
    this.#clock = clock;
    for (const e of entries) this.#entries.set(`${e.entityId}\u0000${e.fingerprint}`, e);
  }

  static fromJSON(clock: Clock, data: unknown): AllowList {
    if (!Array.isArray(data)) throw invalidInput("ALLOWLIST_INVALID", "allow-list must be a JSON array of entries");
    data.forEach((d, i) => {
      const ok =
        d &&
        typeof d === "object" &&
        ["entityId", "fingerprint", "entityDigest", "reviewer", "reviewedAt"].every(
          (k) => typeof (d as Record<string, unknown>)[k] === "string",
        );
      if (!ok)
        throw invalidInput("ALLOWLIST_INVALID", "allow-list entry is missing required fields", [
          {
            code: "invalid_entry",
            message: "needs entityId, fingerprint, entityDigest, reviewer, reviewedAt",
            row: i + 1,
          },
        ]);
    });
    return new AllowList(clock, data as AllowListEntry[]);
  }

  /** Records a reviewed false positive. */
  add(init: { entity: Entity; query: ScreenQuery; reviewer: string; reason?: string }): AllowListEntry {
    if (init.reviewer.trim() === "") throw invalidInput("ALLOWLIST_REVIEWER_REQUIRED", "a reviewer must be named");
    const entry: AllowListEntry = {
      entityId: init.entity.id,
      fingerprint: queryFingerprint(init.query),
      entityDigest: entityDigest(init.entity),
      reviewer: init.reviewer,
      reviewedAt: this.#clock.now().toISOString(),
      ...(init.reason ? { reason: init.reason } : {}),
      query: init.query,
    };
    this.#entries.set(`${entry.entityId}\u0000${entry.fingerprint}`, entry);
    return entry;
  }

  /** The decision that suppresses this (entity, query), if the listing is unchanged since it was reviewed. */
  suppression(entity: Entity, fingerprint: string): AllowListEntry | undefined {
    const e = this.#entries.get(`${entity.id}\u0000${fingerprint}`);
    if (!e) return undefined;
    return e.entityDigest === entityDigest(entity) ? e : undefined;
  }

  get size(): number {
    return this.#entries.size;
  }

  toJSON(): AllowListEntry[] {
    return [...this.#entries.values()];
  }
}
