/**
 * Issue 11 item 5: a corrupt embedded database must be an error that names the store (unavailable at start-up,
 * integrity when a damaged page is hit by a query), not INTERNAL.
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { toErrorData } from "../errors/index.ts";
import { generateKeyPair, openRegistry, seedDemoRegistry } from "../registry/index.ts";
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

/** Overwrites the first page header of `relation`'s file in a closed PGlite directory; the catalogue stays intact. */
async function corruptRelation(dir: string, relation: string): Promise<void> {
  const c = await openSql(`pglite:${dir}`);
  if (c.kind !== "pglite") throw new Error("expected PGlite");
  const r = await c.db.query<{ p: string }>(`SELECT pg_relation_filepath('${relation}') AS p`);
  await c.db.close();
  const file = path.join(dir, String(r.rows[0]?.p));
  const b = await readFile(file);
  b.fill(0xab, 0, 64);
  await writeFile(file, b);
}

test("a corrupt page hit mid-query (the database starts, a table's page is damaged) is STORE_CORRUPT, not INTERNAL", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "embargo-corrupt-page-"));
  try {
    const c = await openSql(`pglite:${dir}`);
    if (c.kind !== "pglite") throw new Error("expected PGlite");
    await c.db.query("CREATE TABLE t (x TEXT)");
    await c.db.query("INSERT INTO t SELECT repeat('a', 100) FROM generate_series(1, 100)");
    await c.db.close();
    await corruptRelation(dir, "t");
    const again = await openSql(`pglite:${dir}`); // starts: only t's page is damaged
    if (again.kind !== "pglite") throw new Error("expected PGlite");
    try {
      let err: unknown;
      await again.db.query("SELECT count(*) FROM t").catch((e) => {
        err = e;
      });
      const d = toErrorData(err);
      assert.equal(d.code, "STORE_CORRUPT", d.message);
      assert.equal(d.category, "integrity");
      assert.equal(d.details?.sqlState, "XX001");
      assert.ok(d.message.includes(dir), d.message);
      // an ordinary SQL error is left to the caller, unmapped
      const other = await again.db.query("SELECT * FROM no_such_table").catch((e: unknown) => e);
      assert.equal((other as { code?: string }).code, "42P01");
    } finally {
      await again.db.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a diamond registry whose event table has a corrupt page fails to open with STORE_CORRUPT (integrity)", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "embargo-corrupt-registry-"));
  try {
    const kp = generateKeyPair();
    const reg = await openRegistry({ db: `pglite:${dir}`, operatorSecretKey: kp.secretKey });
    await seedDemoRegistry(reg, kp.secretKey);
    await reg.close();
    await corruptRelation(dir, "embargo_registry.registry_events");
    const err = await openRegistry({ db: `pglite:${dir}`, operatorSecretKey: kp.secretKey }).then(
      async (r) => {
        await r.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    const d = toErrorData(err);
    assert.equal(d.code, "STORE_CORRUPT", d.message);
    assert.equal(d.category, "integrity");
    assert.ok(d.message.includes(dir), d.message);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
