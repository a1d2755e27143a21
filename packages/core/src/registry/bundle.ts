/**
 * Provenance bundles: a lot's lineage events back to every mine registration (with their KP, G7, grading,
 * transfer, amend and revoke events and every party registration), one signed checkpoint and an inclusion proof
 * per event — verifiable with no database.
 */
import { type Checkpoint, openCheckpoint, verifierKey } from "./checkpoint.ts";
import { fail } from "./codes.ts";
import { fromB64, toB64 } from "./crypto.ts";
import { eventIdOf, parseEvent, verifyEventSignature } from "./events.ts";
import { canonicalBytes } from "./jcs.ts";
import { leafHash, verifyConsistency, verifyInclusion } from "./merkle.ts";
import { ManufactureBody, type Party, RegisterPartyBody, type SignedEvent } from "./model.ts";
import type { Registry } from "./registry.ts";
import type { Operator } from "./state.ts";

export const BUNDLE_FORMAT = "embargo-diamond-provenance/1";

export interface ProvenanceBundle {
  format: typeof BUNDLE_FORMAT;
  lotId: string;
  log: { origin: string; operator: Operator; verifierKey: string };
  /** C2SP signed checkpoint note. */
  checkpoint: string;
  events: { seq: number; eventId: string; event: SignedEvent; inclusionProof: string[] }[];
  /** Present when the client sent the size of a checkpoint it saw before. */
  consistency?: { fromSize: number; fromRoot: string; proof: string[] };
}

/** Builds the bundle of `lotId` against the latest checkpoint. */
export function buildBundle(reg: Registry, lotId: string, opts: { sinceSize?: number } = {}): ProvenanceBundle {
  const { note, checkpoint } = reg.checkpoint();
  // Only events covered by the committed checkpoint (an append may be in flight).
  const events = reg.view
    .lineageEvents(lotId)
    .filter((r) => r.seq < checkpoint.size)
    .map((r) => ({
      seq: r.seq,
      eventId: r.id,
      event: r.event,
      inclusionProof: reg.merkle.inclusionProof(r.seq, checkpoint.size).map(toB64),
    }));
  const b: ProvenanceBundle = {
    format: BUNDLE_FORMAT,
    lotId,
    log: { origin: reg.identity.origin, operator: reg.identity.operator, verifierKey: reg.identity.verifierKey },
    checkpoint: note,
    events,
  };
  if (opts.sinceSize !== undefined) {
    if (opts.sinceSize > checkpoint.size || opts.sinceSize < 0) fail("EVENT_INVALID", "sinceSize is beyond the log");
    b.consistency = {
      fromSize: opts.sinceSize,
      fromRoot: toB64(reg.merkle.root(opts.sinceSize)),
      proof: reg.merkle.consistencyProof(opts.sinceSize, checkpoint.size).map(toB64),
    };
  }
  return b;
}

export interface BundleReport {
  valid: boolean;
  lotId: string;
  checkpoint?: Checkpoint;
  /** Whether the operator key matched a key the caller pinned (false ⇒ trusted on first use from the bundle). */
  operatorPinned: boolean;
  events: number;
  mines: string[];
  problems: string[];
}

/**
 * Verifies a bundle offline: checkpoint signature, one inclusion proof per event against its root, every event's
 * id and signature (keys from the bundled party registrations, themselves proven), lineage closure down to
 * REGISTER_ROUGH events, and weight conservation along the way. Pass `trustedVerifierKey` to pin the log.
 */
export function verifyBundle(raw: unknown, opts: { trustedVerifierKey?: string } = {}): BundleReport {
  try {
    return verifyBundleUnsafe(raw, opts);
  } catch (e) {
    return {
      valid: false,
      lotId: "",
      operatorPinned: false,
      events: 0,
      mines: [],
      problems: [`malformed bundle: ${(e as Error).message}`],
    };
  }
}

