/**
 * Small, valid regime documents for the regime tests. Each test copies and breaks one thing, so a failure
 * points at exactly the rule under test. (Test support only; not exported from the package index.)
 */
import type { CountryGroupsFile, KnownRegime, Measure, RegimeFile } from "./schema.ts";

/** A valid measure of jurisdiction `jurisdiction`. */
export function measure(id: string, jurisdiction = "EU", extra: Partial<Measure> = {}): Measure {
  return {
    id,
    jurisdiction,
    kind: "export_ban",
    title: `Test measure ${id}`,
    summary: "A test measure.",
    direction: "export",
    countries: ["RU"],
    goods: { kind: "codes", nomenclature: "HS2022", include: ["8542", "854231"] },
    exemptions: [],
    legalBasis: [{ instrument: "Test instrument", url: "https://example.org/law" }],
    effective: { from: "2024-01-01" },
    coverage: { status: "complete", note: "test" },
    confidence: "verified",
    source: { snapshot: "test" },
    ...extra,
  };
}

/** A valid known regime of a member (default: not encoded, exports to RU and BY, since 2022-02-24). */
export function knownRegime(id: string, extra: Partial<KnownRegime> = {}): KnownRegime {
  return {
    id,
    title: `Test regime ${id}`,
    directions: ["export"],
    countries: ["RU", "BY"],
    citations: [{ instrument: "Test regulation", article: "Art. 1", url: "https://example.org/regime" }],
    effective: { from: "2022-02-24" },
    status: "not_encoded",
    measures: [],
    note: "test: not encoded",
    ...extra,
  };
}

/** A valid member file with the given measures. */
export function regimeFile(
  jurisdiction = "EU",
  measures: Measure[] = [measure(`${jurisdiction.toLowerCase()}-m1`, jurisdiction)],
  knownRegimes?: KnownRegime[],
): RegimeFile {
  return {
    ...(knownRegimes ? { knownRegimes } : {}),
    schemaVersion: 1,
    jurisdiction,
    name: `Test ${jurisdiction}`,
    type: "member",
    version: "2026-11-24.1",
    snapshotDate: "2026-11-24",
    measures,
  };
}

/** A valid groups file with one list group and one complement group. */
export function groupsFile(): CountryGroupsFile {
  const citations = [{ instrument: "Test", url: "https://example.org/groups" }];
  return {
    schemaVersion: 1,
    version: "2026-11-24.1",
    groups: {
      PARTNERS: { title: "Partners", members: ["US", "JP"], mode: "list", citations },
      NON_PARTNERS: { title: "Everyone else", members: ["US", "JP", "RU"], mode: "complement", citations },
    },
  };
}

/** Deep copy, so a test can break its own document. */
export function clone<T>(x: T): T {
  return structuredClone(x);
}
