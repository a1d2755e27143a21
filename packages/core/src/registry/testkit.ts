/**
 * A small world of parties and keys for tests, benchmarks and demos: builds REGISTER_PARTY events signed by the
 * operator and signs events on behalf of any party. Not for production keys.
 */
import { generateKeyPair, type KeyPair, sha256, toHex } from "./crypto.ts";
import { buildEvent, type EventInit, eventIdOf, signEvent } from "./events.ts";
import type { KpCertificate, Lot, Party, Role, SignedEvent } from "./model.ts";

export interface TestParty {
  party: Party;
  keys: KeyPair;
}

export const OPERATOR_ID = "operator";
export const OPERATOR_KEY_ID = "operator-1";

/** A set of parties with keys, and helpers to sign their events. */
export class TestWorld {
  readonly operator: KeyPair;
  readonly parties = new Map<string, TestParty>();
  private n = 0;

  constructor(
    readonly validFrom = "2020-01-01T00:00:00Z",
    operator?: KeyPair,
  ) {
    this.operator = operator ?? generateKeyPair();
  }

  /** Adds a party and returns its signed REGISTER_PARTY event. */
  addParty(partyId: string, country: string, roles: Role[], time = this.validFrom): SignedEvent {
    const keys = generateKeyPair();
    const party: Party = {
      partyId,
      legalName: `${partyId} Ltd`,
      country,
      roles,
      keys: [{ keyId: `${partyId}-k1`, publicKey: keys.publicKey, validFrom: this.validFrom }],
    };
    this.parties.set(partyId, { party, keys });
    return signEvent(
      buildEvent({
        type: "REGISTER_PARTY",
        time,
        actor: OPERATOR_ID,
        keyId: OPERATOR_KEY_ID,
        nonce: this.nonce(),
        body: { party },
      }),
      this.operator.secretKey,
    );
  }

  nonce(): string {
    this.n++;
    return `n-${this.n.toString().padStart(8, "0")}`;
  }

  /** Builds and signs an event for `actor`. */
  sign(actor: string, init: Omit<EventInit, "actor" | "keyId">): SignedEvent {
    const p = this.parties.get(actor);
    if (!p) throw new Error(`no test party ${actor}`);
    return signEvent(buildEvent({ nonce: this.nonce(), ...init, actor, keyId: `${actor}-k1` }), p.keys.secretKey);
  }

  /** The standard cast: miners in BW and RU, KP authorities, a Belgian trader, an Indian cutter, a lab, the Antwerp node. */
  standard(): SignedEvent[] {
    return [
      this.addParty("mine-bw", "BW", ["MINER"]),
      this.addParty("mine-ru", "RU", ["MINER"]),
      this.addParty("kp-bw", "BW", ["KP_AUTHORITY"]),
      this.addParty("kp-be", "BE", ["KP_AUTHORITY"]),
      this.addParty("trader-be", "BE", ["TRADER"]),
      this.addParty("cutter-in", "IN", ["MANUFACTURER", "TRADER"]),
      this.addParty("lab-us", "US", ["LAB"]),
      this.addParty("node-be", "BE", ["G7_NODE"]),
    ];
  }
}

/** A lot with sensible defaults; `origin` as weights per country. */
export function lot(
  lotId: string,
  weightMct: number,
  byCountry: Record<string, number>,
  extra: Partial<Omit<Lot, "origin">> & {
    unknownMct?: number;
    exportedFromRU?: boolean | "unknown";
    transitedRU?: boolean | "unknown";
    processedIn?: string[];
  } = {},
): Lot {
  const { unknownMct = 0, exportedFromRU = false, transitedRU = false, processedIn = [], ...rest } = extra;
  return {
    lotId,
    form: "ROUGH_PARCEL",
    cnCode: "71023100",
    nature: "NATURAL",
    industrial: false,
    weightMct,
    pieces: 1,
    ...rest,
    origin: { byCountry, unknownMct, exportedFromRU, transitedRU, processedIn },
  };
}

/** A deterministic fake document hash. */
export function docHash(name: string): string {
  return toHex(sha256(name));
}

/** A valid KP certificate for the demo world's 10 ct Botswana parcel (kp-bw → trader-be); override any field. */
export function kpCertificate(over: Partial<KpCertificate> = {}): KpCertificate {
  return {
    certNo: "BW-000123",
    issuingAuthority: "kp-bw",
    exporter: "mine-bw",
    importer: "trader-be",
    issuedOn: "2024-01-15",
    expiresOn: "2024-03-15",
    weightMct: 10_000,
    valueUsdCents: 50_000_000,
    parcelCount: 1,
    hsCodes: ["7102.31"],
    mixed: false,
    origins: [{ country: "BW" }],
    validatedBy: "kp-bw",
    documentSha256: docHash("kp"),
    ...over,
  };
}

