/**
 * RFC 6962 / RFC 9162 Merkle tree: leaf = SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖ left ‖ right),
 * empty tree = SHA-256(""). Proof generation follows RFC 6962 §2.1.1–2.1.2; verification follows RFC 9162
 * §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), with strict input checks (32-byte hashes, exact proof length).
 *
 * Size-0 policy (the one case where the transparency-dev and C2SP vector sets disagree): a consistency proof
 * from the empty tree is accepted only when `oldRoot` is SHA-256("") and the proof is empty — the empty tree is a
 * prefix of every tree, so that claim is trivially true and carries no risk; any other size-0 claim is rejected.
 * This matches C2SP CCTV. transparency-dev/merkle rejects every size-0 proof; pass `{ emptyOldTree: "reject" }`
 * to get those semantics (the test suite runs that set under its own expectations).
 */
import { sha256 } from "./crypto.ts";

export const HASH_SIZE = 32;
/** SHA-256("") — the root of the empty tree. */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

/** RFC 6962 leaf hash: SHA-256(0x00 ‖ data). */
export function leafHash(data: Uint8Array): Uint8Array {
  const b = new Uint8Array(data.length + 1);
  b[0] = 0;
  b.set(data, 1);
  return sha256(b);
}

/** RFC 6962 leaf hash of a string's UTF-8 bytes (the JCS text of a log entry), without an intermediate copy. */
export function leafHashOfText(text: string): Uint8Array {
  return sha256(`\u0000${text}`);
}

