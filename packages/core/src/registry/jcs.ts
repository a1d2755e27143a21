/**
 * RFC 8785 JSON Canonicalization Scheme (JCS). Objects: members sorted by their names' UTF-16 code units;
 * strings: ECMAScript JSON.stringify escaping; numbers: ECMAScript Number-to-String (the shortest round-trip
 * form, `1e+21`, `1e-7`, `-0` → `0`). Non-finite numbers, lone surrogates, `undefined` members inside arrays,
 * bigints and functions are rejected, so every accepted value has exactly one byte representation.
 */
import { invalidInput } from "../errors/index.ts";

const encoder = new TextEncoder();

function fail(message: string): never {
  throw invalidInput("JCS_UNSUPPORTED_VALUE", message);
}

function str(s: string): string {
  // Lone surrogates cannot be represented in I-JSON (RFC 7493 §2.1), which JCS requires.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) fail("string contains a lone surrogate");
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) fail("string contains a lone surrogate");
  }
  return JSON.stringify(s);
}

function ser(v: unknown, out: string[]): void {
  if (v === null) {
    out.push("null");
    return;
  }
  switch (typeof v) {
    case "boolean":
      out.push(v ? "true" : "false");
      return;
    case "number":
      if (!Number.isFinite(v)) fail(`number ${v} is not representable in JSON`);
      // ECMAScript Number::toString is exactly RFC 8785 §3.2.2.3; JSON.stringify(-0) gives "0".
      out.push(JSON.stringify(v));
      return;
    case "string":
      out.push(str(v));
      return;
    case "object": {
      if (Array.isArray(v)) {
        out.push("[");
        v.forEach((x, i) => {
          if (i > 0) out.push(",");
          if (x === undefined || typeof x === "function") fail("arrays may not contain undefined");
          ser(x, out);
        });
        out.push("]");
        return;
      }
      const o = v as Record<string, unknown>;
      if (typeof (o as { toJSON?: unknown }).toJSON === "function") {
        ser((o as { toJSON(): unknown }).toJSON(), out);
        return;
      }
      // Default sort compares UTF-16 code units, as RFC 8785 §3.2.3 requires.
      const keys = Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort();
      out.push("{");
      keys.forEach((k, i) => {
        if (i > 0) out.push(",");
        out.push(str(k), ":");
        ser(o[k], out);
      });
      out.push("}");
      return;
    }
    default:
      fail(`${typeof v} is not representable in JSON`);
  }
}

/** The RFC 8785 canonical JSON text of `value`. */
export function canonicalize(value: unknown): string {
  const out: string[] = [];
  ser(value, out);
  return out.join("");
}

/** The RFC 8785 canonical form as UTF-8 bytes (what is hashed and signed). */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalize(value));
}
