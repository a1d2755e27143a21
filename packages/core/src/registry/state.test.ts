import assert from "node:assert/strict";
import { test } from "node:test";
import { ed25519 } from "@noble/curves/ed25519.js";
import { isEmbargoError } from "../errors/index.ts";
import { REGISTRY_ERRORS, type RegistryErrorCode } from "./codes.ts";
import { fromB64u, fromHex } from "./crypto.ts";
import { buildEvent, eventIdOf, signEvent } from "./events.ts";
import type { KpCertificate, SignedEvent } from "./model.ts";
import { RegistryState } from "./state.ts";
import { docHash, kpCertificate, lot, OPERATOR_ID, OPERATOR_KEY_ID, TestWorld } from "./testkit.ts";

const NOW = new Date("2026-06-01T00:00:00Z");
const seen = new Set<string>();

function setup() {
  const w = new TestWorld();
  const s = new RegistryState({ partyId: OPERATOR_ID, keyId: OPERATOR_KEY_ID, publicKey: w.operator.publicKey });
  let seq = 0;
  const put = (e: SignedEvent): string => {
    const id = s.check(e, { now: NOW });
    s.apply(e, id, seq++);
    return id;
  };
  for (const e of w.standard()) put(e);
  const rBw = put(
    w.sign("mine-bw", {
      type: "REGISTER_ROUGH",
      time: "2024-01-10T00:00:00Z",
      outputs: [lot("bw-1", 10_000, { BW: 10_000 }, { pieces: 5 })],
    }),
  );
  const rRu = put(
    w.sign("mine-ru", {
      type: "REGISTER_ROUGH",
      time: "2024-01-10T00:00:00Z",
      outputs: [lot("ru-1", 2_000, { RU: 2_000 }, { pieces: 2 })],
    }),
  );
  return { w, s, put, rBw, rRu };
}

/** Asserts that `e` is rejected with `code` (and its registered category), and records the code as covered. */
function rejects(s: RegistryState, e: SignedEvent, code: RegistryErrorCode): void {
  try {
    s.check(e, { now: NOW });
  } catch (err) {
    assert.ok(isEmbargoError(err), String(err));
    assert.equal(err.code, code, err.message);
    assert.equal(err.category, REGISTRY_ERRORS[code]);
    seen.add(code);
    return;
  }
  assert.fail(`expected ${code}`);
}

const T = "2024-02-01T00:00:00Z";

test("happy path: register, split, merge, manufacture, grade, transfer/accept conserve and link", () => {
  const { w, s, put } = setup();
  put(
    w.sign("mine-bw", {
      type: "SPLIT",
      time: T,
      inputs: ["bw-1"],
      outputs: [lot("bw-1a", 6_000, { BW: 6_000 }, { pieces: 3 }), lot("bw-1b", 4_000, { BW: 4_000 }, { pieces: 2 })],
    }),
  );
  assert.equal(s.lots.get("bw-1")?.consumedBy !== undefined, true);
  const t = put(w.sign("mine-ru", { type: "TRANSFER", time: T, inputs: ["ru-1"], body: { to: "mine-bw" } }));
  assert.equal(s.lots.get("ru-1")?.holder, "mine-ru");
  put(w.sign("mine-bw", { type: "ACCEPT", time: T, inputs: ["ru-1"], body: { transfer: t } }));
  assert.equal(s.lots.get("ru-1")?.holder, "mine-bw");
  put(
    w.sign("mine-bw", {
      type: "MERGE",
      time: T,
      inputs: ["bw-1b", "ru-1"],
      outputs: [lot("mix-1", 6_000, { BW: 4_000, RU: 2_000 }, { pieces: 4 })],
    }),
  );
  const tr = put(w.sign("mine-bw", { type: "TRANSFER", time: T, inputs: ["mix-1"], body: { to: "cutter-in" } }));
  put(w.sign("cutter-in", { type: "ACCEPT", time: T, inputs: ["mix-1"], body: { transfer: tr } }));
  put(
    w.sign("cutter-in", {
      type: "MANUFACTURE",
      time: "2024-03-01T00:00:00Z",
      inputs: ["mix-1"],
      outputs: [
        lot(
          "pol-1",
          2_500,
          { BW: 1_500, RU: 1_000 },
          { form: "POLISHED_PARCEL", cnCode: "71023900", pieces: 4, processedIn: ["IN"] },
        ),
      ],
      body: { loss: { weightMct: 3_500, byCountry: { BW: 2_500, RU: 1_000 }, unknownMct: 0 } },
    }),
  );
  put(
    w.sign("lab-us", {
      type: "GRADE",
      time: "2024-03-02T00:00:00Z",
      inputs: ["pol-1"],
      body: { reportNo: "GIA-1", reportSha256: docHash("r") },
    }),
  );
  assert.deepEqual(new Set(s.lineage("pol-1")), new Set(["pol-1", "mix-1", "bw-1b", "bw-1", "ru-1"]));
});

