import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { openStore, type RegistryStore } from "./store.ts";
import { runStoreSuite } from "./store-suite.ts";

let n = 0;
const schemaName = () => `t_${process.pid}_${Date.now()}_${n++}`;

// PGlite on disk: one instance for the file (its WASM start is slow), a fresh schema per test.
let dir: string | undefined;
let pglite: Promise<RegistryStore> | undefined;
runStoreSuite("pglite", async () => {
  pglite ??= mkdtemp(path.join(tmpdir(), "embargo-registry-")).then((d) => {
    dir = d;
    return openStore(`pglite:${d}`);
  });
  const root = await pglite;
  const schema = schemaName();
  return {
    store: await root.forSchema(schema),
    cleanup: async () => void (await root.unsafeQuery(`DROP SCHEMA "${schema}" CASCADE`)),
  };
});

// PostgreSQL: the URL comes from the environment (CI sets it); only the test reads it, core stays env-free.
const pgUrl = process.env.EMBARGO_TEST_PG_URL;
let pg: Promise<RegistryStore> | undefined;
if (pgUrl) {
  runStoreSuite("postgres", async () => {
    pg ??= openStore(pgUrl, schemaName());
    const root = await pg;
    const schema = schemaName();
    return {
      store: await root.forSchema(schema),
      cleanup: async () => void (await root.unsafeQuery(`DROP SCHEMA "${schema}" CASCADE`)),
    };
  });
} else {
  test("postgres store suite", { skip: "EMBARGO_TEST_PG_URL is not set: PostgreSQL tests skipped" }, () => {});
}

after(async () => {
  if (pg) {
    const root = await pg;
    await root.unsafeQuery("DROP SCHEMA {schema} CASCADE");
    await root.close();
  }
  if (pglite) await (await pglite).close();
  if (dir) await rm(dir, { recursive: true, force: true });
});
