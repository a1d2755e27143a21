/** Derives decision facts from a verified bundle (offline) or from the live registry. */
import type { ProvenanceBundle } from "./bundle.ts";
import { fail } from "./codes.ts";
import type { LotFacts } from "./decide.ts";
import { G7VerifyBody, KpExportBody, type SignedEvent } from "./model.ts";
import type { Registry } from "./registry.ts";

function facts(lotId: string, events: { eventId: string; event: SignedEvent }[]): LotFacts {
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
  return { lot, kpCertificates, g7Verified };
}

/** Facts from a bundle (verify it first with `verifyBundle`). */
export function factsFromBundle(b: ProvenanceBundle): LotFacts {
  return facts(b.lotId, b.events);
}

/** Facts from the live registry. */
export function factsFromRegistry(reg: Registry, lotId: string): LotFacts {
  return facts(
    lotId,
    reg.view.lineageEvents(lotId).map((r) => ({ eventId: r.id, event: r.event })),
  );
}