test("signatures: forgery, wrong key and tampering are BAD_SIGNATURE; noble verifies node's signatures", () => {
  const { w, s } = setup();
  const good = w.sign("mine-bw", {
    type: "SPLIT",
    time: T,
    inputs: ["bw-1"],
    outputs: [lot("a", 5_000, { BW: 5_000 }, { pieces: 2 }), lot("b", 5_000, { BW: 5_000 }, { pieces: 3 })],
  });
  // Interop: the signature is plain RFC 8032 Ed25519 over the 32-byte event id.
  const pub = w.parties.get("mine-bw")?.party.keys[0]?.publicKey as string;
  assert.ok(ed25519.verify(fromB64u(good.sig), fromHex(eventIdOf(good)), fromB64u(pub)));
  // Tampered content: the signature no longer matches.
  rejects(
    s,
    {
      ...good,
      outputs: [
        lot("a", 5_000, { BW: 5_000 }, { pieces: 2 }),
        lot("b", 5_000, { BW: 5_000 }, { pieces: 3, cnCode: "71023900" }),
      ],
    },
    "BAD_SIGNATURE",
  );
  // Forged: signed by another party's key while claiming mine-bw.
  const forged = signEvent(
    buildEvent({
      type: "SPLIT",
      time: T,
      actor: "mine-bw",
      keyId: "mine-bw-k1",
      nonce: "forged-01",
      inputs: ["bw-1"],
      outputs: good.outputs,
    }),
    w.parties.get("mine-ru")?.keys.secretKey as string,
  );
  rejects(s, forged, "BAD_SIGNATURE");
  rejects(s, { ...good, sig: "A".repeat(86) }, "BAD_SIGNATURE");
  rejects(s, { ...good, actor: "nobody" }, "UNKNOWN_PARTY");
  rejects(s, { ...good, keyId: "mine-bw-k9" }, "KEY_NOT_VALID");
  rejects(
    s,
    w.sign("mine-bw", { type: "SPLIT", time: "2019-06-01T00:00:00Z", inputs: ["bw-1"], outputs: good.outputs }),
    "KEY_NOT_VALID",
  );
});

test("replay and double spend", () => {
  const { w, s, put } = setup();
  const split = w.sign("mine-bw", {
    type: "SPLIT",
    time: T,
    inputs: ["bw-1"],
    outputs: [lot("a", 5_000, { BW: 5_000 }, { pieces: 2 }), lot("b", 5_000, { BW: 5_000 }, { pieces: 3 })],
  });
  put(split);
  rejects(s, split, "REPLAYED_EVENT");
  // Same input spent again with a fresh nonce: double spend.
  rejects(
    s,
    w.sign("mine-bw", {
      type: "SPLIT",
      time: T,
      inputs: ["bw-1"],
      outputs: [lot("c", 5_000, { BW: 5_000 }, { pieces: 2 }), lot("d", 5_000, { BW: 5_000 }, { pieces: 3 })],
    }),
    "LOT_ALREADY_CONSUMED",
  );
  rejects(
    s,
    w.sign("mine-bw", { type: "REGISTER_ROUGH", time: T, outputs: [lot("a", 1, { BW: 1 })] }),
    "LOT_ALREADY_EXISTS",
  );
  rejects(s, w.sign("mine-bw", { type: "SPLIT", time: T, inputs: ["zzz"], outputs: [] }), "LOT_NOT_FOUND");
  rejects(s, w.addParty("mine-bw", "BW", ["MINER"]), "PARTY_ALREADY_EXISTS");
});

