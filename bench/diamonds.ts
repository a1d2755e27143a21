/**
 * Diamond registry benchmarks (embedded PGlite on disk, one process):
 * - signed appends per second: pre-signed REGISTER_ROUGH events appended through the registry (zod parse,
 *   Ed25519 verification, invariants, RFC 8785 canonicalisation, Merkle append, signed checkpoint, durable commit),
 *   in batches of 500 and one at a time; baseline: raw unsigned INSERTs of the same rows in the same batches;
 * - inclusion-proof verifications per second on a 2^17-leaf tree; baseline: raw SHA-256 of 65-byte inputs.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fixedClock } from "@embargo/core";
import {
  leafHash,
  lot,
  MerkleTree,
  openRegistry,
  type SignedEvent,
  sha256,
  TestWorld,
  verifyInclusion,
} from "@embargo/core/registry";
import { type BenchModule, figure } from "./harness.ts";

const BATCH = 500;
const PER_SAMPLE = 2_000;
const SAMPLES = 5;

export const diamondsBench: BenchModule = {
  capability: "diamonds",
  async run() {
    const dir = await mkdtemp(path.join(tmpdir(), "embargo-bench-diamonds-"));
    try {
      const w = new TestWorld();
      const reg = await openRegistry({
        db: `pglite:${dir}`,
        operatorSecretKey: w.operator.secretKey,
        clock: fixedClock("2026-06-01T00:00:00Z"),
      });
      await reg.append(w.addParty("mine", "BW", ["MINER"]));
      let n = 0;
      const make = (count: number): SignedEvent[] =>
        Array.from({ length: count }, () =>
          w.sign("mine", {
            type: "REGISTER_ROUGH",
            time: "2024-01-10T00:00:00Z",
            outputs: [lot(`lot-${n++}`, 1_000 + (n % 997), { BW: 1_000 + (n % 997) })],
          }),
        );
      // Warm-up: one full sample's worth, so the JIT has settled before the first measured sample (with one batch of
      // warm-up, the first samples of a run were measured at 3,653 and 4,074 events/s, the last at 8,714).
      const warm = make(PER_SAMPLE);
      for (let i = 0; i < warm.length; i += BATCH) await reg.appendBatch(warm.slice(i, i + BATCH));
      const batched: number[] = [];
      const rowsForBaseline: { eventId: string; leafHash: string; leaf: string }[] = [];
      for (let s = 0; s < SAMPLES; s++) {
        const events = make(PER_SAMPLE);
        const t0 = performance.now();
        for (let i = 0; i < events.length; i += BATCH) await reg.appendBatch(events.slice(i, i + BATCH));
        batched.push(PER_SAMPLE / ((performance.now() - t0) / 1000));
      }
      const single: number[] = [];
      for (let s = 0; s < SAMPLES; s++) {
        const events = make(200);
        const t0 = performance.now();
        for (const e of events) await reg.append(e);
        single.push(200 / ((performance.now() - t0) / 1000));
      }
      // Many clients at once (e.g. the HTTP API): each appends one event and waits for its acknowledgement; the
      // registry group-commits whatever arrives while a commit is in flight.
      const concurrent: number[] = [];
      for (let s = 0; s < SAMPLES; s++) {
        const events = make(PER_SAMPLE);
        const t0 = performance.now();
        let next = 0;
        await Promise.all(
          Array.from({ length: 64 }, async () => {
            while (next < events.length) await reg.append(events[next++] as SignedEvent);
          }),
        );
        concurrent.push(PER_SAMPLE / ((performance.now() - t0) / 1000));
      }
      for (const r of await reg.store.events(reg.size - PER_SAMPLE)) rowsForBaseline.push(r);
      const size = reg.size;
      await reg.close();

      // Baseline: the same rows as raw unsigned inserts, same batch size, same database engine, one transaction each.
      // (PGlite opened directly: the stores have no raw SQL.)
      const { PGlite } = await import("@electric-sql/pglite");
      const raw = new PGlite({ dataDir: path.join(dir, "raw"), relaxedDurability: false });
      await raw.query(
        "CREATE TABLE IF NOT EXISTS raw (seq BIGINT PRIMARY KEY, event_id TEXT, leaf_hash TEXT, leaf TEXT)",
      );
      const rawRate: number[] = [];
      let seq = 0;
      for (let s = 0; s < SAMPLES; s++) {
        const t0 = performance.now();
        for (let i = 0; i < rowsForBaseline.length; i += BATCH) {
          const chunk = rowsForBaseline.slice(i, i + BATCH);
          const values = chunk.map((_, j) => `($${j * 4 + 1},$${j * 4 + 2},$${j * 4 + 3},$${j * 4 + 4})`).join(",");
          await raw.query(
            `INSERT INTO raw VALUES ${values}`,
            chunk.flatMap((r) => [seq++, r.eventId, r.leafHash, r.leaf]),
          );
        }
        rawRate.push(rowsForBaseline.length / ((performance.now() - t0) / 1000));
      }
      await raw.close();

      // Proof verification on a 2^17-leaf tree.
      const tree = new MerkleTree();
      const LEAVES = 1 << 17;
      for (let i = 0; i < LEAVES; i++) tree.appendLeafHash(leafHash(new TextEncoder().encode(`leaf ${i}`)));
      const root = tree.root();
      const proofs = Array.from({ length: 2_000 }, (_, k) => {
        const i = (k * 7919) % LEAVES;
        return { i, leaf: tree.leaf(i), proof: tree.inclusionProof(i) };
      });
      const verifyRate: number[] = [];
      const hashRate: number[] = [];
      const input = new Uint8Array(65);
      for (let s = 0; s < SAMPLES; s++) {
        let t0 = performance.now();
        let ok = 0;
        for (const p of proofs) if (verifyInclusion(p.i, LEAVES, p.leaf, p.proof, root)) ok++;
        if (ok !== proofs.length) throw new Error("a proof failed to verify");
        verifyRate.push(proofs.length / ((performance.now() - t0) / 1000));
        t0 = performance.now();
        for (let k = 0; k < 20_000; k++) {
          input[0] = k & 0xff;
          sha256(input);
        }
        hashRate.push(20_000 / ((performance.now() - t0) / 1000));
      }
      const rawMedian = figure({ name: "raw", unit: "", samples: rawRate, betterIs: "higher" }).median;
      const hashMedian = figure({ name: "raw", unit: "", samples: hashRate, betterIs: "higher" }).median;
      return [
        figure({
          name: `signed appends per second, embedded PGlite on disk, batches of ${BATCH} (log of ${size} events)`,
          unit: "events/s",
          samples: batched,
          baseline: { name: `raw unsigned INSERTs of the same rows, batches of ${BATCH}`, median: rawMedian },
          betterIs: "higher",
          goal: ">= 5000 embedded",
          goalCheck: (m) => m >= 5_000,
          note: "each event: zod parse, Ed25519 verify, invariants, JCS, Merkle append; one signed checkpoint and one durable commit per batch",
        }),
        figure({
          name: "signed appends per second, 64 concurrent clients appending one event each (group commit)",
          unit: "events/s",
          samples: concurrent,
          baseline: { name: `raw unsigned INSERTs of the same rows, batches of ${BATCH}`, median: rawMedian },
          betterIs: "higher",
          goal: ">= 5000 embedded",
          goalCheck: (m) => m >= 5_000,
        }),
        figure({
          name: "signed appends per second, one event per commit (acknowledged individually)",
          unit: "events/s",
          samples: single,
          baseline: { name: `raw unsigned INSERTs of the same rows, batches of ${BATCH}`, median: rawMedian },
          betterIs: "higher",
        }),
        figure({
          name: `inclusion-proof verifications per second (tree of ${LEAVES} leaves, 17-hash proofs)`,
          unit: "proofs/s",
          samples: verifyRate,
          baseline: { name: "raw SHA-256 of 65-byte inputs per second", median: hashMedian },
          betterIs: "higher",
        }),
      ];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