function verifyBundleUnsafe(raw: unknown, opts: { trustedVerifierKey?: string }): BundleReport {
  const problems: string[] = [];
  const b = raw as ProvenanceBundle;
  const report: BundleReport = {
    valid: false,
    lotId: String(b?.lotId ?? ""),
    operatorPinned: false,
    events: 0,
    mines: [],
    problems,
  };
  if (!b || b.format !== BUNDLE_FORMAT || !Array.isArray(b.events) || !b.log?.operator) {
    problems.push(`not a ${BUNDLE_FORMAT} bundle`);
    return report;
  }
  const vk = verifierKey(b.log.origin, b.log.operator.publicKey);
  if (opts.trustedVerifierKey !== undefined) {
    if (opts.trustedVerifierKey !== vk) problems.push("the bundle's log key is not the pinned verifier key");
    else report.operatorPinned = true;
  }
  let cp: Checkpoint;
  try {
    cp = openCheckpoint(b.checkpoint, b.log.origin, b.log.operator.publicKey);
    report.checkpoint = cp;
  } catch (e) {
    problems.push((e as Error).message);
    return report;
  }
  const root = fromB64(cp.root);
  if (
    b.consistency &&
    !verifyConsistency(
      b.consistency.fromSize,
      cp.size,
      fromB64(b.consistency.fromRoot),
      root,
      b.consistency.proof.map(fromB64),
    )
  )
    problems.push(`consistency proof from size ${b.consistency.fromSize} fails`);
  const keys = new Map<string, Party>();
  const byLot = new Map<string, SignedEvent>();
  const seen = new Set<number>();
  for (const item of b.events) {
    report.events++;
    let ev: SignedEvent;
    try {
      ev = parseEvent(item.event);
    } catch {
      problems.push(`event at seq ${item.seq} is malformed`);
      continue;
    }
    if (seen.has(item.seq)) problems.push(`seq ${item.seq} appears twice`);
    seen.add(item.seq);
    const id = eventIdOf(ev);
    if (id !== item.eventId) problems.push(`event at seq ${item.seq}: id does not match its content`);
    let proof: Uint8Array[];
    try {
      proof = item.inclusionProof.map(fromB64);
    } catch {
      proof = [];
    }
    if (!verifyInclusion(item.seq, cp.size, leafHash(canonicalBytes(ev)), proof, root))
      problems.push(`event ${id} (seq ${item.seq}) is not included in the checkpoint`);
    try {
      let pub: string | undefined;
      if (ev.actor === b.log.operator.partyId && ev.keyId === b.log.operator.keyId) pub = b.log.operator.publicKey;
      else {
        const k = keys.get(ev.actor)?.keys.find((x) => x.keyId === ev.keyId);
        if (k && ev.time >= k.validFrom && (k.validTo === undefined || ev.time <= k.validTo)) pub = k.publicKey;
      }
      if (!pub) problems.push(`event ${id}: no valid key ${ev.keyId} for ${ev.actor} in the bundle`);
      else verifyEventSignature(ev, pub);
    } catch (e) {
      problems.push(`event ${id}: ${(e as Error).message}`);
    }
    if (ev.type === "REGISTER_PARTY") {
      const r = RegisterPartyBody.safeParse(ev.body);
      if (r.success && ev.actor === b.log.operator.partyId) keys.set(r.data.party.partyId, r.data.party);
    }
    for (const o of ev.outputs) byLot.set(o.lotId, ev);
  }
  // Lineage closure and conservation.
  const stack = [b.lotId];
  const visited = new Set<string>();
  while (stack.length > 0) {
    const lot = stack.pop() as string;
    if (visited.has(lot)) continue;
    visited.add(lot);
    const ev = byLot.get(lot);
    if (!ev) {
      problems.push(`lot ${lot}: its creating event is missing`);
      continue;
    }
    if (ev.type === "REGISTER_ROUGH") {
      if (!report.mines.includes(ev.actor)) report.mines.push(ev.actor);
      continue;
    }
    const ins = ev.inputs.map((i) => byLot.get(i)?.outputs.find((o) => o.lotId === i));
    const inW = ins.reduce((a, l) => a + (l?.weightMct ?? 0), 0);
    const outW = ev.outputs.reduce((a, l) => a + l.weightMct, 0);
    const loss =
      ev.type === "MANUFACTURE" ? (ManufactureBody.safeParse(ev.body).data?.loss.weightMct ?? Number.NaN) : 0;
    if (outW + loss !== inW)
      problems.push(`event ${eventIdOf(ev)}: weight not conserved (${inW} → ${outW} + loss ${loss})`);
    stack.push(...ev.inputs);
  }
  report.mines.sort();
  report.valid = problems.length === 0;
  return report;
}
