/**
 * Writes the JSON Schemas of the regime data files from the zod schemas in `@embargo/core/regimes`:
 * `data/regimes/regime-file.schema.json` and `data/regimes/country-groups.schema.json`.
 * A unit test checks that the committed files equal what this script generates.
 *
 * Usage: `node --import tsx scripts/gen-regime-schemas.ts`
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { regimeJsonSchemaFiles } from "@embargo/core/regimes";

const outDir = path.resolve(import.meta.dirname, "..", "data", "regimes");
await mkdir(outDir, { recursive: true });
for (const [name, text] of Object.entries(regimeJsonSchemaFiles())) {
  await writeFile(path.join(outDir, name), text);
  console.log(`wrote data/regimes/${name}`);
}