test("conservation: weight, pieces, per-country origin (exact integers)", () => {
  const { w, s } = setup();
  const split = (a: ReturnType<typeof lot>, b: ReturnType<typeof lot>) =>
    w.sign("mine-bw", { type: "SPLIT", time: T, inputs: ["bw-1"], outputs: [a, b] });
  rejects(
    s,
    split(lot("a", 5_000, { BW: 5_000 }, { pieces: 2 }), lot("b", 4_999, { BW: 4_999 }, { pieces: 3 })),
    "WEIGHT_NOT_CONSERVED",
  );
  rejects(
    s,
    split(lot("a", 5_000, { BW: 5_000 }, { pieces: 2 }), lot("b", 5_000, { BW: 5_000 }, { pieces: 2 })),
    "PIECES_NOT_CONSERVED",
  );
  rejects(
    s,
    split(lot("a", 5_000, { BW: 5_000 }, { pieces: 2 }), lot("b", 5_000, { BW: 4_000, CA: 1_000 }, { pieces: 3 })),
    "ORIGIN_NOT_CONSERVED",
  );
  rejects(
    s,
    split(lot("a", 5_000, { BW: 5_000 }, { pieces: 2 }), lot("b", 5_000, { BW: 4_000 }, { pieces: 3 })),
    "LOT_INCONSISTENT",
  );
  rejects(
    s,
    w.sign("mine-bw", {
      type: "SPLIT",
      time: T,
      inputs: ["bw-1"],
      outputs: [lot("a", 10_000, { BW: 10_000 }, { pieces: 5 })],
    }),
    "WRONG_INPUT_COUNT",
  );
  rejects(
    s,
    split(
      lot("a", 5_000, { BW: 5_000 }, { pieces: 2, form: "POLISHED_PARCEL" }),
      lot("b", 5_000, { BW: 5_000 }, { pieces: 3 }),
    ),
    "LOT_FORM_INVALID",
  );
});

test("manufacture may lose declared weight, never gain; Russian content is never diluted away", () => {
  const { w, s, put } = setup();
  const t = put(w.sign("mine-ru", { type: "TRANSFER", time: T, inputs: ["ru-1"], body: { to: "cutter-in" } }));
  put(w.sign("cutter-in", { type: "ACCEPT", time: T, inputs: ["ru-1"], body: { transfer: t } }));
  const mf = (outW: number, lossW: number, outRu: number, lossRu: number, extra = {}) =>
    w.sign("cutter-in", {
      type: "MANUFACTURE",
      time: T,
      inputs: ["ru-1"],
      outputs: [
        lot("p", outW, { RU: outRu }, { form: "POLISHED_STONE", cnCode: "71023900", processedIn: ["IN"], ...extra }),
      ],
      body: { loss: { weightMct: lossW, byCountry: { RU: lossRu }, unknownMct: 0 } },
    });
  rejects(s, mf(2_100, 0, 2_100, 0), "WEIGHT_NOT_CONSERVED"); // gained weight
  rejects(s, mf(900, 1_000, 900, 1_000), "WEIGHT_NOT_CONSERVED"); // undeclared loss
  rejects(s, mf(900, 1_100, 900, 1_000), "LOT_INCONSISTENT"); // loss breakdown ≠ loss
  rejects(s, mf(900, 1_100, 900, 1_100, { processedIn: [] }), "ORIGIN_NOT_CONSERVED"); // processing country dropped
  rejects(s, w.sign("mine-bw", { type: "MANUFACTURE", time: T, inputs: ["bw-1"], outputs: [] }), "ROLE_NOT_AUTHORISED");
  // Dilution through cutting: all Russian weight declared as loss would leave a "clean" polished stone.
  const t2 = put(w.sign("mine-bw", { type: "TRANSFER", time: T, inputs: ["bw-1"], body: { to: "cutter-in" } }));
  put(w.sign("cutter-in", { type: "ACCEPT", time: T, inputs: ["bw-1"], body: { transfer: t2 } }));
  rejects(
    s,
    w.sign("cutter-in", {
      type: "MANUFACTURE",
      time: T,
      inputs: ["ru-1", "bw-1"],
      outputs: [lot("p", 4_000, { BW: 4_000 }, { form: "POLISHED_STONE", cnCode: "71023900", processedIn: ["IN"] })],
      body: { loss: { weightMct: 8_000, byCountry: { BW: 6_000, RU: 2_000 }, unknownMct: 0 } },
    }),
    "ORIGIN_DILUTED",
  );
  put(mf(900, 1_100, 900, 1_100));
  assert.equal(s.lots.get("p")?.lot.origin.byCountry.RU, 900);
});

