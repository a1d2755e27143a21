/**
 * The registry's in-memory state and the invariants every event must satisfy before it is appended. `check`
 * validates without mutating; `apply` mutates only after `check` succeeded, so a rejected event leaves no trace.
 */
import { fail } from "./codes.ts";
import { eventIdOf, verifyEventSignature } from "./events.ts";
import {
  AcceptBody,
  AmendBody,
  G7VerifyBody,
  GradeBody,
  type KpCertificate,
  KpExportBody,
  KpImportBody,
  type Lot,
  ManufactureBody,
  type Origin,
  type Party,
  RegisterPartyBody,
  RevokeBody,
  type Role,
  type SignedEvent,
  TransferBody,
} from "./model.ts";

/** Custody and history of one lot. */
export interface LotState {
  lot: Lot;
  holder: string;
  createdBy: string;
  consumedBy?: string;
  /** Time of the latest event that touched the lot (I5: no event may predate it). */
  lastTime: string;
  /** Every event touching the lot, in log order (creation first). */
  events: string[];
  /** Under a KP certificate that was exported and not yet imported. */
  inTransit?: string;
  /** A TRANSFER waiting for the receiver's ACCEPT. */
  pending?: { transfer: string; to: string };
}

export interface EventRecord {
  seq: number;
  id: string;
  event: SignedEvent;
  revokedBy?: string;
  amendedBy: string[];
}

export interface KpRecord {
  cert: KpCertificate;
  exportEvent: string;
  importEvent?: string;
  lots: string[];
}

/** The registry operator: signs party registrations and checkpoints. */
export interface Operator {
  partyId: string;
  keyId: string;
  publicKey: string;
}

/** Allowed clock skew for event times ahead of the registry clock. */
const FUTURE_SKEW_MS = 5 * 60_000;

const body = <T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, e: SignedEvent): T => {
  const r = schema.safeParse(e.body);
  if (!r.success) fail("EVENT_INVALID", `body of ${e.type} is malformed`);
  return r.data as T;
};

const isRough = (l: Lot): boolean => l.form === "ROUGH_STONE" || l.form === "ROUGH_PARCEL";
const isPolished = (l: Lot): boolean => l.form === "POLISHED_STONE" || l.form === "POLISHED_PARCEL";

function sumOrigins(origins: { byCountry: Record<string, number>; unknownMct: number }[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const o of origins) {
    for (const [c, w] of Object.entries(o.byCountry)) if (w > 0) m.set(c, (m.get(c) ?? 0) + w);
    if (o.unknownMct > 0) m.set("?", (m.get("?") ?? 0) + o.unknownMct);
  }
  return m;
}

