/** The registry service: validated, signed appends to a durable Merkle log, lineage queries and audits. */
import { EmbargoError, type ErrorData, toErrorData } from "../errors/index.ts";
import { type Clock, type Logger, silentLogger, systemClock } from "../runtime/index.ts";
import { type Checkpoint, openCheckpoint, signCheckpoint, verifierKey } from "./checkpoint.ts";
import { fail } from "./codes.ts";
import { ed25519VerifyAsync, fromB64u, fromHex, publicKeyOf, toB64, toHex } from "./crypto.ts";
import { eventIdOf, idAndLeaf, parseEvent } from "./events.ts";
import { canonicalize } from "./jcs.ts";
import { leafHash, leafHashOfText, MerkleTree, verifyConsistency } from "./merkle.ts";
import type { SignedEvent } from "./model.ts";
import { type Operator, RegistryState } from "./state.ts";
import { openStore, type RegistryStore, type StoredEvent } from "./store.ts";

const enc = new TextEncoder();

/** Options for {@link openRegistry}. */
export interface RegistryOptions {
  /** `"memory"`, `"pglite:<dir>"` (or a directory), or `postgres://…`. Default `"memory"`. */
  db?: string;
  /** Schema holding the tables (default `embargo_registry`). */
  schema?: string;
  /** An already open store (e.g. from `openStore(...).forSchema(...)`); `db`/`schema` are then ignored. */
  store?: RegistryStore;
  /** The operator's Ed25519 secret key (base64url): signs checkpoints and party registrations. */
  operatorSecretKey: string;
  operatorId?: string;
  operatorKeyId?: string;
  /** Checkpoint origin line and note key name (default `embargo.diamonds`). */
  origin?: string;
  clock?: Clock;
  logger?: Logger;
}

export interface AppendResult {
  seq: number;
  eventId: string;
}

export type BatchRow = ({ ok: true } & AppendResult) | { ok: false; index: number; error: ErrorData };

export interface AuditProblem {
  seq?: number;
  code: string;
  message: string;
}

export interface AuditReport {
  ok: boolean;
  size: number;
  checkpoints: number;
  latestCheckpoint?: Checkpoint;
  problems: AuditProblem[];
}

/** Public identity of a log: what a verifier pins. */
export interface LogIdentity {
  origin: string;
  operator: Operator;
  /** C2SP note verifier key. */
  verifierKey: string;
}

