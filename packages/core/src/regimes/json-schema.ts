import { countryGroupsJsonSchema, regimeFileJsonSchema } from "./schema.ts";

/** File name of the published JSON Schema of regime files (beside the data, in `data/regimes/`). */
export const REGIME_FILE_SCHEMA = "regime-file.schema.json";
/** File name of the published JSON Schema of the country-groups file. */
export const COUNTRY_GROUPS_SCHEMA = "country-groups.schema.json";

/**
 * The exact text of the published JSON Schema files, keyed by file name. `scripts/gen-regime-schemas.ts`
 * writes them; a test checks the committed files are identical, so the schema never drifts from the code.
 */
export function regimeJsonSchemaFiles(): Record<string, string> {
  const text = (schema: Record<string, unknown>) => `${JSON.stringify(schema, null, 2)}\n`;
  return {
    [REGIME_FILE_SCHEMA]: text(regimeFileJsonSchema()),
    [COUNTRY_GROUPS_SCHEMA]: text(countryGroupsJsonSchema()),
  };
}