const nodeBuf = new Uint8Array(1 + 2 * HASH_SIZE);
/** RFC 6962 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  nodeBuf[0] = 1;
  nodeBuf.set(left, 1);
  nodeBuf.set(right, 1 + HASH_SIZE);
  return sha256(nodeBuf);
}

function eq(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= (a[i] as number) ^ (b[i] as number);
  return d === 0;
}

/** Largest power of two strictly smaller than n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Exact for safe integers (bitwise operators would truncate to 32 bits). */
function isPow2(n: number): boolean {
  return n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

function popcount(x: number): number {
  let n = 0;
  while (x > 0) {
    n += x % 2;
    x = Math.floor(x / 2);
  }
  return n;
}

/**
 * An append-only Merkle tree held in memory as the hashes of all complete, aligned subtrees (level k holds the
 * roots of the 2^k-leaf subtrees), so roots and proofs cost O(log² n) hashes.
 */
export class MerkleTree {
  private readonly levels: Uint8Array[][] = [[]];

  /** Number of leaves. */
  get size(): number {
    return this.levels[0]?.length ?? 0;
  }

  /** Appends a leaf hash (already `leafHash(data)`). */
  appendLeafHash(h: Uint8Array): void {
    let level = 0;
    let cur = h;
    for (;;) {
      const row = this.levels[level] ?? [];
      this.levels[level] = row;
      row.push(cur);
      if (row.length % 2 === 1) break;
      cur = nodeHash(row[row.length - 2] as Uint8Array, cur);
      level++;
    }
  }

  /** The leaf hash at index i. */
  leaf(i: number): Uint8Array {
    const h = this.levels[0]?.[i];
    if (!h) throw new RangeError(`leaf ${i} out of range`);
    return h;
  }

  /** MTH(D[start:end]). */
  private mth(start: number, end: number): Uint8Array {
    const n = end - start;
    if (n === 0) return EMPTY_ROOT;
    // A power-of-two range starting at a multiple of its size is a stored complete subtree.
    if (isPow2(n) && start % n === 0) {
      const lvl = Math.log2(n);
      const h = this.levels[lvl]?.[start / n];
      if (h) return h;
    }
    const k = splitPoint(n);
    return nodeHash(this.mth(start, start + k), this.mth(start + k, end));
  }

  /** Root of the tree of the first `size` leaves (default: all). */
  root(size = this.size): Uint8Array {
    if (size < 0 || size > this.size) throw new RangeError(`size ${size} out of range`);
    return this.mth(0, size);
  }

  /** RFC 6962 audit path for leaf `index` in the tree of the first `size` leaves. */
  inclusionProof(index: number, size = this.size): Uint8Array[] {
    if (size > this.size || index < 0 || index >= size) throw new RangeError("index or size out of range");
    const path: Uint8Array[] = [];
    const rec = (m: number, start: number, end: number): void => {
      const n = end - start;
      if (n <= 1) return;
      const k = splitPoint(n);
      if (m < k) {
        rec(m, start, start + k);
        path.push(this.mth(start + k, end));
      } else {
        rec(m - k, start + k, end);
        path.push(this.mth(start, start + k));
      }
    };
    rec(index, 0, size);
    return path;
  }

  /** RFC 6962 consistency proof between the trees of sizes `oldSize` ≤ `newSize`. Empty when oldSize is 0 or equal. */
  consistencyProof(oldSize: number, newSize = this.size): Uint8Array[] {
    if (newSize > this.size || oldSize < 0 || oldSize > newSize) throw new RangeError("sizes out of range");
    const path: Uint8Array[] = [];
    if (oldSize === 0 || oldSize === newSize) return path;
    const rec = (m: number, start: number, end: number, b: boolean): void => {
      const n = end - start;
      if (m === n) {
        if (!b) path.push(this.mth(start, end));
        return;
      }
      const k = splitPoint(n);
      if (m <= k) {
        rec(m, start, start + k, b);
        path.push(this.mth(start + k, end));
      } else {
        rec(m - k, start + k, end, false);
        path.push(this.mth(start, start + k));
      }
    };
    rec(oldSize, 0, newSize, true);
    return path;
  }
}

/** Root of a list of leaf hashes (convenience for small sets). */
export function rootOf(leafHashes: Uint8Array[]): Uint8Array {
  const t = new MerkleTree();
  for (const h of leafHashes) t.appendLeafHash(h);
  return t.root();
}

/**
 * RFC 9162 §2.1.3.2 inclusion verification. Returns false (never throws) on any mismatch, including a leaf
 * hash or proof element that is not 32 bytes, `index ≥ size`, or a proof longer or shorter than the tree needs.
 */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  if (leaf.length !== HASH_SIZE || root.length !== HASH_SIZE) return false;
  // Exact proof length (transparency-dev semantics): inner + border.
  let inner = 0;
  for (let a = index, b = size - 1; a !== b; a = Math.floor(a / 2), b = Math.floor(b / 2)) inner++;
  const border = popcount(Math.floor(index / 2 ** inner));
  if (proof.length !== inner + border) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (p.length !== HASH_SIZE || sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && eq(r, root);
}

/** Options for {@link verifyConsistency}. */
export interface ConsistencyOptions {
  /**
   * `"empty-root"` (default, the registry's policy and C2SP's): from size 0, valid only with an empty proof and
   * oldRoot = SHA-256(""). `"reject"`: every proof from size 0 is invalid (transparency-dev/merkle).
   */
  emptyOldTree?: "empty-root" | "reject";
}

/** RFC 9162 §2.1.4.2 consistency verification; false on any mismatch. */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
  options: ConsistencyOptions = {},
): boolean {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || newSize < oldSize)
    return false;
  if (oldSize === 0) {
    if ((options.emptyOldTree ?? "empty-root") === "reject") return false;
    return proof.length === 0 && eq(oldRoot, EMPTY_ROOT);
  }
  // Equal sizes: the claim is byte equality of the roots (transparency-dev compares without a length check).
  if (oldSize === newSize) return proof.length === 0 && eq(oldRoot, newRoot);
  if (oldRoot.length !== HASH_SIZE || newRoot.length !== HASH_SIZE) return false;
  if (proof.some((p) => p.length !== HASH_SIZE)) return false;
  if (proof.length === 0) return false;
  const path = [...proof];
  if (isPow2(oldSize)) path.unshift(oldRoot);
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0] as Uint8Array;
  let sr = path[0] as Uint8Array;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return eq(fr, oldRoot) && eq(sr, newRoot) && sn === 0;
}