/** Reads and fully re-verifies a store: leaf bytes, ids, signatures, invariants, tree roots, every checkpoint. */
export async function auditStore(
  store: RegistryStore,
  id: LogIdentity,
  clock: Clock = systemClock,
): Promise<AuditReport> {
  const problems: AuditProblem[] = [];
  const state = new RegistryState(id.operator);
  const tree = new MerkleTree();
  let rows = await store.events();
  // Checkpoints are read after the events; writers sharing the log may commit meanwhile (events and checkpoint
  // together), so catch up until no checkpoint is ahead of the events read: a race is not a problem to report.
  let cps = await store.checkpoints();
  for (let round = 0; round < 100 && (cps[cps.length - 1]?.size ?? 0) > rows.length; round++) {
    const more = await store.events((rows[rows.length - 1]?.seq ?? -1) + 1);
    if (more.length === 0) break;
    rows = rows.concat(more);
    cps = await store.checkpoints();
  }
  for (const [i, r] of rows.entries()) {
    if (r.seq !== i) {
      problems.push({ seq: r.seq, code: "LOG_GAP", message: `expected seq ${i}, found ${r.seq}` });
      break;
    }
    const lh = leafHash(enc.encode(r.leaf));
    tree.appendLeafHash(lh);
    if (toHex(lh) !== r.leafHash)
      problems.push({
        seq: r.seq,
        code: "LEAF_HASH_MISMATCH",
        message: "stored leaf hash does not match the stored event bytes",
      });
    try {
      const ev = parseEvent(JSON.parse(r.leaf));
      if (canonicalize(ev) !== r.leaf)
        problems.push({ seq: r.seq, code: "NOT_CANONICAL", message: "stored event is not in canonical form" });
      const eid = eventIdOf(ev);
      if (eid !== r.eventId)
        problems.push({ seq: r.seq, code: "EVENT_ID_MISMATCH", message: `stored id ${r.eventId} ≠ computed ${eid}` });
      const checked = state.check(ev, { now: new Date(8.64e15) });
      state.apply(ev, checked, r.seq);
    } catch (e) {
      const d = toErrorData(e);
      problems.push({ seq: r.seq, code: d.code, message: d.message });
    }
  }
  let prev: Checkpoint | undefined;
  let latest: Checkpoint | undefined;
  for (const c of cps) {
    try {
      const cp = openCheckpoint(c.note, id.origin, id.operator.publicKey);
      if (cp.size !== c.size || cp.root !== c.root || cp.origin !== id.origin)
        throw new Error("checkpoint row differs from its signed note");
      if (cp.size > tree.size) throw new Error(`checkpoint of size ${cp.size} is beyond the log (${tree.size} events)`);
      if (toB64(tree.root(cp.size)) !== cp.root)
        throw new Error(`root at size ${cp.size} does not match the signed checkpoint`);
      if (
        prev &&
        !verifyConsistency(
          prev.size,
          cp.size,
          Buffer.from(prev.root, "base64"),
          Buffer.from(cp.root, "base64"),
          tree.consistencyProof(prev.size, cp.size),
        )
      )
        throw new Error(`checkpoints ${prev.size} → ${cp.size} are not consistent`);
      prev = cp;
      latest = cp;
    } catch (e) {
      problems.push({ code: "CHECKPOINT_INVALID", message: `checkpoint ${c.size}: ${(e as Error).message}` });
    }
  }
  if (rows.length > 0 && (!latest || latest.size !== rows.length))
    problems.push({
      code: "CHECKPOINT_BEHIND",
      message: `latest valid checkpoint covers ${latest?.size ?? 0} of ${rows.length} events`,
    });
  void clock;
  return { ok: problems.length === 0, size: rows.length, checkpoints: cps.length, latestCheckpoint: latest, problems };
}

/**
 * Applies stored events (validated when they were appended; `audit` re-checks signatures) to a state and tree,
 * checking seq continuity and ids. Throws LOG_INTEGRITY naming the seq.
 */
function replay(state: RegistryState, tree: MerkleTree, rows: StoredEvent[]): void {
  for (const r of rows) {
    try {
      if (r.seq !== tree.size) fail("LOG_INTEGRITY", `log gap at seq ${tree.size}`);
      const ev = parseEvent(JSON.parse(r.leaf));
      const id = state.check(ev, { now: new Date(8.64e15), verifySignature: false });
      if (id !== r.eventId) fail("LOG_INTEGRITY", `stored event ${r.seq} does not hash to its id`);
      state.apply(ev, id, r.seq);
      tree.appendLeafHash(leafHashOfText(r.leaf));
    } catch (e) {
      throw new EmbargoError({
        code: "LOG_INTEGRITY",
        category: "integrity",
        message: `stored log is inconsistent at seq ${r.seq}: ${(e as Error).message} (run audit)`,
        cause: e,
      });
    }
  }
}

/** An event as prepared on arrival: parsed, with its id and leaf, and its signature check under way. */
interface Prepared {
  ev?: SignedEvent;
  id?: string;
  leaf?: string;
  /** Early verification with the key known on arrival (absent: `check` verifies synchronously, in order). */
  verified?: Promise<{ pub: string; ok: boolean }>;
  error?: unknown;
}

/** An open registry. All writes are serialised in this process. */
export class Registry {
  private state: RegistryState;
  private tree = new MerkleTree();
  private latest: { checkpoint: Checkpoint; note: string } | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private pending: { items: Prepared[]; resolve(rows: BatchRow[]): void; reject(e: unknown): void }[] = [];
  private draining = false;