test("mixing: an RU-bearing parcel cannot be split into a clean part; flags cannot be dropped", () => {
  const { w, s, put } = setup();
  const t = put(w.sign("mine-ru", { type: "TRANSFER", time: T, inputs: ["ru-1"], body: { to: "mine-bw" } }));
  put(w.sign("mine-bw", { type: "ACCEPT", time: T, inputs: ["ru-1"], body: { transfer: t } }));
  put(
    w.sign("mine-bw", {
      type: "MERGE",
      time: T,
      inputs: ["bw-1", "ru-1"],
      outputs: [lot("mix", 12_000, { BW: 10_000, RU: 2_000 }, { pieces: 7, transitedRU: "unknown" })],
    }),
  );
  rejects(
    s,
    w.sign("mine-bw", {
      type: "SPLIT",
      time: T,
      inputs: ["mix"],
      outputs: [
        lot("m1", 2_000, { RU: 2_000 }, { pieces: 2, transitedRU: "unknown" }),
        lot("m2", 10_000, { BW: 10_000 }, { pieces: 5, transitedRU: "unknown" }),
      ],
    }),
    "ORIGIN_DILUTED",
  );
  rejects(
    s,
    w.sign("mine-bw", {
      type: "SPLIT",
      time: T,
      inputs: ["mix"],
      outputs: [
        lot("m1", 6_000, { RU: 1_000, BW: 5_000 }, { pieces: 3, transitedRU: "unknown" }),
        lot("m2", 6_000, { RU: 1_000, BW: 5_000 }, { pieces: 4 }),
      ],
    }),
    "ORIGIN_DILUTED",
  );
  put(
    w.sign("mine-bw", {
      type: "SPLIT",
      time: T,
      inputs: ["mix"],
      outputs: [
        lot("m1", 6_000, { RU: 1_000, BW: 5_000 }, { pieces: 3, transitedRU: "unknown" }),
        lot("m2", 6_000, { RU: 1_000, BW: 5_000 }, { pieces: 4, transitedRU: true }),
      ],
    }),
  );
});

test("custody, authority and time", () => {
  const { w, s, put, rBw } = setup();
  rejects(
    s,
    w.sign("trader-be", { type: "TRANSFER", time: T, inputs: ["bw-1"], body: { to: "trader-be" } }),
    "NOT_HOLDER",
  );
  rejects(
    s,
    w.sign("trader-be", { type: "REGISTER_ROUGH", time: T, outputs: [lot("t", 1, { BE: 1 })] }),
    "ROLE_NOT_AUTHORISED",
  );
  rejects(
    s,
    w.sign("mine-bw", { type: "REGISTER_ROUGH", time: T, outputs: [lot("t", 1, { RU: 1 })] }),
    "ORIGIN_NOT_ACTOR_COUNTRY",
  );
  rejects(
    s,
    w.sign("mine-bw", {
      type: "REGISTER_ROUGH",
      time: T,
      outputs: [lot("t", 1, { BW: 1 }, { form: "POLISHED_STONE" })],
    }),
    "LOT_FORM_INVALID",
  );
  rejects(
    s,
    w.sign("mine-bw", { type: "TRANSFER", time: "2024-01-09T00:00:00Z", inputs: ["bw-1"], body: { to: "trader-be" } }),
    "EVENT_PREDATES_INPUT",
  );
  rejects(
    s,
    w.sign("mine-bw", {
      type: "TRANSFER",
      time: "2024-01-09T00:00:00Z",
      parents: [rBw],
      body: { to: "trader-be" },
      inputs: [],
    }),
    "EVENT_PREDATES_INPUT",
  );
  rejects(
    s,
    w.sign("mine-bw", {
      type: "TRANSFER",
      time: T,
      parents: ["0".repeat(64)],
      inputs: ["bw-1"],
      body: { to: "trader-be" },
    }),
    "PARENT_NOT_FOUND",
  );
  rejects(
    s,
    w.sign("mine-bw", { type: "TRANSFER", time: "2027-01-01T00:00:00Z", inputs: ["bw-1"], body: { to: "trader-be" } }),
    "EVENT_IN_FUTURE",
  );
  rejects(
    s,
    w.sign("mine-bw", { type: "TRANSFER", time: T, inputs: ["bw-1"], body: { recipient: "x" } }),
    "EVENT_INVALID",
  );
  const t = put(w.sign("mine-bw", { type: "TRANSFER", time: T, inputs: ["bw-1"], body: { to: "trader-be" } }));
  rejects(
    s,
    w.sign("mine-bw", { type: "TRANSFER", time: T, inputs: ["bw-1"], body: { to: "cutter-in" } }),
    "LOT_IN_TRANSIT",
  );
  rejects(s, w.sign("cutter-in", { type: "ACCEPT", time: T, inputs: ["bw-1"], body: { transfer: t } }), "NOT_RECEIVER");
  rejects(
    s,
    w.sign("trader-be", { type: "ACCEPT", time: T, inputs: ["bw-1"], body: { transfer: "1".repeat(64) } }),
    "NO_PENDING_TRANSFER",
  );
  rejects(
    s,
    w.sign("trader-be", { type: "ACCEPT", time: "2024-01-20T00:00:00Z", inputs: ["bw-1"], body: { transfer: t } }),
    "EVENT_PREDATES_INPUT",
  );
  // Out of order: an event depending on the acceptance cannot come before it.
  rejects(
    s,
    w.sign("trader-be", { type: "TRANSFER", time: T, inputs: ["bw-1"], body: { to: "cutter-in" } }),
    "NOT_HOLDER",
  );
  put(w.sign("trader-be", { type: "ACCEPT", time: T, inputs: ["bw-1"], body: { transfer: t } }));
  rejects(
    s,
    w.sign("trader-be", { type: "ACCEPT", time: T, inputs: ["bw-1"], body: { transfer: t } }),
    "NO_PENDING_TRANSFER",
  );
});

