/**
 * A server process for the shutdown test: `startServer` on an ephemeral port with no warm-up (so the first
 * requests load the regimes themselves and are in flight when the test signals), printing `PORT <n>` when listening.
 */
import { createEngine, silentLogger } from "@embargo/core";
import { startServer } from "../index.ts";

const server = await startServer({ engine: createEngine(), port: 0, logger: silentLogger, warmers: [] });
process.stdout.write(`PORT ${server.port}\n`);
await server.closed;
process.stdout.write("CLOSED\n");
