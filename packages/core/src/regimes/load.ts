import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { EmbargoError, type ErrorIssue, issuesFromZod } from "../errors/index.ts";
import type { SnapshotCache } from "../runtime/snapshot-cache.ts";
import {
  type CountryGroupsFile,
  CountryGroupsFileSchema,
  type KnownRegime,
  type Measure,
  type RegimeFile,
  RegimeFileSchema,
} from "./schema.ts";

/** Name of the country-groups file inside a regimes folder. */
export const GROUPS_FILE = "country-groups.json";

/** Summary of one loaded file, reported in every verdict's data version. */
export interface RegimeFileInfo {
  file: string;
  jurisdiction: string;
  type: "member" | "scenario";
  name: string;
  version: string;
  snapshotDate: string;
  measureCount: number;
  sha256: string;
}

/** A validated, immutable set of regimes: what verdicts, the comparison and the trade monitor read. */
export interface RegimeSet {
  /** Content hash of every file: `regimes-<12 hex>`; named in every result. */
  readonly version: string;
  readonly files: readonly RegimeFileInfo[];
  readonly measures: readonly Measure[];
  readonly groups: CountryGroupsFile["groups"];
  /** Member jurisdictions present (EU, US, UK, JP, CA order). */
  readonly members: readonly string[];
  /** Scenario ids present. */
  readonly scenarios: readonly string[];
  measure(id: string): Measure | undefined;
  /** Measures of one jurisdiction or scenario. */
  measuresOf(jurisdiction: string): readonly Measure[];
  /**
   * Every regime a member's file declares as known to concern Russia or Belarus, with its encoding status
   * (empty for scenarios and for files that declare none). Verdict coverage reads these: see docs/verdicts.md.
   */
  knownRegimesOf(jurisdiction: string): readonly KnownRegime[];
  /** Whether `country` (ISO alpha-2) is covered by a list of refs (`RU`, `@GROUP`). */
  countryIn(refs: readonly string[], country: string): boolean;
}

function invalid(file: string, issues: ErrorIssue[], message?: string): EmbargoError {
  return new EmbargoError({
    code: "REGIME_FILE_INVALID",
    category: "invalid_input",
    message:
      message ?? `${file}: ${issues.length} problem(s): ${issues[0]?.path ?? ""} ${issues[0]?.message ?? ""}`.trim(),
    issues,
    details: { file },
  });
}

/** Validates one parsed regime document; throws `REGIME_FILE_INVALID` naming the file and the paths at fault. */
export function parseRegimeFile(doc: unknown, file: string): RegimeFile {
  const r = RegimeFileSchema.safeParse(doc);
  if (!r.success) throw invalid(file, issuesFromZod(r.error, { file }));
  const issues: ErrorIssue[] = [];
  r.data.measures.forEach((m, i) => {
    if (m.jurisdiction !== r.data.jurisdiction)
      issues.push({
        code: "jurisdiction_mismatch",
        file,
        path: `measures[${i}].jurisdiction`,
        message: `measure jurisdiction ${m.jurisdiction} differs from the file's ${r.data.jurisdiction}`,
      });
    if (m.effective.until !== undefined && m.effective.until < m.effective.from)
      issues.push({ code: "bad_dates", file, path: `measures[${i}].effective`, message: "until is before from" });
    if (m.grandfathering && m.grandfathering.executionUntil < m.grandfathering.contractsConcludedBefore)
      issues.push({
        code: "bad_dates",
        file,
        path: `measures[${i}].grandfathering`,
        message: "executionUntil is before contractsConcludedBefore",
      });
    m.exemptions.forEach((e, k) => {
      if (e.effective?.until !== undefined && e.effective.until < e.effective.from)
        issues.push({
          code: "bad_dates",
          file,
          path: `measures[${i}].exemptions[${k}].effective`,
          message: "until is before from",
        });
    });
  });
  const seen = new Set<string>();
  (r.data.knownRegimes ?? []).forEach((k, i) => {
    if (seen.has(k.id))
      issues.push({
        code: "duplicate_id",
        file,
        path: `knownRegimes[${i}].id`,
        message: `duplicate regime id ${k.id}`,
      });
    seen.add(k.id);
    if (k.effective.until !== undefined && k.effective.until < k.effective.from)
      issues.push({ code: "bad_dates", file, path: `knownRegimes[${i}].effective`, message: "until is before from" });
    if (k.status === "encoded" && k.measures.length === 0)
      issues.push({
        code: "no_measures",
        file,
        path: `knownRegimes[${i}].measures`,
        message: `regime ${k.id} is marked encoded but names no measure that encodes it`,
      });
  });
  if (issues.length > 0) throw invalid(file, issues);
  return r.data;
}