const cert = kpCertificate;

test("Kimberley Process export/import, G7 verification, amend and revoke", () => {
  const { w, s, put } = setup();
  const exp = (c: KpCertificate, inputs = ["bw-1"], actor = "kp-bw") =>
    w.sign(actor, { type: "KP_EXPORT", time: "2024-01-20T00:00:00Z", inputs, body: { certificate: c } });
  rejects(s, exp(cert({ weightMct: 9_999 })), "KP_MISMATCH");
  rejects(s, exp(cert({ parcelCount: 2 })), "KP_MISMATCH");
  rejects(s, exp(cert({ origins: [{ country: "RU" }] })), "KP_MISMATCH");
  rejects(s, exp(cert({ certNo: "BE-1" })), "KP_CERT_INVALID");
  rejects(s, exp(cert({ expiresOn: "2024-01-16" })), "KP_CERT_INVALID");
  rejects(s, exp(cert(), ["bw-1"], "trader-be"), "ROLE_NOT_AUTHORISED");
  rejects(
    s,
    w.sign("kp-be", {
      type: "KP_IMPORT",
      time: "2024-01-21T00:00:00Z",
      inputs: ["bw-1"],
      body: { certNo: "BW-000123", receipt: { date: "2024-01-21", parcels: 1, weightMct: 10_000 } },
    }),
    "KP_NOT_EXPORTED",
  );
  put(exp(cert()));
  rejects(s, exp(cert()), "KP_CERT_REUSED");
  rejects(
    s,
    w.sign("mine-bw", { type: "TRANSFER", time: "2024-01-20T00:00:00Z", inputs: ["bw-1"], body: { to: "trader-be" } }),
    "LOT_IN_TRANSIT",
  );
  const imp = (weightMct: number) =>
    w.sign("kp-be", {
      type: "KP_IMPORT",
      time: "2024-01-21T00:00:00Z",
      inputs: ["bw-1"],
      body: { certNo: "BW-000123", receipt: { date: "2024-01-21", parcels: 1, weightMct } },
    });
  rejects(s, imp(9_000), "KP_MISMATCH");
  put(imp(10_000));
  assert.equal(s.lots.get("bw-1")?.holder, "trader-be");
  const g7 = (m: number) =>
    w.sign("node-be", {
      type: "G7_VERIFY",
      time: "2024-01-22T00:00:00Z",
      inputs: ["bw-1"],
      body: { certificateNo: "G7-BE-1", result: "PASS", measuredWeightMct: m, measuredPieces: 5 },
    });
  rejects(s, g7(9_990), "G7_MEASUREMENT_MISMATCH");
  const v = put(g7(10_000));
  rejects(
    s,
    w.sign("trader-be", { type: "REVOKE", time: "2024-01-23T00:00:00Z", body: { target: v, reason: "x" } }),
    "ROLE_NOT_AUTHORISED",
  );
  rejects(
    s,
    w.sign("node-be", { type: "REVOKE", time: "2024-01-23T00:00:00Z", body: { target: "2".repeat(64), reason: "x" } }),
    "TARGET_NOT_FOUND",
  );
  const reg = [...s.events.values()].find((r) => r.event.type === "REGISTER_ROUGH")?.id as string;
  rejects(
    s,
    w.sign("mine-bw", { type: "REVOKE", time: "2024-01-23T00:00:00Z", body: { target: reg, reason: "x" } }),
    "REVOKE_NOT_ALLOWED",
  );
  put(
    w.sign("node-be", {
      type: "AMEND",
      time: "2024-01-23T00:00:00Z",
      body: { target: v, note: "certificate scan re-uploaded" },
    }),
  );
  put(w.sign("node-be", { type: "REVOKE", time: "2024-01-23T00:00:00Z", body: { target: v, reason: "seal broken" } }));
  rejects(
    s,
    w.sign("node-be", { type: "REVOKE", time: "2024-01-24T00:00:00Z", body: { target: v, reason: "again" } }),
    "ALREADY_REVOKED",
  );
  assert.ok(s.events.get(v)?.revokedBy);
  assert.ok(s.events.has(v), "nothing is deleted");
});

