/**
 * The audit log: an append-only, signed Merkle log of {@link AuditEntry} records. It reuses the diamond registry's
 * machinery rather than a second implementation: the same storage (`RegistryStore`, PGlite or PostgreSQL, its own
 * schema), the same RFC 6962 tree and C2SP checkpoints signed with the operator key, and the same multi-writer
 * rule (appends under the store's write lock, after applying what other processes committed).
 */
import { randomBytes } from "node:crypto";
import { type Checkpoint, openCheckpoint, signCheckpoint, verifierKey } from "../registry/checkpoint.ts";
import { publicKeyOf, sha256Hex, toB64, toHex } from "../registry/crypto.ts";
import { canonicalize } from "../registry/jcs.ts";
import { leafHashOfText, MerkleTree } from "../registry/merkle.ts";
import { openStore, type RegistryStore, type StoredEvent } from "../registry/store.ts";
import { type Clock, systemClock } from "../runtime/index.ts";
import { auditFail } from "./codes.ts";
import {
  type AuditEntry,
  type AuditInput,
  type AuditRecord,
  checkAuditId,
  digestOf,
  jsonValue,
  parseLeaf,
} from "./model.ts";

/** Default checkpoint origin (and note key name) of the audit log. */
export const AUDIT_ORIGIN = "embargo.audit";
/** Default schema of the audit log's tables (beside the registry's `embargo_registry`). */
export const AUDIT_SCHEMA = "embargo_audit";

/** Options for {@link openAuditLog}. */
export interface AuditLogOptions {
  /** `"memory"`, `"pglite:<dir>"` or `postgres://…` (ignored when `store` is given). */
  db?: string;
  schema?: string;
  /** An already open store (e.g. a schema view in tests). */
  store?: RegistryStore;
  /** The operator's Ed25519 secret key (base64url): signs checkpoints. */
  operatorSecretKey: string;
  origin?: string;
  clock?: Clock;
}

/** A signed checkpoint: the parsed body and the C2SP note. */
export interface SignedCheckpoint {
  checkpoint: Checkpoint;
  note: string;
}

/** A record with what proves it: its inclusion proof in the latest signed checkpoint. */
export interface AuditProof {
  record: AuditRecord;
  /** Hex RFC 6962 leaf hash of the record's canonical text. */
  leafHash: string;
  /** Base64 sibling hashes, leaf to root (RFC 9162 §2.1.3). */
  inclusionProof: string[];
  checkpoint: Checkpoint & { note: string };
  /** The C2SP verifier key of the log (`<origin>+<key id>+<key>`): what a verifier pins. */
  verifierKey: string;
}

/** The log's public identity. */
export interface AuditIdentity {
  origin: string;
  publicKey: string;
  verifierKey: string;
}

/** Applies stored rows to a tree and id index, checking seq continuity, ids and leaf hashes (AUDIT_INTEGRITY). */
function applyRows(tree: MerkleTree, ids: Map<string, number>, rows: StoredEvent[]): void {
  for (const r of rows) {
    if (r.seq !== tree.size) auditFail("AUDIT_INTEGRITY", `audit log gap at seq ${tree.size}`, { seq: tree.size });
    const lh = leafHashOfText(r.leaf);
    if (toHex(lh) !== r.leafHash || sha256Hex(r.leaf) !== r.eventId)
      auditFail("AUDIT_INTEGRITY", `audit record ${r.seq} does not hash to its stored id`, { seq: r.seq });
    tree.appendLeafHash(lh);
    ids.set(r.eventId, r.seq);
  }
}

