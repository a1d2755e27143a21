/**
 * A clearly labelled DEMO registry: fictional parties and lots (every id starts `DEMO-`, every party's legal name
 * says "DEMO … (fictional)") tracing a realistic case — Botswana rough certified under the Kimberley Process and
 * verified at the Antwerp G7 node, Russian rough, both bought by an Indian cutter who merges them, splits the mix
 * and cuts polished stones that therefore carry Russian content. Seeded only through the registry's public API
 * (signed events appended with {@link Registry.appendBatch}), so the demo is checked by the same invariants as real
 * data. Nothing here is a real company, certificate or shipment.
 */
import { EmbargoError } from "../errors/index.ts";
import { generateKeyPair, type KeyPair, publicKeyOf } from "./crypto.ts";
import { buildEvent, type EventInit, eventIdOf, signEvent } from "./events.ts";
import type { Party, Role, SignedEvent } from "./model.ts";
import type { BatchRow, Registry } from "./registry.ts";
import { docHash, kpCertificate, lot } from "./testkit.ts";

/** Every demo party and lot id starts with this, so demo data is never mistaken for a real record. */
export const DEMO_PREFIX = "DEMO-";

/** The demo's lots: the polished stone to look at first, the rough that was merged away, and the rest. */
export const DEMO_LOTS = {
  polished: "DEMO-POL-1",
  polishedSibling: "DEMO-POL-2",
  botswanaRough: "DEMO-BW-ROUGH-1",
  russianRough: "DEMO-RU-ROUGH-1",
  merged: "DEMO-MIX-1",
  splitA: "DEMO-MIX-1A",
  splitB: "DEMO-MIX-1B",
} as const;

const CAST: { id: string; name: string; country: string; roles: Role[] }[] = [
  { id: "DEMO-MINE-BW", name: "DEMO Kalahari Mining (fictional)", country: "BW", roles: ["MINER"] },
  { id: "DEMO-MINE-RU", name: "DEMO Yakutia Mining (fictional)", country: "RU", roles: ["MINER"] },
  { id: "DEMO-KP-BW", name: "DEMO Botswana KP authority (fictional)", country: "BW", roles: ["KP_AUTHORITY"] },
  { id: "DEMO-KP-BE", name: "DEMO Belgian KP authority (fictional)", country: "BE", roles: ["KP_AUTHORITY"] },
  { id: "DEMO-TRADER-BE", name: "DEMO Antwerp Rough Trading (fictional)", country: "BE", roles: ["TRADER"] },
  {
    id: "DEMO-CUTTER-IN",
    name: "DEMO Surat Cutting Works (fictional)",
    country: "IN",
    roles: ["MANUFACTURER", "TRADER"],
  },
  { id: "DEMO-LAB-US", name: "DEMO Grading Laboratory (fictional)", country: "US", roles: ["LAB"] },
  { id: "DEMO-NODE-BE", name: "DEMO Antwerp G7 verification node (fictional)", country: "BE", roles: ["G7_NODE"] },
];

const VALID_FROM = "2020-01-01T00:00:00Z";
const T = (d: string) => `${d}T00:00:00Z`;

/**
 * The demo's signed events: party registrations signed by the operator (`operatorSecretKey`, the registry's own),
 * then the lineage signed by fresh demo party keys. Dates are fixed (2023–2024), so the story reads the same every
 * time; the keys are new each call (demo keys are never kept).
 */
