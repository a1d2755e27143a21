/** Reviewed screening decisions (false positive / confirmed) with an append-only audit log. */
export * from "./decisions.ts";
export * from "./engine.ts";
export * from "./model.ts";
export * from "./store.ts";