/** Validates the country-groups document. */
export function parseCountryGroups(doc: unknown, file: string = GROUPS_FILE): CountryGroupsFile {
  const r = CountryGroupsFileSchema.safeParse(doc);
  if (!r.success) throw invalid(file, issuesFromZod(r.error, { file }));
  // A note about a country that is not in the group is a data error (usually a typo in the code).
  const issues: ErrorIssue[] = [];
  for (const [name, g] of Object.entries(r.data.groups))
    for (const c of Object.keys(g.memberNotes ?? {}))
      if (!g.members.includes(c))
        issues.push({
          code: "unknown_member",
          file,
          path: `groups.${name}.memberNotes.${c}`,
          message: `note for ${c}, which is not a member of ${name}`,
        });
  if (issues.length > 0) throw invalid(file, issues);
  return r.data;
}

const MEMBER_ORDER = ["EU", "US", "UK", "JP", "CA"];

/**
 * Builds a regime set from validated files and cross-checks them as a whole: unique measure ids, known
 * `@GROUP` references. Throws `REGIME_SET_INVALID`; nothing is returned half-built.
 */
export function buildRegimeSet(
  files: { file: string; doc: RegimeFile; sha256: string }[],
  groupsFile: CountryGroupsFile,
): RegimeSet {
  const issues: ErrorIssue[] = [];
  const byId = new Map<string, Measure>();
  const groups = groupsFile.groups;
  const unknownGroup = (c: string) => c.startsWith("@") && !groups[c.slice(1)];
  for (const { file, doc } of files) {
    doc.measures.forEach((m, i) => {
      if (byId.has(m.id))
        issues.push({ code: "duplicate_id", file, path: `measures[${i}].id`, message: `duplicate measure id ${m.id}` });
      byId.set(m.id, m);
      m.countries.forEach((c, k) => {
        if (unknownGroup(c))
          issues.push({
            code: "unknown_group",
            file,
            path: `measures[${i}].countries[${k}]`,
            message: `unknown country group ${c} (not in ${GROUPS_FILE})`,
          });
      });
    });
  }
  // Known regimes: their country groups exist, and the measures they name are measures of the same file.
  for (const { file, doc } of files) {
    const own = new Set(doc.measures.map((m) => m.id));
    (doc.knownRegimes ?? []).forEach((k, i) => {
      k.countries.forEach((c, n) => {
        if (unknownGroup(c))
          issues.push({
            code: "unknown_group",
            file,
            path: `knownRegimes[${i}].countries[${n}]`,
            message: `unknown country group ${c} (not in ${GROUPS_FILE})`,
          });
      });
      k.measures.forEach((id, n) => {
        if (!own.has(id))
          issues.push({
            code: "unknown_measure",
            file,
            path: `knownRegimes[${i}].measures[${n}]`,
            message: `known regime ${k.id} names measure ${id}, which is not in ${file}`,
          });
      });
    });
  }
  if (issues.length > 0)
    throw new EmbargoError({
      code: "REGIME_SET_INVALID",
      category: "invalid_input",
      message: `regime set is inconsistent: ${issues[0]?.message}`,
      issues,
    });

  const sorted = [...files].sort((a, b) => a.file.localeCompare(b.file));
  const h = createHash("sha256");
  for (const f of sorted) h.update(`${f.file}\0${f.sha256}\n`);
  h.update(JSON.stringify(groupsFile));
  const version = `regimes-${h.digest("hex").slice(0, 12)}`;

  const measures = sorted.flatMap((f) => f.doc.measures);
  const byJurisdiction = new Map<string, Measure[]>();
  for (const m of measures) {
    const list = byJurisdiction.get(m.jurisdiction) ?? [];
    list.push(m);
    byJurisdiction.set(m.jurisdiction, list);
  }
  const memberIds = sorted.filter((f) => f.doc.type === "member").map((f) => f.doc.jurisdiction);
  const members = MEMBER_ORDER.filter((m) => memberIds.includes(m));
  const scenarios = [...new Set(sorted.filter((f) => f.doc.type === "scenario").map((f) => f.doc.jurisdiction))];
  const known = new Map<string, KnownRegime[]>();
  for (const f of sorted)
    if (f.doc.type === "member" && f.doc.knownRegimes)
      known.set(f.doc.jurisdiction, [...(known.get(f.doc.jurisdiction) ?? []), ...f.doc.knownRegimes]);
  const groupSets = new Map(Object.entries(groups).map(([k, g]) => [k, { set: new Set(g.members), mode: g.mode }]));

  return Object.freeze({
    version,
    files: sorted.map((f) => ({
      file: f.file,
      jurisdiction: f.doc.jurisdiction,
      type: f.doc.type,
      name: f.doc.name,
      version: f.doc.version,
      snapshotDate: f.doc.snapshotDate,
      measureCount: f.doc.measures.length,
      sha256: f.sha256,
    })),
    measures,
    groups,
    members,
    scenarios,
    measure: (id: string) => byId.get(id),
    measuresOf: (j: string) => byJurisdiction.get(j) ?? [],
    knownRegimesOf: (j: string) => known.get(j) ?? [],
    countryIn(refs: readonly string[], country: string): boolean {
      for (const r of refs) {
        if (r === country) return true;
        if (r.startsWith("@")) {
          const g = groupSets.get(r.slice(1));
          if (g && (g.mode === "complement" ? !g.set.has(country) : g.set.has(country))) return true;
        }
      }
      return false;
    },
  });
}

