import { forEachSqlBackend } from "../runtime/sql-testkit.ts";
import { openStore, type RegistryStore } from "./store.ts";
import { runStoreSuite } from "./store-suite.ts";

// PGlite on disk and, when CI sets the URL, PostgreSQL (only the test reads the environment; core stays env-free).
forEachSqlBackend<RegistryStore>({
  label: "registry",
  open: openStore,
  pgUrl: process.env.EMBARGO_TEST_PG_URL,
  suite: runStoreSuite,
});
