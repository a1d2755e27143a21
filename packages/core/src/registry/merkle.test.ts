import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fromB64, fromHex, toB64, toHex } from "./crypto.ts";
import { EMPTY_ROOT, leafHash, MerkleTree, verifyConsistency, verifyInclusion } from "./merkle.ts";

const td = (f: string): unknown => JSON.parse(readFileSync(new URL(`./testdata/${f}`, import.meta.url), "utf8"));

/** Base64 that may be deliberately malformed in a mutated vector: decode leniently, as the Go suite does. */
const b = (s: string): Uint8Array => {
  try {
    return fromB64(s);
  } catch {
    return new Uint8Array(Buffer.from(s, "base64"));
  }
};

test("reference tree: every root 0..8 and every proof regenerated from the leaf inputs", () => {
  const ref = td("transparency-dev-reference-tree.json") as { leafInputsHex: string[]; rootHashesBySizeHex: string[] };
  const t = new MerkleTree();
  assert.equal(toHex(t.root()), ref.rootHashesBySizeHex[0]);
  for (const [i, hex] of ref.leafInputsHex.entries()) {
    t.appendLeafHash(leafHash(fromHex(hex)));
    assert.equal(toHex(t.root()), ref.rootHashesBySizeHex[i + 1], `root(${i + 1})`);
  }
  for (let size = 1; size <= 8; size++) {
    for (let i = 0; i < size; i++)
      assert.ok(verifyInclusion(i, size, t.leaf(i), t.inclusionProof(i, size), t.root(size)), `incl ${i}/${size}`);
    for (let m = 1; m <= size; m++)
      assert.ok(verifyConsistency(m, size, t.root(m), t.root(size), t.consistencyProof(m, size)), `cons ${m}->${size}`);
  }
});

test("transparency-dev inclusion vectors (98) pass under that library's semantics", () => {
  const all = td("transparency-dev-inclusion.json") as Record<
    string,
    { leafIdx: number; treeSize: number; root: string; leafHash: string; proof: string[] | null; wantErr: boolean }
  >;
  const names = Object.keys(all);
  assert.equal(names.length, 98);
  for (const [name, v] of Object.entries(all)) {
    const ok = verifyInclusion(v.leafIdx, v.treeSize, b(v.leafHash), (v.proof ?? []).map(b), b(v.root));
    assert.equal(ok, !v.wantErr, name);
  }
});

test("transparency-dev consistency vectors (98) pass with size-0 proofs rejected", () => {
  const all = td("transparency-dev-consistency.json") as Record<
    string,
    { size1: number; size2: number; root1: string; root2: string; proof: string[] | null; wantErr: boolean }
  >;
  assert.equal(Object.keys(all).length, 98);
  for (const [name, v] of Object.entries(all)) {
    const ok = verifyConsistency(v.size1, v.size2, b(v.root1), b(v.root2), (v.proof ?? []).map(b), {
      emptyOldTree: "reject",
    });
    assert.equal(ok, !v.wantErr, name);
  }
});

test("C2SP CCTV vectors: 16-leaf tree, inclusion and consistency valid/invalid sets (registry policy)", () => {
  const c = td("c2sp-cctv-merkle.json") as {
    merkle_tree: { leaf_data: string; leaf_hash: string; root_hash: string }[];
    "inclusion-valid": {
      leaf_hash: string;
      leaf_index: number;
      tree_size: number;
      root_hash: string;
      inclusion_path: string[];
    }[];
    "inclusion-invalid": {
      leaf_hash: string;
      leaf_index: number;
      tree_size: number;
      root_hash: string;
      inclusion_path: string[];
    }[];
    "consistency-valid": {
      old_size: number;
      new_size: number;
      old_root: string;
      new_root: string;
      consistency_path: string[];
    }[];
    "consistency-invalid": {
      old_size: number;
      new_size: number;
      old_root: string;
      new_root: string;
      consistency_path: string[];
    }[];
  };
  const t = new MerkleTree();
  for (const step of c.merkle_tree) {
    const lh = leafHash(new TextEncoder().encode(step.leaf_data));
    assert.equal(toB64(lh), step.leaf_hash);
    t.appendLeafHash(lh);
    assert.equal(toB64(t.root()), step.root_hash);
  }
  for (const v of c["inclusion-valid"])
    assert.ok(verifyInclusion(v.leaf_index, v.tree_size, b(v.leaf_hash), v.inclusion_path.map(b), b(v.root_hash)));
  for (const v of c["inclusion-invalid"])
    assert.ok(!verifyInclusion(v.leaf_index, v.tree_size, b(v.leaf_hash), v.inclusion_path.map(b), b(v.root_hash)));
  for (const v of c["consistency-valid"])
    assert.ok(
      verifyConsistency(v.old_size, v.new_size, b(v.old_root), b(v.new_root), v.consistency_path.map(b)),
      JSON.stringify(v),
    );
  for (const v of c["consistency-invalid"])
    assert.ok(
      !verifyConsistency(v.old_size, v.new_size, b(v.old_root), b(v.new_root), v.consistency_path.map(b)),
      JSON.stringify(v),
    );
  assert.ok(c["inclusion-valid"].length > 0 && c["consistency-invalid"].length > 0);
});

test("size-0 policy: the one disagreement between the suites is decided explicitly", () => {
  const one = leafHash(new Uint8Array([0x61]));
  // Registry policy (C2SP): 0→0 and 0→1 valid with the empty root and an empty proof...
  assert.ok(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, []));
  assert.ok(verifyConsistency(0, 1, EMPTY_ROOT, one, []));
  // ...but not with any other old root or a non-empty proof.
  assert.ok(!verifyConsistency(0, 1, one, one, []));
  assert.ok(!verifyConsistency(0, 1, EMPTY_ROOT, one, [one]));
  // transparency-dev semantics: always rejected.
  assert.ok(!verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [], { emptyOldTree: "reject" }));
});

test("a random-size tree: all proofs verify and tampering fails", () => {
  const t = new MerkleTree();
  for (let i = 0; i < 300; i++) t.appendLeafHash(leafHash(new TextEncoder().encode(`leaf ${i}`)));
  for (const [i, size] of [
    [0, 1],
    [5, 6],
    [99, 300],
    [255, 256],
    [299, 300],
  ] as const) {
    const p = t.inclusionProof(i, size);
    assert.ok(verifyInclusion(i, size, t.leaf(i), p, t.root(size)));
    assert.ok(!verifyInclusion(i, size, t.leaf((i + 1) % size), p, t.root(size)) || size === 1);
  }
  for (const [m, n] of [
    [1, 300],
    [7, 8],
    [128, 300],
    [200, 257],
  ] as const)
    assert.ok(verifyConsistency(m, n, t.root(m), t.root(n), t.consistencyProof(m, n)));
  assert.ok(!verifyConsistency(200, 257, t.root(199), t.root(257), t.consistencyProof(200, 257)));
});
