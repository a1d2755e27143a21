// Property tests on random split/merge DAGs: whatever sequence of (possibly invalid) events is submitted, the accepted
// state conserves weight, pieces and per-country origin exactly, never lets Russian content vanish, and never
// consumes a lot twice.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { isEmbargoError } from "../errors/index.ts";
import type { Lot } from "./model.ts";
import { RegistryState, taintedMct } from "./state.ts";
import { lot, OPERATOR_ID, OPERATOR_KEY_ID, TestWorld } from "./testkit.ts";

const NOW = new Date("2026-06-01T00:00:00Z");
const T = "2024-02-01T00:00:00Z";

// One world for all runs (key generation is the slow part); each run uses its own lot-id prefix.
const w = new TestWorld();
const parties = w.standard();

type Op =
  | { kind: "split"; pick: number; share: number; piecesShare: number; skew: number }
  | { kind: "merge"; a: number; b: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("split" as const),
    pick: fc.nat(),
    share: fc.integer({ min: 0, max: 1000 }),
    piecesShare: fc.nat(),
    skew: fc.integer({ min: -2, max: 2 }),
  }),
  fc.record({ kind: fc.constant("merge" as const), a: fc.nat(), b: fc.nat() }),
);

let run = 0;
const tally = { accepted: 0, rejected: 0 };
test("random DAGs keep exact conservation and monotone taint", () => {
  fc.assert(
    fc.property(fc.array(opArb, { minLength: 1, maxLength: 25 }), (ops) => {
      const p = `r${run++}-`;
      const s = new RegistryState({ partyId: OPERATOR_ID, keyId: OPERATOR_KEY_ID, publicKey: w.operator.publicKey });
      let seq = 0;
      const put = (e: ReturnType<typeof w.sign>): boolean => {
        try {
          const id = s.check(e, { now: NOW });
          s.apply(e, id, seq++);
          return true;
        } catch (err) {
          assert.ok(isEmbargoError(err) && err.category !== "internal", String(err));
          return false;
        }
      };
      for (const e of parties) put(e);
      // Both miners' rough goes to one holder so it can be mixed.
      assert.ok(
        put(
          w.sign("mine-bw", {
            type: "REGISTER_ROUGH",
            time: T,
            outputs: [lot(`${p}bw`, 9_000, { BW: 9_000 }, { pieces: 9 })],
          }),
        ),
      );
      assert.ok(
        put(
          w.sign("mine-ru", {
            type: "REGISTER_ROUGH",
            time: T,
            outputs: [lot(`${p}ru`, 3_001, { RU: 3_001 }, { pieces: 4 })],
          }),
        ),
      );
      const tr = w.sign("mine-ru", { type: "TRANSFER", time: T, inputs: [`${p}ru`], body: { to: "mine-bw" } });
      assert.ok(put(tr));
      const trId = [...s.events.keys()].at(-1) as string;
      assert.ok(put(w.sign("mine-bw", { type: "ACCEPT", time: T, inputs: [`${p}ru`], body: { transfer: trId } })));
      const tallied = (e: ReturnType<typeof w.sign>): void => {
        if (put(e)) tally.accepted++;
        else tally.rejected++;
      };
      let n = 0;
      const live = () => [...s.lots.values()].filter((l) => !l.consumedBy).map((l) => l.lot);
      for (const op of ops) {
        const ls = live();
        if (op.kind === "split") {
          const src = ls[op.pick % ls.length] as Lot;
          if (src.pieces < 2) continue;
          const pa = 1 + (op.piecesShare % (src.pieces - 1));
          const byA: Record<string, number> = {};
          const byB: Record<string, number> = {};
          for (const [c, x] of Object.entries(src.origin.byCountry)) {
            const xa = Math.floor((x * op.share) / 1000);
            byA[c] = xa;
            byB[c] = x - xa + op.skew; // skew ≠ 0 breaks conservation on purpose
          }
          const wa = Object.values(byA).reduce((a, x) => a + x, 0);
          const wb = Object.values(byB).reduce((a, x) => a + x, 0);
          if (wa <= 0 || wb <= 0) continue;
          tallied(
            w.sign("mine-bw", {
              type: "SPLIT",
              time: T,
              inputs: [src.lotId],
              outputs: [
                lot(`${p}s${n}a`, wa, byA, { pieces: pa }),
                lot(`${p}s${n}b`, wb, byB, { pieces: src.pieces - pa }),
              ],
            }),
          );
        } else {
          const a = ls[op.a % ls.length] as Lot;
          const b = ls[op.b % ls.length] as Lot;
          const by: Record<string, number> = {};
          for (const l of a === b ? [a] : [a, b])
            for (const [c, x] of Object.entries(l.origin.byCountry)) by[c] = (by[c] ?? 0) + x;
          const wt = Object.values(by).reduce((x, y) => x + y, 0);
          tallied(
            w.sign("mine-bw", {
              type: "MERGE",
              time: T,
              inputs: a === b ? [a.lotId] : [a.lotId, b.lotId],
              outputs: [lot(`${p}m${n}`, wt, by, { pieces: a === b ? a.pieces : a.pieces + b.pieces })],
            }),
          );
        }
        n++;
      }
      // Global invariants over the accepted state.
      const now = live().filter((l) => l.lotId.startsWith(p));
      const sum = (f: (l: Lot) => number) => now.reduce((a, l) => a + f(l), 0);
      assert.equal(
        sum((l) => l.weightMct),
        12_001,
      );
      assert.equal(
        sum((l) => l.pieces),
        13,
      );
      assert.equal(
        sum((l) => l.origin.byCountry.RU ?? 0),
        3_001,
      );
      assert.equal(
        sum((l) => l.origin.byCountry.BW ?? 0),
        9_000,
      );
      for (const l of now) {
        const ancestors = s.lineage(l.lotId);
        if (ancestors.includes(`${p}ru`))
          assert.ok(
            taintedMct(l.origin) > 0,
            `lot ${l.lotId} descends from Russian rough but carries no Russian content`,
          );
      }
      for (const st of s.lots.values()) if (st.consumedBy) assert.ok(s.events.has(st.consumedBy));
    }),
    { numRuns: 60 },
  );
  // The generator exercises both outcomes (not a vacuous property).
  assert.ok(tally.accepted > 50 && tally.rejected > 20, JSON.stringify(tally));
});