/**
 * A demo lineage (after `w.standard()`): Botswana rough exported under a KP certificate to Belgium, verified at the
 * Antwerp node, sold to an Indian cutter, mixed with Russian rough, split, cut and graded. The polished `pol-1`
 * (1.2 ct) carries Russian content.
 */
export function demoLineage(w: TestWorld): SignedEvent[] {
  const out: SignedEvent[] = [];
  const T = (d: string) => `${d}T00:00:00Z`;
  const add = (actor: string, init: Omit<EventInit, "actor" | "keyId">): string => {
    const e = w.sign(actor, init);
    out.push(e);
    return eventIdOf(e);
  };
  add("mine-bw", {
    type: "REGISTER_ROUGH",
    time: T("2023-11-10"),
    outputs: [lot("bw-1", 10_000, { BW: 10_000 }, { pieces: 5 })],
  });
  add("mine-ru", {
    type: "REGISTER_ROUGH",
    time: T("2023-06-10"),
    outputs: [lot("ru-1", 2_000, { RU: 2_000 }, { pieces: 2 })],
  });
  add("kp-bw", {
    type: "KP_EXPORT",
    time: T("2023-11-20"),
    inputs: ["bw-1"],
    body: {
      certificate: kpCertificate({ issuedOn: "2023-11-15", expiresOn: "2024-02-15" }),
    },
  });
  add("kp-be", {
    type: "KP_IMPORT",
    time: T("2023-11-21"),
    inputs: ["bw-1"],
    body: { certNo: "BW-000123", receipt: { date: "2023-11-21", parcels: 1, weightMct: 10_000 } },
  });
  add("node-be", {
    type: "G7_VERIFY",
    time: T("2023-11-22"),
    inputs: ["bw-1"],
    body: { certificateNo: "G7-BE-1", result: "PASS", measuredWeightMct: 10_000, measuredPieces: 5 },
  });
  const t1 = add("trader-be", { type: "TRANSFER", time: T("2023-11-25"), inputs: ["bw-1"], body: { to: "cutter-in" } });
  add("cutter-in", { type: "ACCEPT", time: T("2023-11-26"), inputs: ["bw-1"], body: { transfer: t1 } });
  const t2 = add("mine-ru", { type: "TRANSFER", time: T("2023-11-25"), inputs: ["ru-1"], body: { to: "cutter-in" } });
  add("cutter-in", { type: "ACCEPT", time: T("2023-11-27"), inputs: ["ru-1"], body: { transfer: t2 } });
  add("cutter-in", {
    type: "MERGE",
    time: T("2023-11-28"),
    inputs: ["bw-1", "ru-1"],
    outputs: [lot("mix-1", 12_000, { BW: 10_000, RU: 2_000 }, { pieces: 7, exportedFromRU: "unknown" })],
  });
  add("cutter-in", {
    type: "SPLIT",
    time: T("2023-11-29"),
    inputs: ["mix-1"],
    outputs: [
      lot("mix-1a", 6_000, { BW: 5_000, RU: 1_000 }, { pieces: 3, exportedFromRU: "unknown" }),
      lot("mix-1b", 6_000, { BW: 5_000, RU: 1_000 }, { pieces: 4, exportedFromRU: "unknown" }),
    ],
  });
  add("cutter-in", {
    type: "MANUFACTURE",
    time: T("2024-02-10"),
    inputs: ["mix-1a"],
    outputs: [
      lot(
        "pol-1",
        1_200,
        { BW: 1_000, RU: 200 },
        { form: "POLISHED_STONE", cnCode: "71023900", processedIn: ["IN"], exportedFromRU: "unknown" },
      ),
      lot(
        "pol-2",
        800,
        { BW: 600, RU: 200 },
        { form: "POLISHED_STONE", cnCode: "71023900", processedIn: ["IN"], exportedFromRU: "unknown" },
      ),
    ],
    body: { loss: { weightMct: 4_000, byCountry: { BW: 3_400, RU: 600 }, unknownMct: 0 } },
  });
  add("lab-us", {
    type: "GRADE",
    time: T("2024-02-12"),
    inputs: ["pol-1"],
    body: { reportNo: "GIA-1", reportSha256: docHash("report") },
  });
  return out;
}
