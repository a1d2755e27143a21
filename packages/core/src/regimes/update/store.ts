/**
 * Regime updates: the versions imported from official machine-readable sources, and their activation.
 *
 * Layout under `<stateDir>/regimes/`: `versions/<source>/<stamp>-<hash>/` holds `overlay.json` (the imported
 * measures, validated by {@link RegimeOverlaySchema}), `diff.json` (codes added/removed per measure against the
 * version it replaced), `version.json` (source, URLs, publication date, retrieval time, SHA-256, counts) and the raw
 * documents; `active.json` names, per source, the version in force and the ones it replaced (for rollback). An
 * update downloads, maps and validates completely, checks the merged regime set builds, writes the version into a
 * temporary folder renamed into place, then replaces `active.json` by rename and swaps the engine's regime set:
 * a failure at any step leaves the previous data serving. The bundled `data/regimes/` files are never written.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Engine } from "../../engine.ts";
import { EmbargoError, type ErrorData, issuesFromZod, toErrorData } from "../../errors/index.ts";
import { CALENDAR_DATE_MESSAGE, isCalendarDate } from "../../runtime/calendar-date.ts";
import { type FetchLike, fetchBytes } from "../../runtime/fetcher.ts";
import type { Clock } from "../../runtime/index.ts";
import { acquireUpdateLock, versionStamp, writeFileAtomic } from "../../runtime/state-files.ts";
import { type RegimeSet, readRegimeFiles } from "../load.ts";
import type { Measure } from "../schema.ts";
import { buildWithOverlays } from "./apply.ts";
import { diffOverlays, type RegimeDiff } from "./diff.ts";
import { overlayCodeCount, type RegimeOverlay, RegimeOverlaySchema } from "./schema.ts";
import type { RegimeSource, SourceDocument } from "./source.ts";

/** The engine memo key of the regime set (`getRegimes`). */
export const REGIMES_KEY = "regimes";

/** An update that lost more than this share of the codes of the version held is refused unless forced. */
export const MAX_REGIME_SHRINK = 0.2;
/** Size limit of one downloaded document. */
export const MAX_REGIME_DOCUMENT_BYTES = 64 * 1024 * 1024;

interface ActiveFile {
  sources: Record<string, { dir: string; history: string[] }>;
}

/** A version record, as `version.json` and in reports. */
export interface RegimeVersion {
  source: string;
  jurisdiction: string;
  title: string;
  publicationDate: string;
  retrievedAt: string;
  urls: string[];
  sha256: string;
  counts: RegimeOverlay["counts"];
  caveats: string[];
  /** Folder under `<stateDir>/regimes/`. */
  dir: string;
}

export interface RegimeUpdateOptions {
  fetch: FetchLike;
  /** Source ids (default: every source that can run: a default URL, and codes when it needs them). */
  sources?: string[];
  /** Base URL overrides by source id. */
  urls?: Record<string, string>;
  /** The date asked of the publishers (default: the clock's day). */
  asOf?: string;
  /** Codes for sources queried code by code. */
  codes?: string[];
  /** Accept a shrink beyond {@link MAX_REGIME_SHRINK} or an older publication date. */
  force?: boolean;
  clock?: Clock;
  timeoutMs?: number;
  maxBytes?: number;
  onProgress?: (e: { source: string; step: "download" | "parse" | "validate" | "write"; detail?: string }) => void;
}

export interface RegimeUpdateResult {
  source: string;
  status: "updated" | "unchanged" | "rejected" | "skipped";
  message: string;
  version?: RegimeVersion;
  previous?: { publicationDate: string; sha256: string; codes: number };
  diff?: RegimeDiff;
  error?: ErrorData;
}

export interface RegimeUpdateReport {
  results: RegimeUpdateResult[];
  failed: boolean;
}

function regimesDir(stateDir: string): string {
  return path.join(stateDir, "regimes");
}

function needStateDir(engine: Engine): string {
  if (!engine.stateDir)
    throw new EmbargoError({
      code: "REGIMES_NO_STATE_DIR",
      category: "invalid_input",
      message: "regime updates need a writable state directory (engine stateDir)",
    });
  return engine.stateDir;
}

async function readActive(stateDir: string): Promise<ActiveFile> {
  try {
    const j = JSON.parse(await readFile(path.join(regimesDir(stateDir), "active.json"), "utf8")) as ActiveFile;
    return { sources: j.sources ?? {} };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { sources: {} };
    throw e;
  }
}