/** An open audit log. Appends are serialised in this process and under the store's lock across processes. */
export class AuditLog {
  private tree = new MerkleTree();
  private ids = new Map<string, number>();
  private latest: SignedCheckpoint | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly store: RegistryStore,
    readonly identity: AuditIdentity,
    private readonly secretKey: string,
    private readonly clock: Clock,
  ) {}

  /** Number of records. */
  get size(): number {
    return this.tree.size;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(fn, fn);
    this.queue = p.catch(() => {});
    return p;
  }

  private sign(size: number): SignedCheckpoint {
    const cp = { origin: this.identity.origin, size, root: toB64(this.tree.root(size)) };
    return { checkpoint: cp, note: signCheckpoint(cp, this.identity.origin, this.secretKey, this.identity.publicKey) };
  }

  /** Reads the whole stored log, checking every leaf and the latest stored checkpoint against the tree. */
  async load(): Promise<void> {
    const tree = new MerkleTree();
    const ids = new Map<string, number>();
    applyRows(tree, ids, await this.store.events());
    let cps = await this.store.checkpoints();
    // Another process may commit between the two reads (events and checkpoint commit together): catch up.
    for (let round = 0; (cps[cps.length - 1]?.size ?? 0) > tree.size; round++) {
      const more = await this.store.events(tree.size);
      if (more.length === 0 || round >= 100)
        auditFail("AUDIT_INTEGRITY", `the audit log is shorter than its latest checkpoint (${tree.size} records)`);
      applyRows(tree, ids, more);
      cps = await this.store.checkpoints();
    }
    const last = cps.filter((c) => c.size <= tree.size).pop();
    if (last) {
      let cp: Checkpoint;
      try {
        cp = openCheckpoint(last.note, this.identity.origin, this.identity.publicKey);
      } catch (e) {
        return auditFail("AUDIT_INTEGRITY", `audit checkpoint ${last.size}: ${(e as Error).message}`);
      }
      if (cp.size !== last.size || toB64(tree.root(cp.size)) !== cp.root)
        auditFail("AUDIT_INTEGRITY", `the stored audit log does not match its signed checkpoint of size ${cp.size}`, {
          size: cp.size,
        });
    }
    this.tree = tree;
    this.ids = ids;
    this.latest = this.sign(tree.size);
  }

  /** Catches up with records other processes (servers sharing a PostgreSQL log) committed. */
  refresh(): Promise<void> {
    return this.serial(async () => {
      if (this.store.kind !== "postgres") return;
      const more = await this.store.events(this.tree.size);
      if (more.length === 0) return;
      applyRows(this.tree, this.ids, more);
      this.latest = this.sign(this.tree.size);
    });
  }

  /** The latest signed checkpoint (over every record this process knows to be committed). */
  checkpoint(): SignedCheckpoint {
    return this.latest ?? this.sign(this.tree.size);
  }

  /**
   * Appends one record (time from the clock, a nonce, digests of request and result) and its checkpoint in one
   * transaction; resolves once committed. Several processes may append to one PostgreSQL log.
   */
  append(input: AuditInput): Promise<AuditRecord> {
    const request = jsonValue(input.request);
    const entry: AuditEntry = {
      v: 1,
      kind: input.kind,
      at: this.clock.now().toISOString(),
      nonce: randomBytes(8).toString("hex"),
      request,
      inputDigest: digestOf(request),
      dataVersions: { ...input.dataVersions },
      resultDigest: digestOf(jsonValue(input.result)),
      ...(input.summary !== undefined ? { summary: input.summary } : {}),
    };
    const leaf = canonicalize(entry);
    const id = sha256Hex(leaf);
    const lh = leafHashOfText(leaf);
    return this.serial(async () => {
      let seq = -1;
      try {
        await this.store.appendLocked(this.tree.size, (newer) => {
          applyRows(this.tree, this.ids, newer);
          seq = this.tree.size;
          this.tree.appendLeafHash(lh);
          const cp = this.sign(this.tree.size);
          return {
            events: [{ seq, eventId: id, leafHash: toHex(lh), leaf }],
            checkpoint: { size: cp.checkpoint.size, root: cp.checkpoint.root, note: cp.note },
          };
        });
      } catch (e) {
        // The tree may hold a leaf that was not committed: rebuild it from the store.
        await this.load().catch(() => {});
        throw e;
      }
      this.ids.set(id, seq);
      this.latest = this.sign(this.tree.size);
      return { ...entry, id, seq };
    });
  }

  /**
   * One record by id, checked against the tree this process verified (a row changed in the database since is
   * AUDIT_INTEGRITY, not a different answer). AUDIT_NOT_FOUND when no record has that id.
   */
  async get(id: string): Promise<AuditRecord> {
    checkAuditId(id);
    if (!this.ids.has(id)) await this.refresh();
    const row = await this.store.eventById(id);
    const seq = this.ids.get(id);
    if (!row || seq === undefined) return auditFail("AUDIT_NOT_FOUND", `no audit record ${id}`, { id });
    const lh = leafHashOfText(row.leaf);
    if (row.seq !== seq || sha256Hex(row.leaf) !== id || toHex(lh) !== toHex(this.tree.leaf(seq)))
      auditFail("AUDIT_INTEGRITY", `stored audit record ${seq} does not match the signed log`, { id, seq });
    return { ...parseLeaf(row.leaf, seq), id, seq };
  }

  /** A record with its inclusion proof in the latest signed checkpoint. */
  async prove(id: string): Promise<AuditProof> {
    const record = await this.get(id);
    const { checkpoint, note } = this.checkpoint();
    return {
      record,
      leafHash: toHex(this.tree.leaf(record.seq)),
      inclusionProof: this.tree.inclusionProof(record.seq, checkpoint.size).map(toB64),
      checkpoint: { ...checkpoint, note },
      verifierKey: this.identity.verifierKey,
    };
  }

  /** Base64 consistency proof between two checkpoint sizes of this log (RFC 9162 §2.1.4). */
  consistencyProof(oldSize: number, newSize = this.tree.size): string[] {
    if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || newSize > this.tree.size)
      auditFail("AUDIT_ID_INVALID", `sizes must be within 0..${this.tree.size}`, { field: "size" });
    return this.tree.consistencyProof(oldSize, newSize).map(toB64);
  }

  /** The newest records first: `limit` (1–1000, default 50) before seq `before`, optionally of one kind. */
  async list(o: { limit?: number; before?: number; kind?: string } = {}): Promise<AuditRecord[]> {
    await this.refresh();
    const limit = Math.min(Math.max(o.limit ?? 50, 1), 1000);
    const end = Math.min(o.before ?? this.tree.size, this.tree.size);
    const out: AuditRecord[] = [];
    // Read back in pages until `limit` records of the kind are found (all of them when no kind is asked).
    for (let hi = end; hi > 0 && out.length < limit; ) {
      const lo = Math.max(0, hi - Math.max(limit, 100));
      const rows = (await this.store.events(lo)).filter((r) => r.seq < hi);
      for (const r of rows.reverse()) {
        if (sha256Hex(r.leaf) !== r.eventId || toHex(leafHashOfText(r.leaf)) !== toHex(this.tree.leaf(r.seq)))
          auditFail("AUDIT_INTEGRITY", `stored audit record ${r.seq} does not match the signed log`, { seq: r.seq });
        const e = parseLeaf(r.leaf, r.seq);
        if (o.kind === undefined || e.kind === o.kind) out.push({ ...e, id: r.eventId, seq: r.seq });
        if (out.length >= limit) break;
      }
      hi = lo;
    }
    return out;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.store.close();
  }
}

/** Opens (creating if needed) the audit log and verifies what is stored against its signed checkpoint. */
export async function openAuditLog(o: AuditLogOptions): Promise<AuditLog> {
  const store = o.store ?? (await openStore(o.db ?? "memory", o.schema ?? AUDIT_SCHEMA));
  try {
    const origin = o.origin ?? AUDIT_ORIGIN;
    const publicKey = publicKeyOf(o.operatorSecretKey);
    const mine = JSON.stringify({ origin, publicKey });
    const stored = await store.getMeta("audit-identity");
    if (stored === undefined) await store.setMeta("audit-identity", mine);
    else if (stored !== mine) auditFail("AUDIT_INTEGRITY", "this audit log belongs to another origin or operator key");
    const log = new AuditLog(
      store,
      { origin, publicKey, verifierKey: verifierKey(origin, publicKey) },
      o.operatorSecretKey,
      o.clock ?? systemClock,
    );
    await log.load();
    return log;
  } catch (e) {
    // A store the caller passed stays theirs to close.
    if (!o.store) await store.close().catch(() => {});
    throw e;
  }
}