  constructor(
    readonly store: RegistryStore,
    readonly identity: LogIdentity,
    private readonly secretKey: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.state = new RegistryState(identity.operator);
  }

  /** Replays the stored log (signatures were checked on append; `audit` re-checks them). */
  async load(): Promise<void> {
    const state = new RegistryState(this.identity.operator);
    const tree = new MerkleTree();
    replay(state, tree, await this.store.events());
    // Checkpoints are read after the events: another writer (a server sharing this PostgreSQL log) may have
    // committed meanwhile. Its events and checkpoint commit together, so catching up closes the gap; a checkpoint
    // beyond events that do not come is a log that lost events.
    let cps = await this.store.checkpoints();
    for (let round = 0; (cps[cps.length - 1]?.size ?? 0) > tree.size; round++) {
      const more = await this.store.events(tree.size);
      if (more.length === 0 || round >= 100)
        fail("LOG_INTEGRITY", `the stored log is shorter than its latest checkpoint (${tree.size} events); run audit`);
      replay(state, tree, more);
      cps = await this.store.checkpoints();
    }
    const last = cps.filter((c) => c.size <= tree.size).pop();
    if (last) {
      const cp = openCheckpoint(last.note, this.identity.origin, this.identity.operator.publicKey);
      if (cp.size !== last.size || toB64(tree.root(cp.size)) !== cp.root)
        fail("LOG_INTEGRITY", `the stored log does not match its checkpoint of size ${cp.size}; run audit`);
      this.latest = { checkpoint: cp, note: last.note };
    } else this.latest = undefined;
    this.state = state;
    this.tree = tree;
    if (last && last.size < tree.size) this.latest = this.signLatest();
  }

  /** A checkpoint over the whole in-memory tree (Ed25519 is deterministic: the same tree gives the same note). */
  private signLatest(): { checkpoint: Checkpoint; note: string } {
    const cp = { origin: this.identity.origin, size: this.tree.size, root: toB64(this.tree.root()) };
    return {
      checkpoint: cp,
      note: signCheckpoint(cp, this.identity.origin, this.secretKey, this.identity.operator.publicKey),
    };
  }