function sameMap(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** Russian or unknown weight: content a sanctions decision cannot clear. */
export function taintedMct(o: Origin): number {
  return (o.byCountry.RU ?? 0) + o.unknownMct;
}

function flagRank(f: boolean | "unknown"): number {
  return f === true ? 2 : f === "unknown" ? 1 : 0;
}

/** I2/I3 internal consistency of a lot. */
function checkLot(l: Lot): void {
  let sum = l.origin.unknownMct;
  for (const w of Object.values(l.origin.byCountry)) sum += w;
  if (sum !== l.weightMct)
    fail("LOT_INCONSISTENT", `lot ${l.lotId}: origin weights sum to ${sum} mct, lot weighs ${l.weightMct} mct`);
  if ((l.form === "ROUGH_STONE" || l.form === "POLISHED_STONE") && l.pieces !== 1)
    fail("LOT_INCONSISTENT", `lot ${l.lotId}: a single stone has 1 piece`);
  if (l.stones) {
    if (l.stones.length !== l.pieces)
      fail("LOT_INCONSISTENT", `lot ${l.lotId}: ${l.stones.length} stone weights for ${l.pieces} pieces`);
    const s = l.stones.reduce((a, x) => a + x.weightMct, 0);
    if (s !== l.weightMct)
      fail("LOT_INCONSISTENT", `lot ${l.lotId}: stone weights sum to ${s} mct, lot weighs ${l.weightMct} mct`);
  }
  if (l.maxStoneMct !== undefined && l.maxStoneMct > l.weightMct)
    fail("LOT_INCONSISTENT", `lot ${l.lotId}: heaviest stone exceeds the lot weight`);
}

export class RegistryState {
  readonly parties = new Map<string, Party>();
  readonly lots = new Map<string, LotState>();
  readonly events = new Map<string, EventRecord>();
  readonly order: string[] = [];
  readonly kp = new Map<string, KpRecord>();

  constructor(readonly operator: Operator) {}

  /** The public key that verifies `actor`'s `keyId` at `time` (throws the key errors). */
  key(actor: string, keyId: string, time: string): string {
    if (actor === this.operator.partyId) {
      if (keyId !== this.operator.keyId) fail("KEY_NOT_VALID", `unknown operator key ${keyId}`);
      return this.operator.publicKey;
    }
    const p = this.parties.get(actor);
    if (!p) fail("UNKNOWN_PARTY", `party ${actor} is not registered`);
    const k = p.keys.find((x) => x.keyId === keyId);
    if (!k) fail("KEY_NOT_VALID", `party ${actor} has no key ${keyId}`);
    if (time < k.validFrom || (k.validTo !== undefined && time > k.validTo))
      fail("KEY_NOT_VALID", `key ${keyId} of ${actor} is not valid at ${time}`);
    return k.publicKey;
  }

  private party(id: string): Party {
    const p = this.parties.get(id);
    if (!p) fail("UNKNOWN_PARTY", `party ${id} is not registered`);
    return p;
  }

  private requireRole(e: SignedEvent, roles: Role[]): Party {
    const p = this.party(e.actor);
    if (!p.roles.some((r) => roles.includes(r)))
      fail(
        "ROLE_NOT_AUTHORISED",
        `${e.type} needs one of the roles ${roles.join(", ")}; ${e.actor} has ${p.roles.join(", ")}`,
      );
    return p;
  }

  private lot(id: string): LotState {
    const l = this.lots.get(id);
    if (!l) fail("LOT_NOT_FOUND", `lot ${id} does not exist`);
    return l;
  }

  private live(id: string): LotState {
    const l = this.lot(id);
    if (l.consumedBy) fail("LOT_ALREADY_CONSUMED", `lot ${id} was already consumed by event ${l.consumedBy}`);
    return l;
  }

  private held(e: SignedEvent, id: string): LotState {
    const l = this.live(id);
    if (l.holder !== e.actor) fail("NOT_HOLDER", `${e.actor} does not hold lot ${id} (holder: ${l.holder})`);
    if (l.inTransit) fail("LOT_IN_TRANSIT", `lot ${id} is in transit under KP certificate ${l.inTransit}`);
    if (l.pending) fail("LOT_IN_TRANSIT", `lot ${id} has a pending transfer to ${l.pending.to}`);
    return l;
  }

  /**
   * Validates `e` against every invariant. Returns the event id. Does not mutate.
   * `verifySignature: false` is for replaying a log whose signatures were checked when appended (audit re-checks).
   */
  check(e: SignedEvent, opts: { now: Date; verifySignature?: boolean; eventId?: string }): string {
    const pub = this.key(e.actor, e.keyId, e.time);
    const id = opts.verifySignature === false ? (opts.eventId ?? eventIdOf(e)) : verifyEventSignature(e, pub);
    if (this.events.has(id)) fail("REPLAYED_EVENT", `event ${id} is already in the log`);
    if (Date.parse(e.time) > opts.now.getTime() + FUTURE_SKEW_MS)
      fail("EVENT_IN_FUTURE", `event time ${e.time} is ahead of the registry clock`);
    for (const p of e.parents) {
      const rec = this.events.get(p);
      if (!rec) fail("PARENT_NOT_FOUND", `parent event ${p} is not in the log`);
      if (e.time < rec.event.time)
        fail("EVENT_PREDATES_INPUT", `event time ${e.time} precedes parent ${p} at ${rec.event.time}`);
    }
    if (new Set(e.inputs).size !== e.inputs.length) fail("EVENT_INVALID", "an input lot is listed twice");
    for (const i of e.inputs) {
      const l = this.lot(i);
      if (e.time < l.lastTime)
        fail("EVENT_PREDATES_INPUT", `event time ${e.time} precedes the last event of lot ${i} at ${l.lastTime}`);
    }
    const creating = ["REGISTER_ROUGH", "SPLIT", "MERGE", "MANUFACTURE"].includes(e.type);
    if (!creating && e.outputs.length > 0) fail("EVENT_INVALID", `${e.type} creates no lots`);
    const outIds = new Set<string>();
    for (const o of e.outputs) {
      if (this.lots.has(o.lotId) || outIds.has(o.lotId)) fail("LOT_ALREADY_EXISTS", `lot ${o.lotId} already exists`);
      outIds.add(o.lotId);
      checkLot(o);
    }
    switch (e.type) {
      case "REGISTER_PARTY": {
        if (e.actor !== this.operator.partyId)
          fail("ROLE_NOT_AUTHORISED", "only the registry operator registers parties");
        const { party } = body(RegisterPartyBody, e);
        if (this.parties.has(party.partyId) || party.partyId === this.operator.partyId)
          fail("PARTY_ALREADY_EXISTS", `party ${party.partyId} is already registered`);
        break;
      }
      case "REGISTER_ROUGH": {
        const p = this.requireRole(e, ["MINER", "KP_AUTHORITY"]);
        if (e.inputs.length !== 0 || e.outputs.length === 0)
          fail("WRONG_INPUT_COUNT", "REGISTER_ROUGH has no inputs and at least one output");
        for (const o of e.outputs) {
          if (!isRough(o)) fail("LOT_FORM_INVALID", `lot ${o.lotId}: only rough is registered at the mine`);
          const foreign = Object.entries(o.origin.byCountry).filter(([c, w]) => w > 0 && c !== p.country);
          if (foreign.length > 0 || o.origin.unknownMct > 0 || o.origin.processedIn.length > 0)
            fail("ORIGIN_NOT_ACTOR_COUNTRY", `lot ${o.lotId}: a ${p.country} miner registers only ${p.country} rough`);
        }
        break;
      }
      case "KP_EXPORT": {
        const p = this.requireRole(e, ["KP_AUTHORITY"]);
        const { certificate: c } = body(KpExportBody, e);
        if (this.kp.has(c.certNo)) fail("KP_CERT_REUSED", `KP certificate ${c.certNo} was already used`);
        if (c.certNo.slice(0, 2) !== p.country || c.issuingAuthority !== e.actor)
          fail("KP_CERT_INVALID", `certificate ${c.certNo} is not issued by ${e.actor} (${p.country})`);
        const day = e.time.slice(0, 10);
        if (day < c.issuedOn || day > c.expiresOn)
          fail("KP_CERT_INVALID", `certificate ${c.certNo} is not valid on ${day}`);
        this.party(c.exporter);
        this.party(c.importer);
        if (e.inputs.length !== c.parcelCount)
          fail("KP_MISMATCH", `certificate lists ${c.parcelCount} parcels, event moves ${e.inputs.length} lots`);
        let w = 0;
        const countries = new Set<string>();
        for (const i of e.inputs) {
          const l = this.live(i);
          if (l.holder !== c.exporter) fail("NOT_HOLDER", `exporter ${c.exporter} does not hold lot ${i}`);
          if (l.inTransit || l.pending) fail("LOT_IN_TRANSIT", `lot ${i} is already moving`);
          if (!isRough(l.lot)) fail("LOT_FORM_INVALID", `lot ${i} is not rough: KP covers rough only`);
          w += l.lot.weightMct;
          for (const [cc, x] of Object.entries(l.lot.origin.byCountry)) if (x > 0) countries.add(cc);
          if (l.lot.origin.unknownMct > 0) countries.add("unknown");
        }
        if (w !== c.weightMct) fail("KP_MISMATCH", `certificate states ${c.weightMct} mct, lots weigh ${w} mct`);
        const listed = new Set(c.origins.map((o) => o.country));
        if (!c.mixed && (listed.size !== 1 || countries.size !== 1 || !countries.has([...listed][0] as string)))
          fail("KP_MISMATCH", "an unmixed certificate names exactly the lots' one country of origin");
        if (c.mixed && listed.size > 0 && [...countries].some((x) => !listed.has(x)))
          fail("KP_MISMATCH", "a mixed certificate that lists origins must list every country in its lots");
        break;
      }
      case "KP_IMPORT": {
        const p = this.requireRole(e, ["KP_AUTHORITY", "CUSTOMS"]);
        const b = body(KpImportBody, e);
        const rec = this.kp.get(b.certNo);
        if (!rec) fail("KP_NOT_EXPORTED", `certificate ${b.certNo} was never exported`);
        if (rec.importEvent) fail("KP_CERT_REUSED", `certificate ${b.certNo} was already imported`);
        if (this.party(rec.cert.importer).country !== p.country)
          fail("ROLE_NOT_AUTHORISED", `${e.actor} is not an authority of the importer's country`);
        if (b.receipt.parcels !== rec.cert.parcelCount || b.receipt.weightMct !== rec.cert.weightMct)
          fail("KP_MISMATCH", "receipt confirmation does not match the certificate's parcels and weight");
        if (e.inputs.length !== rec.lots.length || e.inputs.some((i) => !rec.lots.includes(i)))
          fail("KP_MISMATCH", "KP_IMPORT must name exactly the certificate's lots");
        for (const i of e.inputs) this.live(i);
        break;
      }
      case "TRANSFER": {
        const { to } = body(TransferBody, e);
        this.party(to);
        if (e.inputs.length === 0) fail("WRONG_INPUT_COUNT", "TRANSFER moves at least one lot");
        for (const i of e.inputs) this.held(e, i);
        break;
      }
      case "ACCEPT": {
        const { transfer } = body(AcceptBody, e);
        const t = this.events.get(transfer);
        if (t?.event.type !== "TRANSFER") fail("NO_PENDING_TRANSFER", `no transfer ${transfer}`);
        const { to } = TransferBody.parse(t.event.body);
        if (to !== e.actor) fail("NOT_RECEIVER", `transfer ${transfer} is addressed to ${to}, not ${e.actor}`);
        if (e.inputs.length !== t.event.inputs.length || e.inputs.some((i) => !t.event.inputs.includes(i)))
          fail("EVENT_INVALID", "ACCEPT names exactly the transferred lots");
        for (const i of e.inputs) {
          const l = this.live(i);
          if (l.pending?.transfer !== transfer)
            fail("NO_PENDING_TRANSFER", `lot ${i} has no pending transfer ${transfer}`);
        }
        if (e.time < t.event.time) fail("EVENT_PREDATES_INPUT", "ACCEPT precedes its TRANSFER");
        break;
      }
      case "SPLIT":
      case "MERGE":
      case "MANUFACTURE": {
        if (e.type === "SPLIT" && (e.inputs.length !== 1 || e.outputs.length < 2))
          fail("WRONG_INPUT_COUNT", "SPLIT consumes one lot and creates at least two");
        if (e.type === "MERGE" && (e.inputs.length < 2 || e.outputs.length !== 1))
          fail("WRONG_INPUT_COUNT", "MERGE consumes at least two lots and creates one");
        if (e.type === "MANUFACTURE") {
          this.requireRole(e, ["MANUFACTURER"]);
          if (e.inputs.length < 1 || e.outputs.length < 1)
            fail(
              "WRONG_INPUT_COUNT",
              "MANUFACTURE consumes at least one rough lot and creates at least one polished lot",
            );
        }
        const ins = e.inputs.map((i) => this.held(e, i).lot);
        if (e.type === "MANUFACTURE") {
          if (ins.some((l) => !isRough(l)) || e.outputs.some((o) => !isPolished(o)))
            fail("LOT_FORM_INVALID", "MANUFACTURE turns rough into polished");
        } else {
          const stage = (l: Lot) => (isRough(l) ? "rough" : isPolished(l) ? "polished" : "article");
          const s = new Set([...ins, ...e.outputs].map(stage));
          if (s.size !== 1) fail("LOT_FORM_INVALID", `${e.type} keeps the form stage (rough, polished or article)`);
          if (new Set([...ins, ...e.outputs].map((l) => `${l.nature}/${l.industrial}`)).size !== 1)
            fail("LOT_FORM_INVALID", `${e.type} cannot change nature or industrial status`);
        }
        const inW = ins.reduce((a, l) => a + l.weightMct, 0);
        const outW = e.outputs.reduce((a, l) => a + l.weightMct, 0);
        const inOrigin = sumOrigins(ins.map((l) => l.origin));
        const outOrigins = e.outputs.map((l) => l.origin);
        if (e.type === "MANUFACTURE") {
          const { loss } = body(ManufactureBody, e);
          const lossSum = loss.unknownMct + Object.values(loss.byCountry).reduce((a, x) => a + x, 0);
          if (lossSum !== loss.weightMct)
            fail("LOT_INCONSISTENT", "the loss's origin breakdown does not sum to the loss");
          if (outW + loss.weightMct !== inW)
            fail("WEIGHT_NOT_CONSERVED", `polished ${outW} + loss ${loss.weightMct} ≠ rough ${inW} mct`);
          if (!sameMap(sumOrigins([...outOrigins, loss]), inOrigin))
            fail("ORIGIN_NOT_CONSERVED", "per-country weights of polished + loss differ from the rough");
          const actorCountry = this.party(e.actor).country;
          const need = new Set([...ins.flatMap((l) => l.origin.processedIn), actorCountry]);
          for (const o of e.outputs)
            if ([...need].some((c) => !o.origin.processedIn.includes(c)))
              fail("ORIGIN_NOT_CONSERVED", `lot ${o.lotId}: processedIn must include ${[...need].join(", ")}`);
        } else {
          if (outW !== inW) fail("WEIGHT_NOT_CONSERVED", `outputs weigh ${outW} mct, inputs ${inW} mct`);
          const inP = ins.reduce((a, l) => a + l.pieces, 0);
          const outP = e.outputs.reduce((a, l) => a + l.pieces, 0);
          if (inP !== outP) fail("PIECES_NOT_CONSERVED", `outputs have ${outP} pieces, inputs ${inP}`);
          if (!sameMap(sumOrigins(outOrigins), inOrigin))
            fail("ORIGIN_NOT_CONSERVED", "per-country weights of the outputs differ from the inputs");
          const need = new Set(ins.flatMap((l) => l.origin.processedIn));
          for (const o of e.outputs)
            if ([...need].some((c) => !o.origin.processedIn.includes(c)))
              fail("ORIGIN_NOT_CONSERVED", `lot ${o.lotId} drops a processing country`);
        }
        // I3: taint is monotone. Mixing or cutting never yields an output free of Russian/unknown content
        // or of the Russia export/transit flags when an input had them.
        const tainted = ins.some((l) => taintedMct(l.origin) > 0);
        const exp = Math.max(...ins.map((l) => flagRank(l.origin.exportedFromRU)));
        const tr = Math.max(...ins.map((l) => flagRank(l.origin.transitedRU)));
        for (const o of e.outputs) {
          if (tainted && taintedMct(o.origin) === 0)
            fail("ORIGIN_DILUTED", `lot ${o.lotId} would carry no Russian/unknown content from a tainted input`);
          if (flagRank(o.origin.exportedFromRU) < exp || flagRank(o.origin.transitedRU) < tr)
            fail("ORIGIN_DILUTED", `lot ${o.lotId} drops an "exported from / transited Russia" flag of its inputs`);
        }
        break;
      }
      case "GRADE": {
        this.requireRole(e, ["LAB"]);
        body(GradeBody, e);
        if (e.inputs.length !== 1) fail("WRONG_INPUT_COUNT", "GRADE grades one lot");
        const l = this.live(e.inputs[0] as string);
        if (!isPolished(l.lot)) fail("LOT_FORM_INVALID", "GRADE applies to polished lots");
        break;
      }
      case "G7_VERIFY": {
        this.requireRole(e, ["G7_NODE"]);
        const b = body(G7VerifyBody, e);
        if (e.inputs.length !== 1) fail("WRONG_INPUT_COUNT", "G7_VERIFY verifies one lot");
        const l = this.live(e.inputs[0] as string);
        if (b.result === "PASS" && (b.measuredWeightMct !== l.lot.weightMct || b.measuredPieces !== l.lot.pieces))
          fail(
            "G7_MEASUREMENT_MISMATCH",
            `measured ${b.measuredWeightMct} mct / ${b.measuredPieces} pcs, lot records ${l.lot.weightMct} / ${l.lot.pieces}`,
          );
        break;
      }
      case "AMEND":
      case "REVOKE": {
        const target = e.type === "AMEND" ? body(AmendBody, e).target : body(RevokeBody, e).target;
        const t = this.events.get(target);
        if (!t) fail("TARGET_NOT_FOUND", `event ${target} is not in the log`);
        if (e.time < t.event.time) fail("EVENT_PREDATES_INPUT", `${e.type} precedes its target`);
        if (t.event.actor !== e.actor && e.actor !== this.operator.partyId)
          fail(
            "ROLE_NOT_AUTHORISED",
            `only ${t.event.actor} or the operator may ${e.type.toLowerCase()} event ${target}`,
          );
        if (e.type === "REVOKE") {
          if (!["GRADE", "G7_VERIFY", "AMEND"].includes(t.event.type))
            fail("REVOKE_NOT_ALLOWED", `${t.event.type} cannot be revoked: correct it with new events`);
          if (t.revokedBy) fail("ALREADY_REVOKED", `event ${target} was revoked by ${t.revokedBy}`);
        }
        break;
      }
    }
    return id;
  }

  /** Applies an event that passed {@link check}. */
  apply(e: SignedEvent, id: string, seq: number): void {
    this.events.set(id, { seq, id, event: e, amendedBy: [] });
    this.order.push(id);
    const touch = (lotId: string) => {
      const l = this.lots.get(lotId);
      if (l) {
        l.events.push(id);
        if (e.time > l.lastTime) l.lastTime = e.time;
      }
    };
    for (const i of e.inputs) touch(i);
    for (const o of e.outputs)
      this.lots.set(o.lotId, { lot: o, holder: e.actor, createdBy: id, lastTime: e.time, events: [id] });
    switch (e.type) {
      case "REGISTER_PARTY":
        {
          const { party } = RegisterPartyBody.parse(e.body);
          this.parties.set(party.partyId, party);
        }
        break;
      case "KP_EXPORT": {
        const { certificate } = KpExportBody.parse(e.body);
        this.kp.set(certificate.certNo, { cert: certificate, exportEvent: id, lots: [...e.inputs] });
        for (const i of e.inputs) (this.lots.get(i) as LotState).inTransit = certificate.certNo;
        break;
      }
      case "KP_IMPORT": {
        const b = KpImportBody.parse(e.body);
        const rec = this.kp.get(b.certNo) as KpRecord;
        rec.importEvent = id;
        for (const i of e.inputs) {
          const l = this.lots.get(i) as LotState;
          l.inTransit = undefined;
          l.holder = rec.cert.importer;
        }
        break;
      }
      case "TRANSFER": {
        const { to } = TransferBody.parse(e.body);
        for (const i of e.inputs) (this.lots.get(i) as LotState).pending = { transfer: id, to };
        break;
      }
      case "ACCEPT":
        for (const i of e.inputs) {
          const l = this.lots.get(i) as LotState;
          l.pending = undefined;
          l.holder = e.actor;
        }
        break;
      case "SPLIT":
      case "MERGE":
      case "MANUFACTURE":
        for (const i of e.inputs) (this.lots.get(i) as LotState).consumedBy = id;
        break;
      case "AMEND":
      case "REVOKE": {
        const target = (e.body as { target: string }).target;
        const t = this.events.get(target) as EventRecord;
        if (e.type === "REVOKE") t.revokedBy = id;
        else t.amendedBy.push(id);
        for (const i of [...t.event.inputs, ...t.event.outputs.map((o) => o.lotId)]) touch(i);
        break;
      }
    }
  }

  /** The lot and every ancestor lot back to the mine registrations. */
  lineage(lotId: string): string[] {
    const seen = new Set<string>();
    const stack = [lotId];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (seen.has(id)) continue;
      const l = this.lot(id);
      seen.add(id);
      const created = this.events.get(l.createdBy);
      if (created) stack.push(...created.event.inputs);
    }
    return [...seen];
  }

  /** All events of a lot's lineage, in log order. */
  lineageEvents(lotId: string): EventRecord[] {
    const ids = new Set<string>();
    for (const l of this.lineage(lotId)) for (const ev of (this.lots.get(l) as LotState).events) ids.add(ev);
    // Every party registration, so a bundle carries the keys of every actor, exporter, importer and receiver.
    for (const id of this.order) if ((this.events.get(id) as EventRecord).event.type === "REGISTER_PARTY") ids.add(id);
    return [...ids].map((i) => this.events.get(i) as EventRecord).sort((a, b) => a.seq - b.seq);
  }
}
