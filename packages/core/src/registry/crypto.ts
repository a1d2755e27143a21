/**
 * Hashing and signatures, both through `node:crypto` (OpenSSL). Measured on this machine: Ed25519 verifies ≈ 16×
 * faster than the pure-JS `@noble/curves`, and one-shot SHA-256 is ≈ 2× (65-byte Merkle nodes) to ≈ 4× (700-byte
 * leaves) faster than `@noble/hashes`; both matter for the append rate. Keys travel as raw 32-byte values in
 * base64url; signatures are standard RFC 8032 Ed25519. The test suite cross-checks signatures with `@noble/curves`
 * and hashes with `@noble/hashes`.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hash,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { invalidInput } from "../errors/index.ts";

/**
 * SHA-256 of bytes (or of a string's UTF-8), as a plain `Uint8Array` (not a `Buffer`, so results compare equal to
 * other byte arrays under `deepStrictEqual`).
 */
export function sha256(data: Uint8Array | string): Uint8Array {
  const b = hash("sha256", data, "buffer");
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Lower-case hex SHA-256 of a string's UTF-8 (or of bytes) in one call (event ids). */
export function sha256Hex(data: Uint8Array | string): string {
  return hash("sha256", data, "hex");
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}
export function fromHex(s: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/i.test(s)) throw invalidInput("BAD_HEX", "not a hex string");
  return new Uint8Array(Buffer.from(s, "hex"));
}
export function toB64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64");
}
/** Strict standard base64 (RFC 4648 §4, padded); anything else is rejected rather than silently repaired. */
export function fromB64(s: string): Uint8Array {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s))
    throw invalidInput("BAD_BASE64", "not standard padded base64");
  return new Uint8Array(Buffer.from(s, "base64"));
}
export function toB64u(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64url");
}
export function fromB64u(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw invalidInput("BAD_BASE64URL", "not base64url");
  return new Uint8Array(Buffer.from(s, "base64url"));
}

/** An Ed25519 key pair as raw 32-byte values, base64url-encoded. */
export interface KeyPair {
  publicKey: string;
  secretKey: string;
}

const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const pubCache = new Map<string, KeyObject>();
const secCache = new Map<string, KeyObject>();

/** A fresh Ed25519 key pair from the OS CSPRNG. */
export function generateKeyPair(): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const pub = publicKey.export({ format: "der", type: "spki" }).subarray(SPKI_PREFIX.length);
  const sec = privateKey.export({ format: "der", type: "pkcs8" }).subarray(PKCS8_PREFIX.length);
  return { publicKey: toB64u(pub), secretKey: toB64u(sec) };
}

function pubKeyObject(publicKey: string): KeyObject {
  let k = pubCache.get(publicKey);
  if (!k) {
    const raw = fromB64u(publicKey);
    if (raw.length !== 32) throw invalidInput("BAD_PUBLIC_KEY", "an Ed25519 public key is 32 bytes");
    k = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: "der", type: "spki" });
    if (pubCache.size > 10_000) pubCache.clear();
    pubCache.set(publicKey, k);
  }
  return k;
}

function secKeyObject(secretKey: string): KeyObject {
  let k = secCache.get(secretKey);
  if (!k) {
    const raw = fromB64u(secretKey);
    if (raw.length !== 32) throw invalidInput("BAD_SECRET_KEY", "an Ed25519 secret key is 32 bytes");
    k = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: "der", type: "pkcs8" });
    if (secCache.size > 1_000) secCache.clear();
    secCache.set(secretKey, k);
  }
  return k;
}

/** The public key of a secret key. */
export function publicKeyOf(secretKey: string): string {
  const pub = createPublicKey(secKeyObject(secretKey)).export({ format: "der", type: "spki" });
  return toB64u(pub.subarray(SPKI_PREFIX.length));
}

/** Ed25519 signature (64 bytes) of `msg`. */
export function ed25519Sign(msg: Uint8Array, secretKey: string): Uint8Array {
  return new Uint8Array(sign(null, msg, secKeyObject(secretKey)));
}

/** Verifies an Ed25519 signature; malformed keys or signatures verify as false. */
export function ed25519Verify(sig: Uint8Array, msg: Uint8Array, publicKey: string): boolean {
  try {
    if (sig.length !== 64) return false;
    return verify(null, msg, pubKeyObject(publicKey), sig);
  } catch {
    return false;
  }
}

/**
 * Asynchronous verification on libuv's thread pool (node:crypto's callback form), so a batch of signatures is
 * checked in parallel with the main thread. Malformed input resolves to false.
 */
export function ed25519VerifyAsync(sig: Uint8Array, msg: Uint8Array, publicKey: string): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      if (sig.length !== 64) return resolve(false);
      verify(null, msg, pubKeyObject(publicKey), sig, (err, ok) => resolve(!err && ok));
    } catch {
      resolve(false);
    }
  });
}