export function demoEvents(
  operatorSecretKey: string,
  operator: { partyId: string; keyId: string } = { partyId: "operator", keyId: "operator-1" },
): SignedEvent[] {
  const keys = new Map<string, KeyPair>();
  let n = 0;
  const nonce = () => `demo-${String(++n).padStart(6, "0")}`;
  const out: SignedEvent[] = [];
  for (const c of CAST) {
    const k = generateKeyPair();
    keys.set(c.id, k);
    const party: Party = {
      partyId: c.id,
      legalName: c.name,
      country: c.country,
      roles: c.roles,
      keys: [{ keyId: `${c.id}-k1`, publicKey: k.publicKey, validFrom: VALID_FROM }],
    };
    out.push(
      signEvent(
        buildEvent({
          type: "REGISTER_PARTY",
          time: VALID_FROM,
          actor: operator.partyId,
          keyId: operator.keyId,
          nonce: nonce(),
          body: { party },
        }),
        operatorSecretKey,
      ),
    );
  }
  const add = (actor: string, init: Omit<EventInit, "actor" | "keyId">): string => {
    const k = keys.get(actor);
    if (!k) throw new EmbargoError({ code: "DEMO_PARTY", category: "internal", message: `no demo party ${actor}` });
    const e = signEvent(buildEvent({ nonce: nonce(), ...init, actor, keyId: `${actor}-k1` }), k.secretKey);
    out.push(e);
    return eventIdOf(e);
  };
  const L = DEMO_LOTS;
  add("DEMO-MINE-BW", {
    type: "REGISTER_ROUGH",
    time: T("2023-11-10"),
    outputs: [lot(L.botswanaRough, 10_000, { BW: 10_000 }, { pieces: 5 })],
  });
  add("DEMO-MINE-RU", {
    type: "REGISTER_ROUGH",
    time: T("2023-06-10"),
    outputs: [lot(L.russianRough, 2_000, { RU: 2_000 }, { pieces: 2 })],
  });
  add("DEMO-KP-BW", {
    type: "KP_EXPORT",
    time: T("2023-11-20"),
    inputs: [L.botswanaRough],
    body: {
      certificate: kpCertificate({
        certNo: "BW-DEMO-000123",
        issuingAuthority: "DEMO-KP-BW",
        exporter: "DEMO-MINE-BW",
        importer: "DEMO-TRADER-BE",
        validatedBy: "DEMO-KP-BW",
        issuedOn: "2023-11-15",
        expiresOn: "2024-02-15",
        documentSha256: docHash("DEMO KP certificate BW-DEMO-000123"),
      }),
    },
  });
  add("DEMO-KP-BE", {
    type: "KP_IMPORT",
    time: T("2023-11-21"),
    inputs: [L.botswanaRough],
    body: { certNo: "BW-DEMO-000123", receipt: { date: "2023-11-21", parcels: 1, weightMct: 10_000 } },
  });
  add("DEMO-NODE-BE", {
    type: "G7_VERIFY",
    time: T("2023-11-22"),
    inputs: [L.botswanaRough],
    body: { certificateNo: "G7-BE-DEMO-1", result: "PASS", measuredWeightMct: 10_000, measuredPieces: 5 },
  });
  const t1 = add("DEMO-TRADER-BE", {
    type: "TRANSFER",
    time: T("2023-11-25"),
    inputs: [L.botswanaRough],
    body: { to: "DEMO-CUTTER-IN" },
  });
  add("DEMO-CUTTER-IN", { type: "ACCEPT", time: T("2023-11-26"), inputs: [L.botswanaRough], body: { transfer: t1 } });
  const t2 = add("DEMO-MINE-RU", {
    type: "TRANSFER",
    time: T("2023-11-25"),
    inputs: [L.russianRough],
    body: { to: "DEMO-CUTTER-IN" },
  });
  add("DEMO-CUTTER-IN", { type: "ACCEPT", time: T("2023-11-27"), inputs: [L.russianRough], body: { transfer: t2 } });
  add("DEMO-CUTTER-IN", {
    type: "MERGE",
    time: T("2023-11-28"),
    inputs: [L.botswanaRough, L.russianRough],
    outputs: [lot(L.merged, 12_000, { BW: 10_000, RU: 2_000 }, { pieces: 7, exportedFromRU: "unknown" })],
  });
  add("DEMO-CUTTER-IN", {
    type: "SPLIT",
    time: T("2023-11-29"),
    inputs: [L.merged],
    outputs: [
      lot(L.splitA, 6_000, { BW: 5_000, RU: 1_000 }, { pieces: 3, exportedFromRU: "unknown" }),
      lot(L.splitB, 6_000, { BW: 5_000, RU: 1_000 }, { pieces: 4, exportedFromRU: "unknown" }),
    ],
  });
  add("DEMO-CUTTER-IN", {
    type: "MANUFACTURE",
    time: T("2024-02-10"),
    inputs: [L.splitA],
    outputs: [
      lot(
        L.polished,
        1_200,
        { BW: 1_000, RU: 200 },
        { form: "POLISHED_STONE", cnCode: "71023900", processedIn: ["IN"], exportedFromRU: "unknown" },
      ),
      lot(
        L.polishedSibling,
        800,
        { BW: 600, RU: 200 },
        { form: "POLISHED_STONE", cnCode: "71023900", processedIn: ["IN"], exportedFromRU: "unknown" },
      ),
    ],
    body: { loss: { weightMct: 4_000, byCountry: { BW: 3_400, RU: 600 }, unknownMct: 0 } },
  });
  add("DEMO-LAB-US", {
    type: "GRADE",
    time: T("2024-02-12"),
    inputs: [L.polished],
    body: { reportNo: "DEMO-GRADING-1", reportSha256: docHash("DEMO grading report 1") },
  });
  return out;
}

/** What seeding did. */
export interface DemoSeed {
  /** False when the demo was already in the registry (seeding twice adds nothing). */
  seeded: boolean;
  events: number;
  lots: string[];
  /** The lot to open first. */
  start: string;
  note: string;
}

const NOTE =
  "DEMO data: fictional parties and lots (ids start DEMO-), for trying the registry; not a real record of any diamond.";

/**
 * Appends the demo to `registry` through its public API, once: when the demo's first party is already registered,
 * nothing is appended. The operator key must be the registry's own (party registrations are operator-signed).
 */
export async function seedDemoRegistry(registry: Registry, operatorSecretKey: string): Promise<DemoSeed> {
  const lots = Object.values(DEMO_LOTS);
  const base = { lots, start: DEMO_LOTS.polished, note: NOTE };
  if (registry.view.parties.has(CAST[0]?.id ?? "")) return { seeded: false, events: 0, ...base };
  if (publicKeyOf(operatorSecretKey) !== registry.identity.operator.publicKey)
    throw new EmbargoError({
      code: "DEMO_OPERATOR_KEY",
      category: "invalid_input",
      message: "the demo's party registrations must be signed with this registry's operator key",
    });
  const rows: BatchRow[] = await registry.appendBatch(demoEvents(operatorSecretKey, registry.identity.operator));
  const bad = rows.find((r) => !r.ok);
  if (bad && !bad.ok)
    throw new EmbargoError({
      code: "DEMO_EVENT_REFUSED",
      category: "internal",
      message: `demo event ${bad.index} refused: ${bad.error.code}: ${bad.error.message}`,
    });
  return { seeded: true, events: rows.length, ...base };
}
