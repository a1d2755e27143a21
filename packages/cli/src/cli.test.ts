import assert from "node:assert/strict";
import { test } from "node:test";
import { runEmbargo } from "./testing.ts";

/** Spawns the real binary, as a user would. */
const embargo = (args: string[]) => runEmbargo(args);

test("embargo --help lists the commands and exits 0", () => {
  const r = embargo(["--help"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /usage: embargo <command>/);
  assert.match(r.stdout, /serve/);
});

test("an unknown command is bad input (exit 2)", () => {
  const r = embargo(["frobnicate"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command 'frobnicate'/);
});