test("a rejected event leaves the state untouched", () => {
  const { w, s } = setup();
  const before = JSON.stringify([...s.lots.entries()]);
  rejects(
    s,
    w.sign("mine-bw", {
      type: "SPLIT",
      time: T,
      inputs: ["bw-1"],
      outputs: [lot("a", 5_000, { BW: 5_000 }, { pieces: 2 }), lot("b", 4_000, { BW: 4_000 }, { pieces: 3 })],
    }),
    "WEIGHT_NOT_CONSERVED",
  );
  assert.equal(JSON.stringify([...s.lots.entries()]), before);
  const ev = w.sign("mine-bw", { type: "REGISTER_ROUGH", time: T, outputs: [lot("ok", 1, { BW: 1 })] });
  assert.equal(typeof s.check(ev, { now: NOW }), "string");
  rejects(s, { ...w.addParty("x", "BW", ["MINER"]), actor: "mine-bw", keyId: "mine-bw-k1" }, "BAD_SIGNATURE");
  const op = w.addParty("y", "BW", ["MINER"]);
  rejects(
    s,
    signEvent({ ...op, nonce: "other-nonce" }, w.parties.get("mine-bw")?.keys.secretKey as string),
    "BAD_SIGNATURE",
  );
  rejects(
    s,
    signEvent(
      buildEvent({ type: "REGISTER_PARTY", time: T, actor: "mine-bw", keyId: "mine-bw-k1", body: op.body }),
      w.parties.get("mine-bw")?.keys.secretKey as string,
    ),
    "ROLE_NOT_AUTHORISED",
  );
});

test("every state-level error code has a failing test", () => {
  const storeLevel = new Set(["LOG_INTEGRITY", "STORE_CONFLICT"]);
  const missing = Object.keys(REGISTRY_ERRORS).filter((c) => !storeLevel.has(c) && !seen.has(c));
  assert.deepEqual(missing, []);
});

test("verifyBundle reports malformed input instead of throwing", async () => {
  const { verifyBundle } = await import("./bundle.ts");
  for (const junk of [null, 42, {}, { format: "embargo-diamond-provenance/1", events: [{}], log: { operator: {} } }]) {
    const r = verifyBundle(junk);
    assert.equal(r.valid, false);
    assert.ok(r.problems.length > 0);
  }
});

test("idAndLeaf equals the id and the canonical text computed separately", async () => {
  const { idAndLeaf } = await import("./events.ts");
  const { canonicalize } = await import("./jcs.ts");
  const { w, s } = setup();
  const evs = [...s.events.values()].map((r) => r.event);
  evs.push(
    w.sign("mine-bw", {
      type: "SPLIT",
      time: T,
      inputs: ["bw-1"],
      outputs: [lot("a", 5_000, { BW: 5_000 }, { pieces: 2 })],
      body: { time: "x", nested: { time: ',"time":"' } },
    }),
  );
  for (const e of evs) {
    const { id, leaf } = idAndLeaf(e);
    assert.equal(id, eventIdOf(e));
    assert.equal(leaf, canonicalize(e));
  }
});
