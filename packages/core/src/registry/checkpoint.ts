/**
 * Signed checkpoints in the C2SP tlog-checkpoint format: a C2SP signed note whose body is
 * `<origin>\n<tree size>\n<base64 root>\n`, followed by a blank line and one signature line
 * `— <key name> <base64(4-byte key ID ‖ Ed25519 signature)>`. Key ID = first 4 bytes of
 * SHA-256(<key name> ‖ "\n" ‖ 0x01 ‖ public key), 0x01 being the Ed25519 signature type (C2SP signed-note).
 */
import { fail } from "./codes.ts";
import { ed25519Sign, ed25519Verify, fromB64, fromB64u, sha256, toB64 } from "./crypto.ts";

const enc = new TextEncoder();

export interface Checkpoint {
  origin: string;
  size: number;
  /** Base64 root hash. */
  root: string;
}

/** The note verifier key string `<name>+<hex key id>+<base64(0x01 ‖ pub)>` (as used by Go's sumdb note). */
export function verifierKey(name: string, publicKey: string): string {
  const pub = fromB64u(publicKey);
  const id = keyId(name, pub);
  return `${name}+${Buffer.from(id).toString("hex")}+${toB64(new Uint8Array([1, ...pub]))}`;
}

function keyId(name: string, pub: Uint8Array): Uint8Array {
  return sha256(new Uint8Array([...enc.encode(name), 0x0a, 0x01, ...pub])).slice(0, 4);
}

/** The checkpoint body text. */
export function checkpointBody(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${c.root}\n`;
}

/** Signs a checkpoint as a C2SP signed note. `name` is the key name (conventionally the origin). */
export function signCheckpoint(c: Checkpoint, name: string, secretKey: string, publicKey: string): string {
  const bodyText = checkpointBody(c);
  const sig = ed25519Sign(enc.encode(bodyText), secretKey);
  const id = keyId(name, fromB64u(publicKey));
  return `${bodyText}\n— ${name} ${toB64(new Uint8Array([...id, ...sig]))}\n`;
}

/**
 * Parses a signed checkpoint note and verifies its signature by `name`/`publicKey`.
 * Throws `LOG_INTEGRITY` if malformed or unsigned by that key.
 */
export function openCheckpoint(note: string, name: string, publicKey: string): Checkpoint {
  const split = note.indexOf("\n\n");
  if (split < 0) fail("LOG_INTEGRITY", "checkpoint note has no signature block");
  const bodyText = note.slice(0, split + 1);
  const lines = bodyText.split("\n");
  const [origin, sizeText, root] = lines;
  if (origin === undefined || !sizeText || !/^(0|[1-9]\d*)$/.test(sizeText) || !root)
    fail("LOG_INTEGRITY", "checkpoint body is malformed");
  const pub = fromB64u(publicKey);
  const want = keyId(name, pub);
  for (const line of note.slice(split + 2).split("\n")) {
    const m = /^— (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const raw = fromB64(m[2] as string);
    if (raw.length !== 68 || !raw.slice(0, 4).every((b, i) => b === want[i])) continue;
    if (ed25519Verify(raw.slice(4), enc.encode(bodyText), publicKey)) return { origin, size: Number(sizeText), root };
  }
  return fail("LOG_INTEGRITY", `checkpoint is not signed by ${name}`);
}
