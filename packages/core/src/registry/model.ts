/**
 * The registry's data model (zod). Weights are integer milli-carats (1 ct = 1000 mct = 200 mg) carried as JSON
 * safe integers — exact, and far above any real lot (2^53 mct ≈ 9·10^12 ct). Country codes are ISO 3166-1 alpha-2.
 */
import { z } from "zod";
import { CalendarDate } from "../runtime/calendar-date.ts";

export const Alpha2 = z.string().regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2 code");
export const Mct = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
export const IsoTime = z.iso.datetime({ offset: false });
export const Id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:\-/]+$/, "identifier: letters, digits, . _ : - /");
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "lower-case hex SHA-256");

/** Party roles. */
export const Role = z.enum([
  "MINER",
  "KP_AUTHORITY", // exporting/importing Kimberley Process authority
  "TRADER",
  "MANUFACTURER", // cutter/polisher
  "LAB",
  "G7_NODE", // verification node (e.g. the Antwerp Diamond Office)
  "CUSTOMS",
]);
export type Role = z.infer<typeof Role>;

export const PartyKey = z.object({
  keyId: Id,
  /** Raw 32-byte Ed25519 public key, base64url. */
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  validFrom: IsoTime,
  validTo: IsoTime.optional(),
});

export const Party = z.object({
  partyId: Id,
  legalName: z.string().min(1).max(300),
  country: Alpha2,
  roles: z.array(Role).min(1),
  keys: z.array(PartyKey).min(1),
});
export type Party = z.infer<typeof Party>;

/** Kimberley Process certificate: the minimum contents of KPCS Annex I (same list in 31 CFR § 592.307). */
export const KpCertificate = z.object({
  /** Opaque, prefixed with the ISO alpha-2 code of the issuing participant (Annex I item 3). */
  certNo: z.string().regex(/^[A-Z]{2}[A-Za-z0-9\-/ .]{1,60}$/),
  issuingAuthority: Id,
  exporter: Id,
  importer: Id,
  issuedOn: CalendarDate,
  expiresOn: CalendarDate,
  weightMct: Mct,
  valueUsdCents: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  parcelCount: z.number().int().positive(),
  hsCodes: z.array(z.string().regex(/^\d{4}(\.?\d{2})?$/)).min(1),
  /** Unmixed parcels state one country of origin; mixed ones list the countries (EU: required from 2025-03-01). */
  mixed: z.boolean(),
  origins: z.array(z.object({ country: Alpha2, sharePct: z.number().min(0).max(100).optional() })),
  validatedBy: Id,
  documentSha256: Sha256Hex,
});
export type KpCertificate = z.infer<typeof KpCertificate>;

export const Tri = z.union([z.boolean(), z.literal("unknown")]);

/** Origin: weight per mining country plus unknown, always summing to the lot weight; Russia flags. */
export const Origin = z.object({
  byCountry: z.record(Alpha2, Mct),
  unknownMct: Mct,
  exportedFromRU: Tri,
  transitedRU: Tri,
  /** Countries where the goods were processed (cut, polished, set), in order. */
  processedIn: z.array(Alpha2),
});
export type Origin = z.infer<typeof Origin>;

export const LotForm = z.enum(["ROUGH_STONE", "ROUGH_PARCEL", "POLISHED_STONE", "POLISHED_PARCEL", "ARTICLE"]);
export type LotForm = z.infer<typeof LotForm>;

export const Lot = z.object({
  lotId: Id,
  form: LotForm,
  /** CN/HS code as declared, digits only (e.g. 71023100). */
  cnCode: z.string().regex(/^\d{4,10}$/),
  nature: z.enum(["NATURAL", "SYNTHETIC"]),
  industrial: z.boolean(),
  weightMct: Mct,
  pieces: z.number().int().positive(),
  /** Per-stone weights when known (for ARTICLE: the set stones). */
  stones: z.array(z.object({ stoneId: Id, weightMct: Mct })).optional(),
  /** For parcels without per-stone data: the heaviest stone. Absent ⇒ counted as above every threshold. */
  maxStoneMct: Mct.optional(),
  origin: Origin,
});
export type Lot = z.infer<typeof Lot>;

export const Evidence = z.object({
  docId: Id,
  kind: z.enum([
    "INVOICE",
    "KP_CERT",
    "G7_CERT",
    "LAB_REPORT",
    "TRANSPORT",
    "SELF_DECLARATION",
    "DDS_DIAMOND_ORIGIN",
    "PACKING_LIST",
    "GRANDFATHERING",
    "LICENCE",
    "SCAN",
    "PHOTO",
  ]),
  sha256: Sha256Hex,
  issuer: z.string().min(1).max(300),
});
export type Evidence = z.infer<typeof Evidence>;

export const EventType = z.enum([
  "REGISTER_PARTY",
  "REGISTER_ROUGH",
  "KP_EXPORT",
  "KP_IMPORT",
  "TRANSFER",
  "ACCEPT",
  "SPLIT",
  "MERGE",
  "MANUFACTURE",
  "GRADE",
  "G7_VERIFY",
  "AMEND",
  "REVOKE",
]);
export type EventType = z.infer<typeof EventType>;

/** The signed part of every event. `eventId = hex(SHA-256(JCS(envelope)))`; `sig = Ed25519(key, eventId bytes)`. */
export const Envelope = z.object({
  type: EventType,
  version: z.literal(1),
  time: IsoTime,
  actor: Id,
  keyId: Id,
  /** Client-chosen uniqueness (a replay of the same bytes has the same id and is refused). */
  nonce: z.string().min(8).max(64),
  parents: z.array(Sha256Hex),
  inputs: z.array(Id),
  outputs: z.array(Lot),
  evidence: z.array(Evidence),
  body: z.record(z.string(), z.unknown()),
});
export type Envelope = z.infer<typeof Envelope>;

export const SignedEvent = Envelope.extend({
  /** Ed25519 signature over the 32 bytes of the event id, base64url. */
  sig: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
});
export type SignedEvent = z.infer<typeof SignedEvent>;

// Event bodies.
export const RegisterPartyBody = z.object({ party: Party });
export const KpExportBody = z.object({ certificate: KpCertificate });
export const KpImportBody = z.object({
  certNo: z.string(),
  receipt: z.object({ date: CalendarDate, parcels: z.number().int().positive(), weightMct: Mct }),
});
export const TransferBody = z.object({ to: Id });
export const AcceptBody = z.object({ transfer: Sha256Hex });
export const ManufactureBody = z.object({
  /** Declared loss, with its origin breakdown, so per-country conservation stays exact. */
  loss: z.object({ weightMct: Mct, byCountry: z.record(Alpha2, Mct), unknownMct: Mct }),
});
export const GradeBody = z.object({ reportNo: z.string().min(1).max(100), reportSha256: Sha256Hex });
export const G7VerifyBody = z.object({
  certificateNo: z.string().min(1).max(100),
  result: z.enum(["PASS", "FAIL"]),
  measuredWeightMct: Mct,
  measuredPieces: z.number().int().positive(),
});
export const AmendBody = z.object({ target: Sha256Hex, note: z.string().min(1).max(2000) });
export const RevokeBody = z.object({ target: Sha256Hex, reason: z.string().min(1).max(2000) });
