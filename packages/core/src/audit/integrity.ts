/**
 * Integrity checks of audit records, usable offline (no database): a record's inclusion proof in a signed
 * checkpoint, and the consistency of two checkpoints of the same log. What `embargo audit verify` and
 * `GET /v1/audit/{id}/verify` run, and what a third party can run on the JSON of `GET /v1/audit/{id}`.
 */
import { openCheckpoint, verifierKey as verifierKeyOf } from "../registry/checkpoint.ts";
import { fromB64, sha256Hex, toB64u, toHex } from "../registry/crypto.ts";
import { canonicalize } from "../registry/jcs.ts";
import { leafHashOfText, verifyConsistency, verifyInclusion } from "../registry/merkle.ts";
import type { AuditProof } from "./log.ts";
import { auditEntrySchema, digestOf } from "./model.ts";

/** The outcome of an integrity check: `ok` only when `problems` is empty. */
export interface IntegrityReport {
  ok: boolean;
  problems: string[];
}

/** The Ed25519 public key (base64url) inside a C2SP verifier key `<name>+<hex id>+<base64(0x01 ‖ key)>`. */
export function publicKeyOfVerifierKey(vkey: string): { name: string; publicKey: string } | undefined {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(vkey);
  if (!m) return undefined;
  const raw = fromB64(m[3] as string);
  if (raw.length !== 33 || raw[0] !== 1) return undefined;
  const publicKey = toB64u(raw.slice(1));
  const name = m[1] as string;
  // The key id must be the one the name and key give (a verifier key edited by hand does not pass).
  return verifierKeyOf(name, publicKey) === vkey ? { name, publicKey } : undefined;
}

/**
 * Verifies a record's proof: the record is a well-formed entry whose canonical text hashes to its id and leaf
 * hash, the checkpoint note is signed by the log key (`trustedVerifierKey` when given, else the key the proof
 * names — then the caller should compare it with the key it pinned), and the inclusion proof leads from the
 * leaf to the signed root.
 */
export function verifyAuditProof(proof: AuditProof, o: { trustedVerifierKey?: string } = {}): IntegrityReport {
  const problems: string[] = [];
  const { id, seq, ...rest } = proof.record;
  const parsed = auditEntrySchema.safeParse(rest);
  if (!parsed.success) return { ok: false, problems: ["the record is not a well-formed audit entry"] };
  const leaf = canonicalize(parsed.data);
  if (sha256Hex(leaf) !== id) problems.push("the record's content does not hash to its id");
  if (digestOf(parsed.data.request) !== parsed.data.inputDigest)
    problems.push("the recorded request does not match its input digest");
  const lh = leafHashOfText(leaf);
  if (toHex(lh) !== proof.leafHash) problems.push("the leaf hash does not match the record");
  const vkey = o.trustedVerifierKey ?? proof.verifierKey;
  if (o.trustedVerifierKey !== undefined && proof.verifierKey !== o.trustedVerifierKey)
    problems.push("the proof names another log key than the trusted one");
  const key = publicKeyOfVerifierKey(vkey);
  if (!key) return { ok: false, problems: [...problems, "the log's verifier key is malformed"] };
  let size = -1;
  let root = "";
  try {
    const cp = openCheckpoint(proof.checkpoint.note, key.name, key.publicKey);
    size = cp.size;
    root = cp.root;
    if (cp.size !== proof.checkpoint.size || cp.root !== proof.checkpoint.root)
      problems.push("the checkpoint fields differ from its signed note");
  } catch (e) {
    return { ok: false, problems: [...problems, `checkpoint: ${(e as Error).message}`] };
  }
  let path: Uint8Array[];
  try {
    path = proof.inclusionProof.map(fromB64);
  } catch {
    return { ok: false, problems: [...problems, "the inclusion proof is not base64"] };
  }
  if (!verifyInclusion(seq, size, lh, path, fromB64(root)))
    problems.push(`record ${seq} is not included in the signed checkpoint of size ${size}`);
  return { ok: problems.length === 0, problems };
}

/** Verifies that the checkpoint `newer` extends `older` (same log, nothing rewritten): RFC 9162 §2.1.4. */
export function verifyAuditConsistency(
  older: { size: number; root: string },
  newer: { size: number; root: string },
  proof: string[],
): IntegrityReport {
  const ok = verifyConsistency(older.size, newer.size, fromB64(older.root), fromB64(newer.root), proof.map(fromB64));
  return { ok, problems: ok ? [] : [`checkpoint ${newer.size} is not consistent with checkpoint ${older.size}`] };
}
