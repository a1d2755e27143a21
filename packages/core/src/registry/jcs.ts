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

const SURROGATE = /[\uD800-\uDFFF]/;

function str(s: string): string {
  // Lone surrogates cannot be represented in I-JSON (RFC 7493 §2.1), which JCS requires. Most strings (ids, codes,
  // hashes, times) have no surrogate at all: one regex scan instead of a character loop.
  if (!SURROGATE.test(s)) return JSON.stringify(s);
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

// Builds the text by string concatenation (V8 ropes) rather than an array of parts: fewer allocations on the
// append hot path, where every event is canonicalised once.
function ser(v: unknown): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "boolean":
      return v ? "true" : "false";
    case "number":
      if (!Number.isFinite(v)) fail(`number ${v} is not representable in JSON`);
      // ECMAScript Number::toString is exactly RFC 8785 §3.2.2.3; JSON.stringify(-0) gives "0".
      return JSON.stringify(v);
    case "string":
      return str(v);
    case "object": {
      if (Array.isArray(v)) {
        let t = "[";
        // An indexed loop (not forEach) so that holes in sparse arrays are seen, and rejected, as undefined.
        for (let i = 0; i < v.length; i++) {
          const x: unknown = v[i];
          if (x === undefined || typeof x === "function") fail("arrays may not contain undefined");
          t += i > 0 ? `,${ser(x)}` : ser(x);
        }
        return `${t}]`;
      }
      const o = v as Record<string, unknown>;
      if (typeof (o as { toJSON?: unknown }).toJSON === "function") return ser((o as { toJSON(): unknown }).toJSON());
      // Default sort compares UTF-16 code units, as RFC 8785 §3.2.3 requires.
      const keys = Object.keys(o).sort();
      let t = "{";
      let first = true;
      for (const k of keys) {
        const x = o[k];
        if (x === undefined) continue;
        t += `${first ? "" : ","}${str(k)}:${ser(x)}`;
        first = false;
      }
      return `${t}}`;
    }
    default:
      return fail(`${typeof v} is not representable in JSON`);
  }
}

/** The RFC 8785 canonical JSON text of `value`. */
export function canonicalize(value: unknown): string {
  return ser(value);
}

/** The RFC 8785 canonical form as UTF-8 bytes (what is hashed and signed). */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalize(value));
}
