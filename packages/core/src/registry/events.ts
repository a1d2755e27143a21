/** Building, signing and verifying events. */
import { EmbargoError, issuesFromZod } from "../errors/index.ts";
import { fail } from "./codes.ts";
import {
  ed25519Sign,
  ed25519Verify,
  fromB64u,
  fromHex,
  generateKeyPair,
  type KeyPair,
  sha256,
  sha256Hex,
  toB64u,
  toHex,
} from "./crypto.ts";
import { canonicalBytes, canonicalize } from "./jcs.ts";
import { Envelope, type EventType, type Evidence, type Lot, SignedEvent } from "./model.ts";

export { generateKeyPair, type KeyPair };

/** `hex(SHA-256(JCS(envelope)))` — the event id, computed over everything but the signature. */
export function eventIdOf(e: Envelope | SignedEvent): string {
  const { sig: _sig, ...env } = e as SignedEvent;
  return sha256Hex(canonicalize(env));
}

/**
 * The event id and the leaf text (JCS of the signed event) from ONE canonicalisation: in sorted key order `sig`
 * falls just before the top-level `time`, which is the last `,"time":"` in the text (every nested member comes
 * earlier, under `body`, `evidence`, `inputs`, `outputs` or `parents`). Tested against `canonicalize(event)`.
 */
export function idAndLeaf(e: SignedEvent): { id: string; leaf: string } {
  const { sig, ...env } = e;
  const text = canonicalize(env);
  const at = text.lastIndexOf(',"time":"');
  const leaf = `${text.slice(0, at)},"sig":${JSON.stringify(sig)}${text.slice(at)}`;
  return { id: sha256Hex(text), leaf };
}

/** The log leaf: the JCS bytes of the signed event. */
export function leafBytes(e: SignedEvent): Uint8Array {
  return canonicalBytes(e);
}

/** Input for {@link buildEvent}; defaults: version 1, empty arrays and body, random nonce. */
export interface EventInit {
  type: EventType;
  time: string;
  actor: string;
  keyId: string;
  nonce?: string;
  parents?: string[];
  inputs?: string[];
  outputs?: Lot[];
  evidence?: Evidence[];
  body?: Record<string, unknown>;
}

let counter = 0;
function randomNonce(): string {
  counter = (counter + 1) % 1_000_000;
  return toHex(sha256(`${Math.random()}:${Date.now()}:${counter}`)).slice(0, 24);
}

/** Builds an unsigned envelope. */
export function buildEvent(init: EventInit): Envelope {
  return {
    type: init.type,
    version: 1,
    time: init.time,
    actor: init.actor,
    keyId: init.keyId,
    nonce: init.nonce ?? randomNonce(),
    parents: init.parents ?? [],
    inputs: init.inputs ?? [],
    outputs: init.outputs ?? [],
    evidence: init.evidence ?? [],
    body: init.body ?? {},
  };
}

/** Signs an envelope: Ed25519 over the 32 bytes of its event id. */
export function signEvent(env: Envelope, secretKey: string): SignedEvent {
  const id = eventIdOf(env);
  return { ...env, sig: toB64u(ed25519Sign(fromHex(id), secretKey)) };
}

/** Parses untrusted input with `schema`; `EVENT_INVALID` naming every path at fault otherwise. */
function parseOrInvalid<T>(
  schema: {
    safeParse(
      raw: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { code: string; message: string; path: PropertyKey[] }[] } };
  },
  raw: unknown,
): T {
  const r = schema.safeParse(raw);
  if (!r.success)
    throw new EmbargoError({
      code: "EVENT_INVALID",
      category: "invalid_input",
      message: "event does not match the schema",
      issues: issuesFromZod(r.error),
    });
  return r.data;
}

/** Validates the shape of an untrusted event (zod), returning it typed; `EVENT_INVALID` otherwise. */
export function parseEvent(raw: unknown): SignedEvent {
  return parseOrInvalid<SignedEvent>(SignedEvent, raw);
}

/** Checks `sig` against `publicKey`; throws `BAD_SIGNATURE`. Returns the event id. */
export function verifyEventSignature(e: SignedEvent, publicKey: string): string {
  const id = eventIdOf(e);
  let sig: Uint8Array;
  try {
    sig = fromB64u(e.sig);
  } catch {
    fail("BAD_SIGNATURE", "signature is not base64url");
  }
  if (!ed25519Verify(sig, fromHex(id), publicKey))
    fail("BAD_SIGNATURE", `signature of event ${id} does not verify with key ${e.keyId} of ${e.actor}`);
  return id;
}

/** Parses an envelope without signature (e.g. for signing a draft). */
export function parseEnvelope(raw: unknown): Envelope {
  return parseOrInvalid<Envelope>(Envelope, raw);
}