/** Options for {@link loadRegimeSet} and {@link readRegimeFiles}. */
export interface ReadRegimeFilesOptions {
  /**
   * Where to remember the validated documents of files with exactly these bytes under this code version (the
   * entry's key is every file's name and SHA-256): a later load of the same bytes takes the validated documents
   * from the cache instead of parsing and validating again. Any change to a file changes the key, so changed
   * files are always validated; a corrupt entry is never used (the cache checks it and reads it as a miss).
   */
  cache?: SnapshotCache;
}

/**
 * Loads every `*.json` regime file of a folder (except JSON Schemas and the groups file), validates each and
 * the set as a whole. All or nothing: any bad file rejects the load with the file, path and reason.
 */
export async function loadRegimeSet(dir: string, options: ReadRegimeFilesOptions = {}): Promise<RegimeSet> {
  const { files, groups } = await readRegimeFiles(dir, options);
  return buildRegimeSet(files, groups);
}

/** Snapshot cache entry holding the validated documents of the current regime files. */
const VALIDATED_ENTRY = "regimes-validated";

type ValidatedFiles = { files: { file: string; doc: RegimeFile; sha256: string }[]; groups: CountryGroupsFile };

/** A cached value has the shape {@link readRegimeFiles} returns (the cache checked its bytes; this checks its kind). */
function isValidatedFiles(v: unknown, names: readonly string[]): v is ValidatedFiles {
  if (typeof v !== "object" || v === null) return false;
  const { files, groups } = v as Partial<ValidatedFiles>;
  return (
    Array.isArray(files) &&
    typeof groups === "object" &&
    groups !== null &&
    files.length === names.filter((n) => n !== GROUPS_FILE).length &&
    files.every((f) => typeof f?.file === "string" && names.includes(f.file) && Array.isArray(f.doc?.measures))
  );
}

/**
 * Reads and validates every regime file of a folder one by one (all or nothing, as {@link loadRegimeSet}) without
 * building the set, so regime updates can be merged over them first (`regimes/update/apply.ts`). With
 * `options.cache`, files whose exact bytes were validated before are not parsed or validated again.
 */
export async function readRegimeFiles(dir: string, options: ReadRegimeFilesOptions = {}): Promise<ValidatedFiles> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(".json") && !n.endsWith(".schema.json")).sort();
  const texts = await Promise.all(names.map((name) => readFile(path.join(dir, name), "utf8")));
  const hashes = texts.map((text) => createHash("sha256").update(text).digest("hex"));
  const keyParts = names.map((name, i) => `${name}\0${hashes[i]}`);
  if (options.cache) {
    const remembered = await options.cache.get<unknown>(VALIDATED_ENTRY, keyParts);
    if (isValidatedFiles(remembered, names)) return remembered;
  }
  const issues: ErrorIssue[] = [];
  const files: { file: string; doc: RegimeFile; sha256: string }[] = [];
  let groups: CountryGroupsFile | undefined;
  names.forEach((name, i) => {
    const text = texts[i] as string;
    const sha256 = hashes[i] as string;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      issues.push({ code: "invalid_json", file: name, message: (e as Error).message });
      return;
    }
    try {
      if (name === GROUPS_FILE) groups = parseCountryGroups(doc, name);
      else files.push({ file: name, doc: parseRegimeFile(doc, name), sha256 });
    } catch (e) {
      if (e instanceof EmbargoError) issues.push(...e.issues);
      else throw e;
    }
  });
  if (!groups) issues.push({ code: "missing_file", file: GROUPS_FILE, message: `${GROUPS_FILE} is missing in ${dir}` });
  if (issues.length > 0 || !groups)
    throw new EmbargoError({
      code: "REGIME_FILE_INVALID",
      category: "invalid_input",
      message: `regime data in ${dir} rejected: ${issues.length} problem(s); first: ${issues[0]?.file ?? ""} ${issues[0]?.path ?? ""} ${issues[0]?.message ?? ""}`,
      issues,
    });
  const validated = { files, groups };
  // Only what passed every file check is remembered (the set-level checks run on every load, from the cache too).
  await options.cache?.put(VALIDATED_ENTRY, keyParts, validated);
  return validated;
}
