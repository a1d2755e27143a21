/**
 * Diamond traceability registry: parties, KP certificates and lots (zod model); RFC 8785-canonical, Ed25519-signed
 * events checked against the registry invariants (stable error codes in {@link REGISTRY_ERRORS}); an RFC 6962 /
 * RFC 9162 Merkle log with C2SP signed checkpoints; PGlite or PostgreSQL storage; offline-verifiable provenance
 * bundles; and EU/UK/US import decisions read from the regime measures (the rules shipment verdicts read).
 */
export { BUNDLE_FORMAT, type BundleReport, buildBundle, type ProvenanceBundle, verifyBundle } from "./bundle.ts";
export { type Checkpoint, checkpointBody, openCheckpoint, signCheckpoint, verifierKey } from "./checkpoint.ts";
export { REGISTRY_ERRORS, type RegistryErrorCode } from "./codes.ts";
export {
  type DecideRequest,
  DecideRequestInput,
  MAX_TRUSTED_LOG_KEYS,
  ProvenanceQueryInput,
  parseDecideRequest,
  parsePartyInput,
  parseProvenanceQuery,
  registryJsonSchemas,
} from "./contracts.ts";
export { generateKeyPair, type KeyPair, publicKeyOf, sha256, toHex } from "./crypto.ts";
export {
  type Decision,
  Declaration,
  decideImport,
  EvidenceFile,
  heaviestStoneMct,
  type JurisdictionCode,
  type LotFacts,
  loadRules,
  type Outcome,
  type Reason as ImportReason,
  type RouteFacts,
  type RuleSet,
} from "./decide.ts";
export { DEMO_LOTS, DEMO_PREFIX, type DemoSeed, demoEvents, seedDemoRegistry } from "./demo.ts";
export {
  buildEvent,
  type EventInit,
  eventIdOf,
  leafBytes,
  parseEvent,
  signEvent,
  verifyEventSignature,
} from "./events.ts";
export { factsFromBundle, factsFromEvents, factsFromRegistry, routeFromLineage } from "./facts.ts";
export { canonicalBytes, canonicalize } from "./jcs.ts";
export { EMPTY_ROOT, leafHash, MerkleTree, nodeHash, rootOf, verifyConsistency, verifyInclusion } from "./merkle.ts";
export {
  Envelope,
  EventType,
  Evidence,
  KpCertificate,
  Lot,
  Party as RegistryParty,
  Role,
  SignedEvent,
} from "./model.ts";
export {
  type OperatorRegistryOptions,
  openOperatorRegistry,
  type RegistryLocation,
  readOrCreateOperatorKey,
  registryLocation,
} from "./operator.ts";
export {
  type AppendResult,
  type AuditReport,
  auditDatabase,
  type BatchRow as AppendBatchRow,
  type LogIdentity,
  openRegistry,
  Registry,
  type RegistryOptions,
} from "./registry.ts";
export type { LotState, Operator } from "./state.ts";
export { openStore, type RegistryStore, type StoredEvent } from "./store.ts";
/** Test/demo helpers: a cast of parties with fresh keys, and a lot builder (not for production keys). */
export { demoLineage, docHash, lot, TestWorld } from "./testkit.ts";
export { anchorBundle, type BundleAnchor, type BundleDecision, type BundleTrust, decideBundle } from "./trust.ts";
