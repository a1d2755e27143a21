import assert from "node:assert/strict";
import { test } from "node:test";
import { invalidInput, storageFault } from "./index.ts";

const errno = (code: string, syscall = "open") =>
  Object.assign(new Error(`${code}: failed, ${syscall} '/x/y'`), { code, syscall, path: "/x/y" });

test("storageFault: full, read-only and unwritable directories are unavailable, naming the directory", () => {
  for (const e of [
    errno("ENOSPC", "write"),
    errno("EROFS"),
    errno("EACCES"),
    errno("ENOENT", "mkdir"),
    new Error('IO Error: Could not write file "/x/p.parquet": No space left on device'),
  ]) {
    const f = storageFault(e, "/state/trade");
    assert.ok(f, e.message);
    assert.equal(f.category, "unavailable");
    assert.equal(f.code, "STATE_DIR_UNAVAILABLE");
    assert.match(f.message, /^cannot write under \/state\/trade /);
    assert.equal(f.issues[0]?.file, "/state/trade");
  }
});

test("storageFault: other errors are left alone", () => {
  assert.equal(storageFault(errno("ENOENT", "open"), "/s"), undefined);
  assert.equal(storageFault(new Error("boom"), "/s"), undefined);
  assert.equal(storageFault(invalidInput("X", "no"), "/s"), undefined);
});
