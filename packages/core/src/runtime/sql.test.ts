/**
 * Issue 11 item 5: a corrupt embedded database must be an error that names the store (unavailable), not INTERNAL.
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { toErrorData } from "../errors/index.ts";
import { openSql } from "./sql.ts";

test("a PGlite directory with corrupt pages is STORE_UNAVAILABLE naming the directory", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "embargo-corrupt-pglite-"));
  try {
    const c = await openSql(`pglite:${dir}`);
    assert.equal(c.kind, "pglite");
    if (c.kind !== "pglite") return;
    await c.db.query("CREATE TABLE t (x TEXT)");
    await c.db.query("INSERT INTO t SELECT repeat('a', 100) FROM generate_series(1, 1000)");
    await c.db.close();
    // Overwrite the page headers of every relation file of the database (as a torn or damaged disk would).
    const base = path.join(dir, "base");
    for (const d of await readdir(base))
      for (const f of await readdir(path.join(base, d))) {
        if (!/^\d+$/.test(f)) continue;
        const p = path.join(base, d, f);
        const b = await readFile(p);
        if (b.length < 8192) continue;
        b.fill(0xab, 0, 64);
        await writeFile(p, b);
      }
    let err: unknown;
    try {
      const again = await openSql(`pglite:${dir}`);
      if (again.kind === "pglite") await again.db.close();
    } catch (e) {
      err = e;
    }
    const d = toErrorData(err);
    assert.equal(d.code, "STORE_UNAVAILABLE");
    assert.equal(d.category, "unavailable");
    assert.ok(d.message.includes(dir), d.message);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
