/** Regime updates from the official machine-readable sources (`embargo regimes update|rollback|sources`). */
export * from "./apply.ts";
export * from "./diff.ts";
export * from "./schema.ts";
export type { MappedSource, RegimeSource, RegimeSourceContext, SourceDocument } from "./source.ts";
export * from "./sources.ts";
export * from "./store.ts";
