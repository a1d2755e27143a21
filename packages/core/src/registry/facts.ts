/** Derives decision facts from a verified bundle (offline) or from the live registry. */
import type { ProvenanceBundle } from "./bundle.ts";
import { fail } from "./codes.ts";
import type { LotFacts, RouteFacts } from "./decide.ts";
import {
  G7VerifyBody,
  KpExportBody,
  KpImportBody,
  type Party,
  RegisterPartyBody,
  type SignedEvent,
  TransferBody,
} from "./model.ts";
import type { Registry } from "./registry.ts";

type Row = { eventId: string; event: SignedEvent };

/**
 * What the lineage says about Russia, whatever the miner declared at registration: the goods were in Russia (so
 * whatever reaches a G7 border was exported from it) when rough was registered by a Russian miner, exported under a
 * Russian KP certificate, imported into Russia under a KP certificate or by a Russian KP authority, or cut by a
 * Russian manufacturer. A lot held (accepted, split, merged) by a Russian party with none of those makes
 * "exported from Russia" unknown: a holder's country is not its location, but it must be explained.
 */
export function routeFromLineage(events: readonly Row[]): RouteFacts {
  const parties = new Map<string, Party>();
  for (const { event: e } of events)
    if (e.type === "REGISTER_PARTY") {
      const p = RegisterPartyBody.safeParse(e.body);
      if (p.success) parties.set(p.data.party.partyId, p.data.party);
    }
  const country = (id: string): string | undefined => parties.get(id)?.country;
  const why: string[] = [];
  const processedIn: string[] = [];
  const heldByRU = new Set<string>();
  let inRussia = false;
  let lastInRussia: string | undefined;
  const wasInRussia = (day: string, text: string) => {
    inRussia = true;
    if (lastInRussia === undefined || day > lastInRussia) lastInRussia = day;
    why.push(text);
  };
  for (const { eventId, event: e } of events) {
    const day = e.time.slice(0, 10);
    const ref = `event ${eventId.slice(0, 12)}`;
    const lots = [...e.inputs, ...e.outputs.map((o) => o.lotId)].join(", ");
    switch (e.type) {
      case "REGISTER_ROUGH":
        if (country(e.actor) === "RU")
          wasInRussia(day, `${lots} registered by ${e.actor} (RU) on ${day}: mined in Russia (${ref})`);
        break;
      case "KP_EXPORT": {
        const c = KpExportBody.safeParse(e.body).data?.certificate;
        if (!c) break;
        if (c.certNo.slice(0, 2) === "RU")
          wasInRussia(
            day,
            `${lots} exported from Russia on ${day} under the Russian KP certificate ${c.certNo} (exporter ${c.exporter}, ${ref})`,
          );
        if (country(c.importer) === "RU")
          wasInRussia(
            day,
            `${lots} shipped into Russia on ${day} under KP certificate ${c.certNo} to ${c.importer} (RU) (${ref})`,
          );
        break;
      }
      case "KP_IMPORT":
        if (country(e.actor) === "RU")
          wasInRussia(
            day,
            `${lots} imported into Russia on ${day} under KP certificate ${KpImportBody.safeParse(e.body).data?.certNo ?? "?"} (${ref})`,
          );
        break;
      case "MANUFACTURE": {
        const c = country(e.actor);
        if (c && !processedIn.includes(c)) processedIn.push(c);
        if (c === "RU") wasInRussia(day, `${lots} cut by ${e.actor} in Russia on ${day} (${ref})`);
        break;
      }
      case "ACCEPT":
      case "SPLIT":
      case "MERGE":
        if (country(e.actor) === "RU") heldByRU.add(e.actor);
        break;
      case "TRANSFER": {
        // A transfer to a Russian party counts once accepted (ACCEPT above); the offer alone moves nothing.
        const to = TransferBody.safeParse(e.body).data?.to;
        if (
          to &&
          country(to) === "RU" &&
          events.some((r) => r.event.type === "ACCEPT" && r.event.body.transfer === eventId)
        )
          heldByRU.add(to);
        break;
      }
    }
  }
  let exportedFromRU: boolean | "unknown" = inRussia;
  if (!inRussia && heldByRU.size > 0) {
    exportedFromRU = "unknown";
    why.push(
      `held by ${[...heldByRU].join(", ")} (Russian parties): the log does not show whether the goods were in Russia — evidence of their location is needed`,
    );
  }
  const route: RouteFacts = { exportedFromRU, transitedRU: false, processedIn, why };
  if (lastInRussia !== undefined) route.lastInRussia = lastInRussia;
  return route;
}

/** Facts of `lotId` from its lineage events (log order, party registrations included). */
export function factsFromEvents(lotId: string, events: Row[]): LotFacts {
  const lot = events.flatMap((e) => e.event.outputs).find((o) => o.lotId === lotId);
  if (!lot) fail("LOT_NOT_FOUND", `lot ${lotId} is not in the lineage`);
  const revoked = new Set(events.filter((e) => e.event.type === "REVOKE").map((e) => String(e.event.body.target)));
  const kpCertificates = events
    .filter((e) => e.event.type === "KP_EXPORT")
    .map((e) => KpExportBody.parse(e.event.body).certificate);
  const g7Verified = events.some(
    (e) =>
      e.event.type === "G7_VERIFY" &&
      e.event.inputs.includes(lotId) &&
      !revoked.has(e.eventId) &&
      G7VerifyBody.safeParse(e.event.body).data?.result === "PASS",
  );
  return { lot, kpCertificates, g7Verified, route: routeFromLineage(events) };
}

/** Facts from a bundle (verify it first with `verifyBundle`). */
export function factsFromBundle(b: ProvenanceBundle): LotFacts {
  return factsFromEvents(b.lotId, b.events);
}

/** Facts from the live registry. */
export function factsFromRegistry(reg: Registry, lotId: string): LotFacts {
  return factsFromEvents(
    lotId,
    reg.view.lineageEvents(lotId).map((r) => ({ eventId: r.id, event: r.event })),
  );
}