async function readOverlay(stateDir: string, dir: string): Promise<RegimeOverlay> {
  const file = path.join(regimesDir(stateDir), dir, "overlay.json");
  const r = RegimeOverlaySchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!r.success)
    throw new EmbargoError({
      code: "REGIME_UPDATE_INVALID",
      category: "integrity",
      message: `${file}: not a valid regime update`,
      issues: issuesFromZod(r.error, { file }),
    });
  return r.data;
}

/** The overlays active under `stateDir` (in source order), and those that could not be read. */
export async function readActiveOverlays(
  stateDir: string,
): Promise<{ overlays: RegimeOverlay[]; problems: { source: string; message: string }[] }> {
  const overlays: RegimeOverlay[] = [];
  const problems: { source: string; message: string }[] = [];
  let active: ActiveFile;
  try {
    active = await readActive(stateDir);
  } catch (e) {
    // A damaged switch file must not stop the bundled data from loading: no update is applied, and it is said.
    return { overlays, problems: [{ source: "active.json", message: (e as Error).message }] };
  }
  for (const [source, a] of Object.entries(active.sources).sort(([x], [y]) => x.localeCompare(y))) {
    try {
      overlays.push(await readOverlay(stateDir, a.dir));
    } catch (e) {
      problems.push({ source, message: (e as Error).message });
    }
  }
  return { overlays, problems };
}

/** The version records of the active updates (empty without a state directory). */
export async function getRegimeUpdates(engine: Engine): Promise<RegimeVersion[]> {
  if (!engine.stateDir) return [];
  const active = await readActive(engine.stateDir);
  const out: RegimeVersion[] = [];
  for (const a of Object.values(active.sources)) {
    try {
      out.push(
        JSON.parse(
          await readFile(path.join(regimesDir(engine.stateDir), a.dir, "version.json"), "utf8"),
        ) as RegimeVersion,
      );
    } catch {
      // unreadable version: reported by the loader's warning
    }
  }
  return out.sort((x, y) => x.source.localeCompare(y.source));
}

function sha256(b: Uint8Array | string): string {
  return createHash("sha256").update(b).digest("hex");
}

function integrity(code: string, message: string, details?: Record<string, unknown>): EmbargoError {
  return new EmbargoError({ code, category: "integrity", message, ...(details ? { details } : {}) });
}

/** Links each measure to the member's known goods regimes it concerns (same direction, a country in common). */
function regimeLinks(
  regimes: RegimeSet,
  jurisdiction: string,
  measures: Measure[],
  hints: Record<string, string> = {},
): RegimeOverlay["regimes"] {
  const links = new Map<string, string[]>();
  for (const k of regimes.knownRegimesOf(jurisdiction)) {
    if (k.concerns === "parties") continue;
    for (const m of measures)
      if (
        (hints[m.id] === undefined || k.id.startsWith(hints[m.id] as string)) &&
        k.directions.includes(m.direction) &&
        m.countries.some((c) => !c.startsWith("@") && regimes.countryIn(k.countries, c))
      )
        links.set(k.id, [...(links.get(k.id) ?? []), m.id]);
  }
  return [...links].map(([id, ms]) => ({ id, measures: ms }));
}

/** Builds the validated overlay of one source run (no I/O but the downloads). */
async function importSource(
  source: RegimeSource,
  docs: SourceDocument[],
  ctx: { asOf: string; baseUrl: string; retrievedAt: string; regimes: RegimeSet },
): Promise<RegimeOverlay> {
  const mapped = source.map(docs, ctx);
  const measures = mapped.measures;
  const doc = {
    schemaVersion: 1 as const,
    source: source.id,
    jurisdiction: source.jurisdiction,
    title: source.title,
    publicationDate: mapped.publicationDate ?? ctx.asOf,
    retrievedAt: ctx.retrievedAt,
    urls: docs.map((d) => d.url),
    sha256:
      docs.length === 1
        ? sha256(docs[0]?.bytes ?? "")
        : sha256(docs.map((d) => `${d.url} ${sha256(d.bytes)}\n`).join("")),
    measures,
    regimes: regimeLinks(ctx.regimes, source.jurisdiction, measures, mapped.regimeHints),
    counts: {
      documents: docs.length,
      measures: measures.length,
      codes: measures.reduce((n, m) => n + (m.goods.kind === "codes" ? m.goods.include.length : 0), 0),
      skipped: mapped.skipped,
    },
    caveats: mapped.caveats,
  };
  if (measures.length === 0)
    throw integrity(
      "REGIME_UPDATE_EMPTY",
      `${source.id}: the documents gave no measure to import (${mapped.skipped} record(s) skipped); refused`,
    );
  const r = RegimeOverlaySchema.safeParse(doc);
  if (!r.success)
    throw new EmbargoError({
      code: "REGIME_UPDATE_INVALID",
      category: "integrity",
      message: `${source.id}: the imported measures do not validate against the regime schema; refused`,
      issues: issuesFromZod(r.error, { file: source.id }),
    });
  return r.data;
}

