/** Reviewed screening decisions (false positive / confirmed) with an append-only audit log. */
export {
  applyDecisions,
  type DecidedSuppression,
  type DecisionScreener,
  decisionRows,
  type HitLike,
  listDecisions,
  parseDecisionInputs,
  recordDecisions,
} from "./decisions.ts";
export { DECISION_STORE_KEY, defaultDecisionDb, getDecisionStore } from "./engine.ts";
export {
  type DecisionFilter,
  type DecisionFilterInput,
  type DecisionInput,
  type DecisionRecord,
  type DecisionVerdict,
  decisionFilterSchema,
  decisionInputSchema,
  type HitDecision,
  type HitDecisionStatus,
  type NewDecision,
} from "./model.ts";
export { type DecisionStore, openDecisionStore } from "./store.ts";
