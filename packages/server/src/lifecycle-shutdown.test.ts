/**
 * Issue 11 item 8: shutdown must not wait for a value still loading (a warm-up building the screening index, a
 * registry being opened). Before the fix closeAll awaited every loaded value, so SIGTERM during a warm-up took as
 * long as the warm-up (53 s measured on a cold server with its registry open).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createEngine, silentLogger } from "@embargo/core";
import { trackResources } from "./lifecycle.ts";

test("closeAll closes what has loaded and does not wait for what never finishes loading; a late value is closed when it arrives", async () => {
  const closed: string[] = [];
  const { engine, closeAll } = trackResources(createEngine());
  await engine.lazy("registry", async () => ({ close: async () => void closed.push("registry") }));
  void engine.lazy("never", () => new Promise<never>(() => {}));
  let finish: (v: { close(): void }) => void = () => {};
  void engine.lazy("late", () => new Promise<{ close(): void }>((r) => (finish = r)));
  let outcome = "pending";
  const done = closeAll(silentLogger, { waitMs: 20 }).then(() => {
    outcome = "closed";
  });
  // Liveness, not a timing: if closeAll waited for "never", this guard would fire first.
  await Promise.race([done, new Promise((r) => setTimeout(r, 60_000).unref())]);
  assert.equal(outcome, "closed");
  assert.deepEqual(closed, ["registry"]);
  finish({ close: () => void closed.push("late") });
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(closed, ["registry", "late"]);
});