async function bundledFiles(engine: Engine) {
  return readRegimeFiles(path.join(engine.dataDir, "regimes"));
}

/**
 * Imports each selected source: download (shared fetcher), parse, map, validate against the regime schema,
 * refuse when empty, shrunk by more than {@link MAX_REGIME_SHRINK} of the codes held, or older than the version
 * held (unless `force`), check the merged regime set builds, write the version, swap atomically. A rejected source
 * keeps its previous version; the others go on.
 */
export async function updateRegimes(engine: Engine, options: RegimeUpdateOptions): Promise<RegimeUpdateReport> {
  // The sources (document parsers, fast-xml-parser) load only for an update, not with the regimes (issue 10).
  const { REGIME_SOURCES, regimeSource } = await import("./sources.ts");
  const stateDir = needStateDir(engine);
  const clock = options.clock ?? engine.clock;
  const progress = options.onProgress ?? (() => {});
  for (const id of [...(options.sources ?? []), ...Object.keys(options.urls ?? {})])
    if (!regimeSource(id))
      throw new EmbargoError({
        code: "REGIME_SOURCE_UNKNOWN",
        category: "invalid_input",
        message: `unknown regime source '${id}' (known: ${REGIME_SOURCES.map((s) => s.id).join(", ")})`,
      });
  const asOf = options.asOf ?? clock.now().toISOString().slice(0, 10);
  if (!isCalendarDate(asOf))
    throw new EmbargoError({
      code: "REGIME_AS_OF_INVALID",
      category: "invalid_input",
      message: `--as-of ${CALENDAR_DATE_MESSAGE}, got '${asOf}'`,
    });
  const codes = (options.codes ?? []).map((c) => c.replace(/[\s.]/g, ""));
  const badCode = codes.find((c) => !/^\d{10}$/.test(c));
  if (badCode !== undefined)
    throw new EmbargoError({
      code: "REGIME_CODES_INVALID",
      category: "invalid_input",
      message: `--codes takes 10-digit commodity codes, got '${badCode}'`,
    });
  const selected = options.sources?.length
    ? REGIME_SOURCES.filter((s) => options.sources?.includes(s.id))
    : REGIME_SOURCES.filter((s) => s.defaultUrl || options.urls?.[s.id]);

  const root = regimesDir(stateDir);
  await mkdir(root, { recursive: true });
  const unlock = await acquireUpdateLock(root, "REGIMES_UPDATE_IN_PROGRESS", "regime update");
  try {
    const active = await readActive(stateDir);
    const { files, groups } = await bundledFiles(engine);
    const held = new Map<string, RegimeOverlay>();
    for (const [id, a] of Object.entries(active.sources).sort(([x], [y]) => x.localeCompare(y))) {
      try {
        const o = await readOverlay(stateDir, a.dir);
        // As the loader: a version that no longer fits the bundled data is left out (and replaced by a good one).
        buildWithOverlays(files, groups, [...held.values(), o]);
        held.set(id, o);
      } catch {
        // unreadable or not fitting: the loader skips it too
      }
    }
    const results: RegimeUpdateResult[] = [];
    let changed = false;
    for (const source of selected) {
      const prev = held.get(source.id);
      const previous = prev
        ? { publicationDate: prev.publicationDate, sha256: prev.sha256, codes: overlayCodeCount(prev) }
        : undefined;
      try {
        const baseUrl = options.urls?.[source.id] ?? source.defaultUrl;
        if (!baseUrl) {
          results.push({ source: source.id, status: "skipped", message: source.urlNote ?? "no URL configured" });
          continue;
        }
        if (source.needsCodes && codes.length === 0) {
          results.push({
            source: source.id,
            status: "skipped",
            message: `${source.id} is queried code by code: give --codes (${source.urlNote ?? ""})`.trim(),
          });
          continue;
        }
        const retrievedAt = clock.now().toISOString();
        const regimes = buildWithOverlays(
          files,
          groups,
          [...held.values()].filter((o) => o.source !== source.id),
        );
        const ctx = {
          asOf,
          baseUrl,
          codes,
          retrievedAt,
          regimes,
          get: (url: string, headers?: Record<string, string>) => {
            progress({ source: source.id, step: "download", detail: url });
            return fetchBytes(options.fetch, url, {
              timeoutMs: options.timeoutMs ?? 120_000,
              maxBytes: options.maxBytes ?? MAX_REGIME_DOCUMENT_BYTES,
              errorCode: "REGIME_DOWNLOAD_FAILED",
              ...(headers ? { headers } : {}),
            });
          },
        };
        const docs = await source.download(ctx);
        progress({ source: source.id, step: "parse" });
        const overlay = await importSource(source, docs, ctx);
        progress({ source: source.id, step: "validate" });
        if (prev && overlay.sha256 === prev.sha256) {
          results.push({
            source: source.id,
            status: "unchanged",
            message: "same content as the version in force",
            previous,
          });
          continue;
        }
        const codesNow = overlayCodeCount(overlay);
        if (previous && !options.force && codesNow < previous.codes * (1 - MAX_REGIME_SHRINK))
          throw integrity(
            "REGIME_UPDATE_SHRUNK",
            `${source.id}: ${codesNow} codes against ${previous.codes} in force (more than ${MAX_REGIME_SHRINK * 100}% fewer); refused — use --force if this is expected`,
            { codes: codesNow, previous: previous.codes },
          );
        if (previous && !options.force && overlay.publicationDate < previous.publicationDate)
          throw integrity(
            "REGIME_UPDATE_OLDER_THAN_CURRENT",
            `${source.id}: the data are as of ${overlay.publicationDate}, before the version in force (${previous.publicationDate}); refused — use --force to go back`,
            { date: overlay.publicationDate, previous: previous.publicationDate },
          );
        // The merged set must build exactly like bundled data before anything is written.
        buildWithOverlays(files, groups, [...[...held.values()].filter((o) => o.source !== source.id), overlay]);
        const diff = diffOverlays(prev ?? null, overlay);
        progress({ source: source.id, step: "write" });
        const dir = `versions/${source.id}/${versionStamp(clock.now())}-${overlay.sha256.slice(0, 12)}`;
        const version: RegimeVersion = {
          source: source.id,
          jurisdiction: overlay.jurisdiction,
          title: overlay.title,
          publicationDate: overlay.publicationDate,
          retrievedAt,
          urls: overlay.urls,
          sha256: overlay.sha256,
          counts: overlay.counts,
          caveats: overlay.caveats,
          dir,
        };
        const tmp = path.join(root, `.tmp-${source.id}-${randomBytes(6).toString("hex")}`);
        await mkdir(path.join(tmp, "raw"), { recursive: true });
        try {
          await writeFile(path.join(tmp, "overlay.json"), `${JSON.stringify(overlay, null, 2)}\n`);
          await writeFile(path.join(tmp, "diff.json"), `${JSON.stringify(diff, null, 2)}\n`);
          await writeFile(path.join(tmp, "version.json"), `${JSON.stringify(version, null, 2)}\n`);
          for (const [i, d] of docs.entries()) await writeFile(path.join(tmp, "raw", `${i}`), d.bytes);
          await mkdir(path.dirname(path.join(root, dir)), { recursive: true });
          await rename(tmp, path.join(root, dir));
        } catch (e) {
          await rm(tmp, { recursive: true, force: true });
          throw e;
        }
        const was = active.sources[source.id];
        active.sources[source.id] = { dir, history: was ? [...was.history, was.dir] : [] };
        held.set(source.id, overlay);
        changed = true;
        results.push({
          source: source.id,
          status: "updated",
          message: `${overlay.counts.measures} measure(s), ${codesNow} code(s) as of ${overlay.publicationDate} (+${diff.codesAdded} −${diff.codesRemoved} codes)`,
          version,
          ...(previous ? { previous } : {}),
          diff,
        });
      } catch (e) {
        const error = toErrorData(e);
        engine.logger.warn({ source: source.id, err: error }, "regime update rejected; previous data kept");
        results.push({
          source: source.id,
          status: "rejected",
          message: `${error.message} — the previous data keep serving`,
          error,
          ...(previous ? { previous } : {}),
        });
      }
    }
    if (changed) await activate(engine, stateDir, active, files, groups, [...held.values()]);
    return { results, failed: results.some((r) => r.status === "rejected") };
  } finally {
    await unlock();
  }
}

