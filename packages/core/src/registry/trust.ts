/**
 * Whether a provenance bundle can be trusted for a decision. A bundle that verifies proves only that it is
 * internally consistent under the key it carries: anyone can generate a key, sign a checkpoint over invented events
 * and produce a "valid" bundle. A decision may rest on a bundle only if its checkpoint is signed by THIS registry's
 * operator key (and, where this registry already holds that tree size, has the same root: no fork), or by a log key
 * the caller explicitly names as trusted. Otherwise the bundle's facts are unproven and the answer is NEEDS_EVIDENCE.
 */
import { EmbargoError } from "../errors/index.ts";
import { type BundleReport, type ProvenanceBundle, verifyBundle } from "./bundle.ts";
import { verifierKey } from "./checkpoint.ts";
import { toB64 } from "./crypto.ts";
import { type Decision, type Declaration, decideImport, type RuleSet } from "./decide.ts";
import { factsFromBundle } from "./facts.ts";
import type { Registry } from "./registry.ts";

/** What a bundle's checkpoint chains to. */
export interface BundleAnchor {
  anchored: boolean;
  /** `registry`: signed by this registry's operator key; `trusted-key`: by a log key the caller named. */
  by?: "registry" | "trusted-key";
  /** The verifier key of the log the bundle claims (C2SP note key). */
  verifierKey: string;
  /** Tree size of the bundle's checkpoint. */
  checkpointSize?: number;
  reason: string;
}

/** Where trust comes from: this registry (if open) and/or verifier keys the caller names. */
export interface BundleTrust {
  registry?: Pick<Registry, "identity" | "merkle">;
  trustedVerifierKeys?: readonly string[];
}

/** Decides whether a bundle (already verified: `report.valid`) chains to this registry or to a trusted log key. */
export function anchorBundle(bundle: ProvenanceBundle, report: BundleReport, trust: BundleTrust): BundleAnchor {
  const vk = verifierKey(bundle.log.origin, bundle.log.operator.publicKey);
  const cp = report.checkpoint;
  const base = { verifierKey: vk, ...(cp ? { checkpointSize: cp.size } : {}) };
  const reg = trust.registry;
  if (reg && vk === reg.identity.verifierKey && cp) {
    // Same key: the checkpoint is signed by this registry's operator. Where this registry holds that tree size,
    // the roots must agree (a different root at the same size is a fork, i.e. a misused operator key).
    if (cp.size <= reg.merkle.size && toB64(reg.merkle.root(cp.size)) !== cp.root)
      return {
        ...base,
        anchored: false,
        reason: `the bundle's checkpoint (size ${cp.size}) is signed with this registry's key but its root differs from this registry's log at that size (a fork)`,
      };
    return { ...base, anchored: true, by: "registry", reason: `checkpoint of size ${cp.size} signed by this registry` };
  }
  if (trust.trustedVerifierKeys?.includes(vk))
    return { ...base, anchored: true, by: "trusted-key", reason: "checkpoint signed by a log key named as trusted" };
  return {
    ...base,
    anchored: false,
    reason: `the bundle's checkpoint is signed by log key ${vk}, which is neither this registry's${reg ? ` (${reg.identity.verifierKey})` : " (no registry is open)"} nor a key named as trusted: its events are unproven`,
  };
}

/** A decision on a bundle, with what its provenance chains to. */
export type BundleDecision = Decision & { provenance: BundleAnchor };

/**
 * Verifies a bundle (`BUNDLE_INVALID`, integrity, when it does not verify), anchors it, and decides. A bundle that
 * does not chain to this registry or a trusted key is never ADMIT and never REFUSE on its own word: the decision is
 * NEEDS_EVIDENCE with a `provenance` reason (the reasons the unproven facts would give follow as INFO).
 */
export function decideBundle(
  raw: unknown,
  declaration: Declaration,
  rules: RuleSet,
  trust: BundleTrust,
): BundleDecision {
  const report = verifyBundle(raw);
  if (!report.valid)
    throw new EmbargoError({
      code: "BUNDLE_INVALID",
      category: "integrity",
      message: `bundle does not verify: ${report.problems.join("; ")}`,
    });
  const bundle = raw as ProvenanceBundle;
  const anchor = anchorBundle(bundle, report, trust);
  const d = decideImport(factsFromBundle(bundle), declaration, rules);
  if (anchor.anchored) return { ...d, provenance: anchor };
  return {
    ...d,
    decision: "NEEDS_EVIDENCE",
    reasons: [
      { effect: "NEEDS_EVIDENCE", rule: "provenance", text: anchor.reason },
      ...d.reasons.map((r) => ({
        ...r,
        effect: "INFO" as const,
        text: `if the unproven bundle were true (${r.effect}): ${r.text}`,
      })),
    ],
    provenance: anchor,
  };
}
