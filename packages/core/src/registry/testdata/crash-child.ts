/**
 * Test fixture (not product code): child process of the crash test: opens a registry and appends events in a loop, printing `ACK <seq> <eventId>`
 * only after each append resolved (= committed). The parent SIGKILLs it mid-stream.
 * Usage: node --import tsx crash-child.ts <db> <schema> <operatorSecretKey>
 */
import { fixedClock } from "../../runtime/index.ts";
import { publicKeyOf } from "../crypto.ts";
import { openRegistry } from "../registry.ts";
import { lot, TestWorld } from "../testkit.ts";

const [db, schema, operatorSecretKey] = process.argv.slice(2);
if (!db || !schema || !operatorSecretKey) throw new Error("usage: crash-child <db> <schema> <operatorSecretKey>");
const w = new TestWorld(undefined, { secretKey: operatorSecretKey, publicKey: publicKeyOf(operatorSecretKey) });
const reg = await openRegistry({ db, schema, operatorSecretKey, clock: fixedClock("2026-06-01T00:00:00Z") });
const suffix = `${process.pid}`;
const party = w.addParty(`mine-${suffix}`, "BW", ["MINER"]);
let r = await reg.append(party);
process.stdout.write(`ACK ${r.seq} ${r.eventId}\n`);
for (let i = 0; ; i++) {
  const ev = w.sign(`mine-${suffix}`, {
    type: "REGISTER_ROUGH",
    time: "2024-01-10T00:00:00Z",
    outputs: [lot(`lot-${suffix}-${i}`, 1000 + i, { BW: 1000 + i })],
  });
  r = await reg.append(ev);
  process.stdout.write(`ACK ${r.seq} ${r.eventId}\n`);
}