  /**
   * Catches up with events other writers (servers sharing this PostgreSQL log) committed, so reads and bundles
   * see them. A no-op cost on PGlite (one process owns the log; one cheap query).
   */
  refresh(): Promise<void> {
    return this.serial(async () => {
      if (this.store.kind !== "postgres") return;
      const more = await this.store.events(this.tree.size);
      if (more.length === 0) return;
      try {
        replay(this.state, this.tree, more);
        this.latest = this.signLatest();
      } catch (e) {
        await this.load();
        throw e;
      }
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(fn, fn);
    this.queue = p.catch(() => {});
    return p;
  }

  /** Number of events in the log. */
  get size(): number {
    return this.tree.size;
  }
  /** Read access to the validated state (lots, parties, KP records). */
  get view(): RegistryState {
    return this.state;
  }
  /** The Merkle tree (for proofs). */
  get merkle(): MerkleTree {
    return this.tree;
  }

  /**
   * The latest committed signed checkpoint (one for the empty log before the first append). Never covers events
   * whose commit is still in flight, so the operator never signs a tree that might not become durable.
   */
  checkpoint(): { checkpoint: Checkpoint; note: string } {
    if (this.latest) return this.latest;
    const cp = { origin: this.identity.origin, size: 0, root: toB64(this.tree.root(0)) };
    return {
      checkpoint: cp,
      note: signCheckpoint(cp, this.identity.origin, this.secretKey, this.identity.operator.publicKey),
    };
  }

  /** Validates and appends one signed event; resolves once it is durably committed. */
  async append(raw: unknown): Promise<AppendResult> {
    const [row] = await this.appendBatch([raw]);
    if (!row) throw new Error("unreachable");
    if (!row.ok) throw new EmbargoError({ ...row.error, category: row.error.category });
    return { seq: row.seq, eventId: row.eventId };
  }

  /**
   * Validates each event in order (a rejected event is reported and skipped; later ones see the accepted ones),
   * then commits the accepted events and one checkpoint in a single transaction. Resolves after the commit.
   */
  appendBatch(raws: unknown[]): Promise<BatchRow[]> {
    let items: Prepared[];
    try {
      // Parsing, hashing and dispatching signature checks to the thread pool happen now, on arrival, so they
      // overlap the commit that may be in flight; validation against the state still happens in log order.
      items = raws.map((raw) => this.prepare(raw));
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<BatchRow[]>((resolve, reject) => {
      this.pending.push({ items, resolve, reject });
      void this.drain();
    });
  }

  /** Shape check, id and leaf from one canonicalisation, and (if the key is known) an early signature check. */
  private prepare(raw: unknown): Prepared {
    try {
      const ev = parseEvent(raw);
      const { id, leaf } = idAndLeaf(ev);
      let pub: string | undefined;
      try {
        pub = this.state.key(ev.actor, ev.keyId, ev.time);
      } catch {
        // Unknown key (e.g. registered by an earlier event of the same group): `check` verifies it in order.
      }
      const verified =
        pub === undefined
          ? undefined
          : ed25519VerifyAsync(fromB64u(ev.sig), fromHex(id), pub).then((ok) => ({ pub: pub as string, ok }));
      return { ev, id, leaf, verified };
    } catch (e) {
      return { error: e };
    }
  }

  /**
   * Group commit: calls that arrive while a commit is in flight are validated in arrival order and committed
   * together in the next transaction (one checkpoint), and each caller gets its own rows back.
   */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      // Let callers woken by the previous commit enqueue first, so they share the next commit.
      await new Promise<void>((r) => setImmediate(r));
      while (this.pending.length > 0) {
        const group = this.pending.splice(0);
        try {
          const rows = await this.serial(() => this.commitBatch(group.flatMap((g) => g.items)));
          let k = 0;
          for (const g of group) {
            const offset = k;
            g.resolve(rows.slice(k, k + g.items.length).map((r) => (r.ok ? r : { ...r, index: r.index - offset })));
            k += g.items.length;
          }
        } catch (e) {
          for (const g of group) g.reject(e);
        }
        if (this.pending.length > 0) await new Promise<void>((r) => setImmediate(r));
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * Commits a group under the log's write lock: first applies what other writers committed since this process last
   * looked (PostgreSQL shared by several servers), then validates this group against that state, then writes. A
   * seq conflict (a writer that does not take the lock) rebuilds memory from the database and retries: losing a race
   * is not tampering.
   */
  private async commitBatch(items: Prepared[]): Promise<BatchRow[]> {
    for (let attempt = 0; ; attempt++) {
      let out: BatchRow[] = [];
      let next: { checkpoint: Checkpoint; note: string } | undefined;
      try {
        await this.store.appendLocked(this.tree.size, async (newer) => {
          if (newer.length > 0) replay(this.state, this.tree, newer);
          const r = await this.validate(items);
          out = r.out;
          if (r.rows.length === 0) {
            if (newer.length > 0) next = this.signLatest();
            return undefined;
          }
          next = this.signLatest();
          const { checkpoint: cp, note } = next;
          return { events: r.rows, checkpoint: { size: cp.size, root: cp.root, note } };
        });
        if (next) this.latest = next;
        return out;
      } catch (e) {
        // Memory ran ahead of a failed commit: rebuild from what is durable, then retry a lost race or report.
        this.logger.error({ err: toErrorData(e), attempt }, "registry append failed; reloading");
        await this.load();
        if (!(e instanceof EmbargoError && e.code === "STORE_CONFLICT") || attempt >= 20) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
      }
    }
  }

  /** Validates a group in order against the current state, applying each accepted event to memory. */
  private async validate(items: Prepared[]): Promise<{ out: BatchRow[]; rows: StoredEvent[] }> {
    const out: BatchRow[] = [];
    const rows: StoredEvent[] = [];
    const now = this.clock.now();
    for (const [index, p] of items.entries()) {
      try {
        if (!p.ev) throw p.error;
        const ev: SignedEvent = p.ev;
        let early = p.verified ? await p.verified : undefined;
        // The early result counts only if the key that verifies the event now is the key it was checked with (a
        // failed commit rolls back memory, and with it any registration seen when the event arrived).
        if (early) {
          let current: string | undefined;
          try {
            current = this.state.key(ev.actor, ev.keyId, ev.time);
          } catch {
            current = undefined;
          }
          if (current !== early.pub) early = undefined;
        }
        if (early && !early.ok)
          fail("BAD_SIGNATURE", `signature of event ${p.id} does not verify with key ${ev.keyId} of ${ev.actor}`);
        const id = this.state.check(ev, {
          now,
          verifySignature: early ? false : undefined,
          eventId: p.id,
        });
        const seq = this.tree.size;
        const leaf = p.leaf as string;
        const lh = leafHashOfText(leaf);
        this.state.apply(ev, id, seq);
        this.tree.appendLeafHash(lh);
        rows.push({ seq, eventId: id, leafHash: toHex(lh), leaf });
        out.push({ ok: true, seq, eventId: id });
      } catch (e) {
        out.push({ ok: false, index, error: toErrorData(e) });
      }
    }
    return { out, rows };
  }

  /** Full re-verification of the stored log (signatures, invariants, roots, checkpoints). */
  audit(): Promise<AuditReport> {
    return this.serial(() => auditStore(this.store, this.identity, this.clock));
  }

  async close(): Promise<void> {
    // `drain` yields to the macrotask queue between groups, so wait on it there too, not only on `queue`.
    while (this.draining || this.pending.length > 0) {
      await this.queue;
      await new Promise<void>((r) => setImmediate(r));
    }
    await this.queue;
    await this.store.close();
  }
}

/** Opens (creating if needed) a registry on the given database and replays its log. */
export async function openRegistry(options: RegistryOptions): Promise<Registry> {
  const store = options.store ?? (await openStore(options.db ?? "memory", options.schema));
  try {
    const identity = await logIdentity(store, options);
    const reg = new Registry(
      store,
      identity,
      options.operatorSecretKey,
      options.clock ?? systemClock,
      options.logger ?? silentLogger,
    );
    await reg.load();
    return reg;
  } catch (e) {
    await store.close().catch(() => {});
    throw e;
  }
}

async function logIdentity(
  store: RegistryStore,
  o: {
    operatorSecretKey?: string;
    operatorPublicKey?: string;
    operatorId?: string;
    operatorKeyId?: string;
    origin?: string;
  },
): Promise<LogIdentity> {
  const publicKey = o.operatorPublicKey ?? publicKeyOf(o.operatorSecretKey as string);
  const origin = o.origin ?? "embargo.diamonds";
  const operator: Operator = { partyId: o.operatorId ?? "operator", keyId: o.operatorKeyId ?? "operator-1", publicKey };
  const stored = await store.getMeta("identity");
  const mine = JSON.stringify({ origin, operator });
  if (stored === undefined) await store.setMeta("identity", mine);
  else if (stored !== mine) fail("LOG_INTEGRITY", "this database belongs to a log with another origin or operator key");
  return { origin, operator, verifierKey: verifierKey(origin, publicKey) };
}

/** Audits a database without replaying it first (works on a tampered log that `openRegistry` refuses). */
export async function auditDatabase(options: {
  db?: string;
  schema?: string;
  store?: RegistryStore;
  operatorPublicKey: string;
  operatorId?: string;
  operatorKeyId?: string;
  origin?: string;
}): Promise<AuditReport> {
  const store = options.store ?? (await openStore(options.db ?? "memory", options.schema));
  try {
    return await auditStore(store, await logIdentity(store, options));
  } finally {
    await store.close();
  }
}

export { fromHex };
