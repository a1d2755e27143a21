import { z } from "zod";

/**
 * The JSON Schema (draft 2020-12) of what a caller writes for `schema` — its input side, so defaults are optional
 * and transforms show their input type — without the `$schema` key, ready to sit inside an OpenAPI document.
 * One helper so every contract publishes its inputs the same way.
 */
export function inputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  delete out.$schema;
  return out;
}