/** Writes `active.json` by rename, then swaps the engine's regime set (built before the switch). */
async function activate(
  engine: Engine,
  stateDir: string,
  active: ActiveFile,
  files: Awaited<ReturnType<typeof bundledFiles>>["files"],
  groups: Awaited<ReturnType<typeof bundledFiles>>["groups"],
  overlays: RegimeOverlay[],
): Promise<void> {
  const set = buildWithOverlays(
    files,
    groups,
    overlays.filter((o) => active.sources[o.source]).sort((a, b) => a.source.localeCompare(b.source)),
  );
  await writeFileAtomic(path.join(regimesDir(stateDir), "active.json"), `${JSON.stringify(active, null, 2)}\n`);
  engine.replace<RegimeSet>(REGIMES_KEY, set);
}

export interface RegimeRollbackResult {
  source: string;
  status: "rolled_back" | "nothing_to_roll_back";
  message: string;
  /** The version now in force (absent: the bundled data alone). */
  version?: RegimeVersion;
  diff?: RegimeDiff;
}

/**
 * Puts back, for each source (default: every source with an update in force), the version the current one
 * replaced — or the bundled data alone after the first update. Versions are kept on disk; only `active.json` changes.
 */
export async function rollbackRegimes(
  engine: Engine,
  options: { sources?: string[] } = {},
): Promise<{ results: RegimeRollbackResult[] }> {
  const stateDir = needStateDir(engine);
  const { REGIME_SOURCES, regimeSource } = await import("./sources.ts");
  for (const id of options.sources ?? [])
    if (!regimeSource(id))
      throw new EmbargoError({
        code: "REGIME_SOURCE_UNKNOWN",
        category: "invalid_input",
        message: `unknown regime source '${id}' (known: ${REGIME_SOURCES.map((s) => s.id).join(", ")})`,
      });
  const root = regimesDir(stateDir);
  await mkdir(root, { recursive: true });
  const unlock = await acquireUpdateLock(root, "REGIMES_UPDATE_IN_PROGRESS", "regime update");
  try {
    const active = await readActive(stateDir);
    const ids = options.sources?.length ? options.sources : Object.keys(active.sources).sort();
    const results: RegimeRollbackResult[] = [];
    const overlays = new Map<string, RegimeOverlay>();
    for (const [id, a] of Object.entries(active.sources)) overlays.set(id, await readOverlay(stateDir, a.dir));
    let changed = false;
    for (const id of ids) {
      const a = active.sources[id];
      if (!a) {
        results.push({ source: id, status: "nothing_to_roll_back", message: "no update in force: bundled data only" });
        continue;
      }
      const current = overlays.get(id) as RegimeOverlay;
      const back = a.history.at(-1);
      if (back) {
        active.sources[id] = { dir: back, history: a.history.slice(0, -1) };
        const restored = await readOverlay(stateDir, back);
        overlays.set(id, restored);
        const version = JSON.parse(await readFile(path.join(root, back, "version.json"), "utf8")) as RegimeVersion;
        results.push({
          source: id,
          status: "rolled_back",
          message: `back to the version as of ${restored.publicationDate} (${restored.sha256.slice(0, 12)})`,
          version,
          diff: diffOverlays(current, restored),
        });
      } else {
        delete active.sources[id];
        overlays.delete(id);
        results.push({ source: id, status: "rolled_back", message: "back to the bundled data alone" });
      }
      changed = true;
    }
    if (changed) {
      const { files, groups } = await bundledFiles(engine);
      await activate(engine, stateDir, active, files, groups, [...overlays.values()]);
    }
    return { results };
  } finally {
    await unlock();
  }
}
