import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../bin/embargo.mjs", import.meta.url));

/** Spawns the real binary, as a user would. */
export function embargo(args: string[], input?: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", input, timeout: 60_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

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
