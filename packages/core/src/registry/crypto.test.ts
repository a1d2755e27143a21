import assert from "node:assert/strict";
import { test } from "node:test";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import fc from "fast-check";
import { sha256, sha256Hex, toHex } from "./crypto.ts";
import { EMPTY_ROOT, leafHash, leafHashOfText, nodeHash } from "./merkle.ts";

const enc = new TextEncoder();

test("SHA-256 through node:crypto equals @noble/hashes on bytes and on UTF-8 text", () => {
  assert.equal(toHex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert.equal(toHex(EMPTY_ROOT), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 2_000 }), fc.string({ unit: "grapheme", maxLength: 300 }), (bytes, text) => {
      const h = sha256(bytes);
      // A plain Uint8Array (not a Buffer), so it compares equal to other byte arrays.
      assert.equal(Object.getPrototypeOf(h), Uint8Array.prototype);
      assert.deepEqual(h, nobleSha256(bytes));
      assert.deepEqual(sha256(text), nobleSha256(enc.encode(text)));
      assert.equal(sha256Hex(text), toHex(nobleSha256(enc.encode(text))));
    }),
    { numRuns: 300 },
  );
});

test("leafHashOfText(text) is the RFC 6962 leaf hash of the text's UTF-8 bytes", () => {
  fc.assert(
    fc.property(fc.string({ unit: "grapheme", maxLength: 500 }), (text) => {
      const bytes = enc.encode(text);
      const withPrefix = new Uint8Array(bytes.length + 1);
      withPrefix.set(bytes, 1);
      assert.deepEqual(leafHashOfText(text), nobleSha256(withPrefix));
      assert.deepEqual(leafHashOfText(text), leafHash(bytes));
    }),
    { numRuns: 300 },
  );
  const l = nobleSha256(enc.encode("l"));
  const r = nobleSha256(enc.encode("r"));
  assert.deepEqual(nodeHash(l, r), nobleSha256(new Uint8Array([1, ...l, ...r])));
});
