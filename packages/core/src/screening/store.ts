/**
 * The list store: the snapshots screening runs against, and their updates.
 *
 * Bundled snapshots live in `<dataDir>/lists/` (official files, gzipped, with `manifest.json`). Downloaded ones
 * live under `<stateDir>/lists/versions/<list>/<stamp>-<hash>/` (the files, `version.json`, `delta.json`), and
 * `<stateDir>/lists/active.json` names the version in force for each list. An update downloads, parses and
 * validates a source completely, writes the new version into a temporary folder, renames it into place, then
 * replaces `active.json` by rename and swaps the engine's memo: a failed step leaves the previous version serving.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { Engine } from "../engine.ts";
import { EmbargoError, type ErrorData, toErrorData } from "../errors/index.ts";
import { type FetchLike, fetchBytes } from "../runtime/fetcher.ts";
import type { Clock } from "../runtime/index.ts";
import { cachedSnapshot, type SnapshotCache, snapshotCacheOf } from "../runtime/snapshot-cache.ts";
import { acquireUpdateLock, versionStamp } from "../runtime/state-files.ts";
import type { ParsedList } from "./lists/common.ts";
import { recordEntityCounts } from "./lists/counts.ts";
import { LIST_SOURCES, type ListSource, listSource, type SourceParseOptions } from "./lists/sources.ts";
import type { Entity, ListSnapshot } from "./model.ts";

const KEY = "screening.lists";

/**
 * The list parsers (with fast-xml-parser and csv-parse), imported only when a list is actually parsed: a start
 * served from the snapshot cache never loads them (issue 10). Kept once loaded, for the synchronous fallback below.
 */
let listParsers: typeof import("./lists/parse.ts") | undefined;
async function parsers(): Promise<typeof import("./lists/parse.ts")> {
  listParsers ??= await import("./lists/parse.ts");
  return listParsers;
}

/** A snapshot's version record: what it is, where it came from, how big it is. */
export interface ListVersion {
  list: string;
  title: string;
  origin: "bundled" | "downloaded";
  /** Publication date of the source (from the file when it carries one, else the snapshot's stated date). */
  date?: string;
  /** SHA-256 of the source bytes (several files: of their `role:sha256` lines). */
  sha256: string;
  /** Entities parsed. */
  entities: number;
  /** Source rows/records read. */
  rows: number;
  /** Rows skipped or partly read (see the parse issues). */
  issues: number;
  retrievedAt?: string;
  /** Where the files came from (URLs, or the bundled paths). */
  sources: string[];
  caveats: string[];
  /** False when the snapshot is known not to be the whole list (e.g. a format sample). */
  complete?: boolean;
  /** Records marked `partial` (e.g. OFAC alias-only records), when there are any. */
  partialEntities?: number;
  /** Change against the version it replaced (downloaded versions only). */
  delta?: { added: number; removed: number; changed: number };
}

/** What the store holds in the engine memo. */
interface ListState {
  snapshots: ListSnapshot[];
  versions: ListVersion[];
}

interface BundledManifest {
  snapshots: {
    list: string;
    date: string;
    files: Record<string, { path: string; sha256: string; bytes: number }>;
    provenance: string;
    caveats: string[];
    parse?: SourceParseOptions;
    complete?: boolean;
  }[];
}

interface ActiveFile {
  lists: Record<string, { dir: string }>;
}

interface VersionFile extends ListVersion {
  files: Record<string, { name: string; sha256: string; url: string }>;
}

function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** One hash for a set of files: over sorted `role:sha256` lines (a single file: its own hash). */
function combinedHash(hashes: Record<string, string>): string {
  const roles = Object.keys(hashes).sort();
  if (roles.length === 1) return hashes[roles[0] as string] as string;
  return sha256(roles.map((r) => `${r}:${hashes[r]}`).join("\n"));
}

function integrity(code: string, message: string, details: Record<string, unknown> = {}): EmbargoError {
  return new EmbargoError({ code, category: "integrity", message, details });
}

/**
 * What each loaded snapshot's content is keyed by in the snapshot cache (its sources' hashes and how they were
 * parsed): a cache entry derived from several lists (the screening index) is keyed by these.
 */
const snapshotKeys = new WeakMap<ListSnapshot, string>();

/**
 * The cache keys of snapshots this store loaded, in order; undefined when any of them was not loaded by the store
 * (then nothing derived from them may be cached).
 */
export function listSnapshotKeys(snapshots: readonly ListSnapshot[]): string[] | undefined {
  const keys: string[] = [];
  for (const s of snapshots) {
    const k = snapshotKeys.get(s);
    if (k === undefined) return undefined;
    keys.push(k);
  }
  return keys;
}

function snapshotOf(source: ListSource, parsed: ParsedList, v: ListVersion, keyParts: readonly string[]): ListSnapshot {
  const snapshot = snapshotBody(source, parsed, v);
  snapshotKeys.set(snapshot, JSON.stringify([source.id, v.origin, ...keyParts]));
  return snapshot;
}

function snapshotBody(source: ListSource, parsed: ParsedList, v: ListVersion): ListSnapshot {
  return {
    list: source.id,
    title: source.title,
    ...(v.date ? { date: v.date } : {}),
    sha256: v.sha256,
    source: v.sources.join(" "),
    entities: parsed.entities,
    origin: v.origin,
    ...(v.retrievedAt ? { retrievedAt: v.retrievedAt } : {}),
    caveats: v.caveats,
    ...(v.complete === false ? { complete: false } : {}),
  };
}

function partialCount(parsed: ParsedList): { partialEntities?: number } {
  const n = parsed.entities.reduce((k, e) => k + (e.partial ? 1 : 0), 0);
  return n > 0 ? { partialEntities: n } : {};
}

type BundledEntry = BundledManifest["snapshots"][number];

/** Decompresses a bundled `.gz`; a file that is not valid gzip is an integrity fault naming the file. */
function gunzipBundled(bytes: Uint8Array, file: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw integrity("LIST_BUNDLE_CORRUPT", `bundled ${file} is not a valid gzip file: ${(e as Error).message}`, {
      file,
    });
  }
}

/** Reads, decompresses and checks a bundled snapshot's files against the manifest's SHA-256. */
async function readBundledFiles(
  dir: string,
  m: BundledEntry,
): Promise<{ files: Record<string, Uint8Array>; hashes: Record<string, string> }> {
  const files: Record<string, Uint8Array> = {};
  const hashes: Record<string, string> = {};
  for (const [role, f] of Object.entries(m.files)) {
    const bytes = gunzipBundled(await readFile(path.join(dir, f.path)), f.path);
    const h = sha256(bytes);
    if (h !== f.sha256)
      throw integrity("LIST_BUNDLE_CORRUPT", `bundled ${f.path} does not match its recorded SHA-256`, {
        file: f.path,
      });
    files[role] = bytes;
    hashes[role] = h;
  }
  return { files, hashes };
}

/**
 * Key of the record that these compressed files were decompressed and found to match the manifest: the manifest
 * entry and the SHA-256 of each compressed file as it is now (hashing 3 MB of gzip costs a few milliseconds;
 * decompressing and hashing the 25 MB inside, a few hundred).
 */
async function gzipKey(dir: string, m: BundledEntry): Promise<string[]> {
  const parts = [JSON.stringify(m.files)];
  for (const f of Object.values(m.files)) parts.push(sha256(await readFile(path.join(dir, f.path))));
  return parts;
}

/** What the version record and coverage need of a parsed list, cached beside it so they need not decode it. */
interface ListMeta {
  date?: string;
  entities: number;
  rows: number;
  issues: number;
  partialEntities: number;
}

function metaOf(parsed: ParsedList): ListMeta {
  return {
    ...(parsed.date ? { date: parsed.date } : {}),
    entities: parsed.entities.length,
    rows: parsed.rows,
    issues: parsed.issues.length,
    partialEntities: partialCount(parsed).partialEntities ?? 0,
  };
}

function bundledVersion(
  source: ListSource,
  m: BundledEntry,
  parsed: ListMeta,
  hashes: Record<string, string>,
): ListVersion {
  return {
    list: source.id,
    title: source.title,
    origin: "bundled",
    date: parsed.date ?? m.date,
    sha256: combinedHash(hashes),
    entities: parsed.entities,
    rows: parsed.rows,
    issues: parsed.issues,
    sources: Object.values(m.files).map((f) => `data/lists/${f.path}`),
    caveats: m.caveats,
    ...(m.complete === false ? { complete: false } : {}),
    ...(parsed.partialEntities > 0 ? { partialEntities: parsed.partialEntities } : {}),
  };
}

/**
 * A bundled snapshot whose entities are decoded on first read, when the cache knows these exact compressed files
 * (checked against the manifest before) and holds the parsed list's counts: a start that only screens reads the
 * screening index, not the 25 MB of parsed lists. The entities come from the cache entry, or — if it has gone
 * or is damaged meanwhile — from the files, decompressed and checked against the manifest as on a first start.
 * Undefined when the cache cannot vouch for the files or the counts (then the list is loaded eagerly).
 */
async function loadBundledLazily(
  dir: string,
  source: ListSource,
  m: BundledEntry,
  cache: SnapshotCache,
): Promise<{ snapshot: ListSnapshot; version: ListVersion } | undefined> {
  if (!cache.reader) return undefined;
  if ((await cache.get<boolean>(`list-${source.id}-bundled-verified`, await gzipKey(dir, m))) !== true)
    return undefined;
  const hashes = Object.fromEntries(Object.entries(m.files).map(([role, f]) => [role, f.sha256]));
  const keyParts = [combinedHash(hashes), JSON.stringify(m.parse ?? null)];
  const meta = await cache.get<ListMeta>(`list-${source.id}-bundled-meta`, keyParts);
  if (!meta) return undefined;
  const read = await cache.reader<ParsedList>(`list-${source.id}-bundled`, keyParts);
  const version = bundledVersion(source, m, meta, hashes);
  const entities = (): Entity[] => {
    const cached = read();
    if (cached) return cached.entities;
    const files: Record<string, Uint8Array> = {};
    for (const [role, f] of Object.entries(m.files)) {
      const bytes = gunzipBundled(readFileSync(path.join(dir, f.path)), f.path);
      if (sha256(bytes) !== f.sha256)
        throw integrity("LIST_BUNDLE_CORRUPT", `bundled ${f.path} does not match its recorded SHA-256`, {
          file: f.path,
        });
      files[role] = bytes;
    }
    if (!listParsers) {
      // The entry went missing or was damaged after this start chose to read it, and the parsers (loaded only on
      // demand) cannot be loaded synchronously here: refuse this once, and make the next start parse the files.
      void cache.put(`list-${source.id}-bundled-meta`, keyParts, null);
      throw integrity(
        "LIST_CACHE_DAMAGED",
        `the cached ${source.id} list was damaged or removed while in use; it will be parsed again on the next start: retry`,
        { list: source.id },
      );
    }
    const parsed = listParsers.parseSourceFiles(source, files, m.parse);
    void cache.put(`list-${source.id}-bundled`, keyParts, parsed);
    return parsed.entities;
  };
  const snapshot = snapshotOf(
    source,
    { date: meta.date, entities: [], rows: meta.rows, issues: [] },
    version,
    keyParts,
  );
  let value: Entity[] | undefined;
  Object.defineProperty(snapshot, "entities", {
    enumerable: true,
    configurable: true,
    get: () => {
      value ??= entities();
      return value;
    },
    set: (v: Entity[]) => {
      value = v;
    },
  });
  recordEntityCounts(snapshot, { entities: meta.entities, partialEntities: meta.partialEntities });
  return { snapshot, version };
}

async function loadBundled(engine: Engine): Promise<Map<string, { snapshot: ListSnapshot; version: ListVersion }>> {
  const dir = path.join(engine.dataDir, "lists");
  const out = new Map<string, { snapshot: ListSnapshot; version: ListVersion }>();
  let manifest: BundledManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as BundledManifest;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return out;
    throw integrity("LIST_BUNDLE_INVALID", `bundled lists manifest unreadable: ${(e as Error).message}`);
  }
  const cache = await snapshotCacheOf(engine);
  for (const m of manifest.snapshots) {
    const source = listSource(m.list);
    if (!source) continue;
    const loaded = cache?.reader ? await loadBundledLazily(dir, source, m, cache) : undefined;
    if (loaded) {
      out.set(source.id, loaded);
      continue;
    }
    const { files, hashes } = await readBundledFiles(dir, m);
    // Parsed once per source content and code version, then read from the state dir's snapshot cache (if any).
    const keyParts = [combinedHash(hashes), JSON.stringify(m.parse ?? null)];
    const parsed = await cachedSnapshot(cache, `list-${source.id}-bundled`, keyParts, async () =>
      (await parsers()).parseSourceFiles(source, files, m.parse),
    );
    const version = bundledVersion(source, m, metaOf(parsed), hashes);
    await cache?.put(`list-${source.id}-bundled-meta`, keyParts, metaOf(parsed));
    await cache?.put(`list-${source.id}-bundled-verified`, await gzipKey(dir, m), true);
    out.set(source.id, { snapshot: snapshotOf(source, parsed, version, keyParts), version });
  }
  return out;
}

async function readActive(stateDir: string): Promise<ActiveFile> {
  try {
    return JSON.parse(await readFile(path.join(stateDir, "lists", "active.json"), "utf8")) as ActiveFile;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { lists: {} };
    throw integrity("LIST_STATE_INVALID", `lists/active.json unreadable: ${(e as Error).message}`);
  }
}

async function loadVersionDir(
  stateDir: string,
  source: ListSource,
  dir: string,
  cache?: SnapshotCache,
): Promise<{ snapshot: ListSnapshot; version: ListVersion }> {
  const abs = path.join(stateDir, "lists", dir);
  const v = JSON.parse(await readFile(path.join(abs, "version.json"), "utf8")) as VersionFile;
  const files: Record<string, Uint8Array> = {};
  for (const [role, f] of Object.entries(v.files)) {
    const bytes = await readFile(path.join(abs, f.name));
    if (sha256(bytes) !== f.sha256)
      throw integrity("LIST_STATE_CORRUPT", `${dir}/${f.name} does not match its SHA-256`);
    files[role] = bytes;
  }
  const keyParts = [dir, ...Object.values(v.files).map((f) => f.sha256)];
  const parsed = await cachedSnapshot(cache, `list-${source.id}-downloaded`, keyParts, async () =>
    (await parsers()).parseSourceFiles(source, files),
  );
  const { files: _files, ...version } = v;
  return { snapshot: snapshotOf(source, parsed, version, keyParts), version };
}

async function loadState(engine: Engine): Promise<ListState> {
  const bundled = await loadBundled(engine);
  const current = new Map(bundled);
  if (engine.stateDir) {
    const active = await readActive(engine.stateDir);
    for (const [id, { dir }] of Object.entries(active.lists)) {
      const source = listSource(id);
      if (!source) continue;
      try {
        current.set(id, await loadVersionDir(engine.stateDir, source, dir, await snapshotCacheOf(engine)));
      } catch (e) {
        // A damaged downloaded version must not take screening down: fall back to the bundled one, and say so.
        engine.logger.error({ list: id, dir, err: toErrorData(e) }, "downloaded list version unusable; using bundled");
        const b = bundled.get(id);
        if (b) {
          const caveat = `The downloaded version ${dir} could not be loaded (${toErrorData(e).message}); the bundled snapshot is used.`;
          b.version.caveats = [...b.version.caveats, caveat];
          b.snapshot.caveats = b.version.caveats;
        }
      }
    }
  }
  const order = LIST_SOURCES.map((s) => s.id).filter((id) => current.has(id));
  return {
    snapshots: order.map((id) => current.get(id)?.snapshot as ListSnapshot),
    versions: order.map((id) => current.get(id)?.version as ListVersion),
  };
}

function state(engine: Engine): Promise<ListState> {
  return engine.lazy(KEY, () => loadState(engine));
}

/**
 * The list snapshots screening runs against: the bundled ones, each replaced by its downloaded version where
 * `embargo lists update` installed one. Loaded once per engine.
 */
export async function getListSnapshots(engine: Engine): Promise<ListSnapshot[]> {
  return (await state(engine)).snapshots;
}

/** Same as {@link getListSnapshots} (kept for callers that name the load explicitly). */
export const loadListSnapshots = getListSnapshots;

/** Version records (hash, dates, counts, delta, caveats) of the snapshots in force, for `lists show` / `GET /v1/lists`. */
export async function getListVersions(engine: Engine): Promise<ListVersion[]> {
  return (await state(engine)).versions;
}

/** Minimal fetch (the shared network fetcher's): the global `fetch` satisfies it; tests may pass their own. */
export type { FetchLike };

/** Options for {@link updateLists}. */
export interface UpdateOptions {
  fetch: FetchLike;
  /** Source ids to update (default: every source with an official URL). */
  sources?: string[];
  /**
   * URL overrides by source id. A string is the primary file's URL; for multi-file sources (OFAC CSV) a string
   * ending in `/` is a folder the official file names are appended to. An object maps file role → URL.
   */
  urls?: Record<string, string | Record<string, string>>;
  /** Accept a snapshot that shrank by more than {@link MAX_SHRINK}, or is dated before the one in force (an explicit human decision). */
  force?: boolean;
  clock?: Clock;
  /** Called as each source progresses (the CLI prints it). */
  onProgress?: (event: { list: string; step: "download" | "parse" | "validate" | "write"; detail?: string }) => void;
  /** Per-request timeout (ms); default 120 000. */
  timeoutMs?: number;
}

/** A snapshot that lost more than this share of the previous version's entities is refused unless forced. */
export const MAX_SHRINK = 0.2;

/** The outcome for one source. */
export interface UpdateResult {
  list: string;
  status: "updated" | "unchanged" | "rejected" | "skipped";
  message: string;
  version?: ListVersion;
  previous?: { sha256: string; entities: number; date?: string };
  delta?: { added: string[]; removed: string[]; changed: string[] };
  error?: ErrorData;
}

/** The outcome of an update run. */
export interface UpdateReport {
  results: UpdateResult[];
  /** True when any source was rejected (the previous version keeps serving for it). */
  failed: boolean;
}

function resolveUrls(
  source: ListSource,
  override: string | Record<string, string> | undefined,
): Record<string, string> {
  if (override === undefined) return source.urls;
  if (typeof override === "object") return override;
  const roles = Object.keys(source.files);
  if (roles.length > 1) {
    if (!override.endsWith("/"))
      throw new EmbargoError({
        code: "LIST_URL_INVALID",
        category: "invalid_input",
        message: `${source.id} has ${roles.length} files (${roles.map((r) => source.files[r]).join(", ")}): give a folder URL ending in '/'`,
      });
    return Object.fromEntries(roles.map((r) => [r, `${override}${source.files[r]}`]));
  }
  return { primary: override };
}

/** Maximum size of one list file (the largest official list, OFAC's advanced XML, is about 100 MB). */
export const MAX_LIST_BYTES = 512 * 1024 * 1024;

async function download(fetchFn: FetchLike, url: string, timeoutMs: number): Promise<Uint8Array> {
  // The shared fetcher: timeout, streamed size limit, user-agent, bounded redirects.
  return (await fetchBytes(fetchFn, url, { timeoutMs, maxBytes: MAX_LIST_BYTES, errorCode: "LIST_DOWNLOAD_FAILED" }))
    .bytes;
}

/** Added, removed and changed entity ids between two versions of a list. */
export function listDelta(
  before: Entity[],
  after: Entity[],
): { added: string[]; removed: string[]; changed: string[] } {
  const prev = new Map(before.map((e) => [e.id, JSON.stringify(e)]));
  const next = new Map(after.map((e) => [e.id, JSON.stringify(e)]));
  const added: string[] = [];
  const changed: string[] = [];
  for (const [id, json] of next) {
    const p = prev.get(id);
    if (p === undefined) added.push(id);
    else if (p !== json) changed.push(id);
  }
  const removed = [...prev.keys()].filter((id) => !next.has(id));
  return { added, removed, changed };
}

/**
 * Downloads the current official files of each source, parses and validates them completely (non-empty, no
 * shrink beyond {@link MAX_SHRINK} and not dated before the version in force, unless `force`), records the version (hash, date, counts) and the delta
 * (added/removed/changed entity ids), and swaps it in atomically. A source that fails is reported `rejected` and
 * its previous version keeps serving; the others go on.
 */
export async function updateLists(engine: Engine, options: UpdateOptions): Promise<UpdateReport> {
  const stateDir = engine.stateDir;
  if (!stateDir)
    throw new EmbargoError({
      code: "LISTS_NO_STATE_DIR",
      category: "invalid_input",
      message: "list updates need a writable state directory (engine stateDir)",
    });
  const clock = options.clock ?? engine.clock;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const progress = options.onProgress ?? (() => {});
  for (const id of [...(options.sources ?? []), ...Object.keys(options.urls ?? {})])
    if (!listSource(id))
      throw new EmbargoError({
        code: "LIST_SOURCE_UNKNOWN",
        category: "invalid_input",
        message: `unknown list source '${id}' (known: ${LIST_SOURCES.map((s) => s.id).join(", ")})`,
      });
  const selected = options.sources?.length
    ? LIST_SOURCES.filter((s) => options.sources?.includes(s.id))
    : LIST_SOURCES.filter(
        // A retired list (OFSI ConList) is updated only when named: its publisher no longer serves it.
        (s) => (Object.keys(s.urls).length > 0 && !s.retired) || options.urls?.[s.id] !== undefined,
      );

  const listsDir = path.join(stateDir, "lists");
  await mkdir(listsDir, { recursive: true });
  const unlock = await acquireUpdateLock(listsDir, "LISTS_UPDATE_IN_PROGRESS", "list update");
  try {
    const current = await state(engine);
    const active = await readActive(stateDir);
    const snapshots = new Map(current.snapshots.map((s) => [s.list, s]));
    const versions = new Map(current.versions.map((v) => [v.list, v]));
    const results: UpdateResult[] = [];
    let changedAny = false;

    for (const source of selected) {
      const prevSnap = snapshots.get(source.id);
      const prevVersion = versions.get(source.id);
      const previous = prevVersion
        ? {
            sha256: prevVersion.sha256,
            entities: prevVersion.entities,
            ...(prevVersion.date ? { date: prevVersion.date } : {}),
          }
        : undefined;
      try {
        const urls = resolveUrls(source, options.urls?.[source.id]);
        if (Object.keys(urls).length === 0) {
          results.push({ list: source.id, status: "skipped", message: source.urlNote ?? "no official URL configured" });
          continue;
        }
        const files: Record<string, Uint8Array> = {};
        const hashes: Record<string, string> = {};
        for (const [role, url] of Object.entries(urls)) {
          progress({ list: source.id, step: "download", detail: url });
          const bytes = await download(options.fetch, url, timeoutMs);
          files[role] = bytes;
          hashes[role] = sha256(bytes);
        }
        const hash = combinedHash(hashes);
        if (previous && hash === previous.sha256) {
          results.push({
            list: source.id,
            status: "unchanged",
            message: "same content as the version in force",
            previous,
          });
          continue;
        }
        progress({ list: source.id, step: "parse" });
        const parsed = (await parsers()).parseSourceFiles(source, files);
        progress({ list: source.id, step: "validate" });
        if (parsed.entities.length === 0)
          throw integrity("LIST_EMPTY", `${source.id}: the download parsed to no entities; refused`);
        if (previous && !options.force && parsed.entities.length < previous.entities * (1 - MAX_SHRINK))
          throw integrity(
            "LIST_SHRUNK",
            `${source.id}: ${parsed.entities.length} entities against ${previous.entities} in force (more than ${MAX_SHRINK * 100}% fewer); refused — use --force if this is expected`,
            { entities: parsed.entities.length, previous: previous.entities },
          );
        // A file dated before the version in force (a stale mirror or cache) must not roll the list back.
        const prevDate = previous?.date;
        if (!options.force && prevDate?.length === 10 && parsed.date?.length === 10 && parsed.date < prevDate)
          throw integrity(
            "LIST_OLDER_THAN_CURRENT",
            `${source.id}: the download is dated ${parsed.date}, before the version in force (${prevDate}); refused — use --force to roll back`,
            { date: parsed.date, previous: prevDate },
          );
        const delta = listDelta(prevSnap?.entities ?? [], parsed.entities);
        const retrievedAt = clock.now().toISOString();
        const version: ListVersion = {
          list: source.id,
          title: source.title,
          origin: "downloaded",
          ...(parsed.date ? { date: parsed.date } : {}),
          sha256: hash,
          entities: parsed.entities.length,
          rows: parsed.rows,
          issues: parsed.issues.length,
          retrievedAt,
          sources: Object.values(urls),
          caveats: [
            ...(parsed.date ? [] : ["The file carries no publication date; the retrieval time is recorded instead."]),
            ...(source.retired ? [`This list was ${source.retired}.`] : []),
          ],
          ...partialCount(parsed),
          delta: { added: delta.added.length, removed: delta.removed.length, changed: delta.changed.length },
        };
        progress({ list: source.id, step: "write" });
        const dirName = `versions/${source.id}/${versionStamp(clock.now())}-${hash.slice(0, 12)}`;
        const tmp = path.join(listsDir, `.tmp-${source.id}-${randomBytes(6).toString("hex")}`);
        await mkdir(tmp, { recursive: true });
        try {
          const vf: VersionFile = {
            ...version,
            files: Object.fromEntries(
              Object.keys(files).map((role) => [
                role,
                { name: source.files[role] ?? role, sha256: hashes[role] as string, url: urls[role] as string },
              ]),
            ),
          };
          for (const [role, bytes] of Object.entries(files))
            await writeFile(path.join(tmp, source.files[role] ?? role), bytes);
          await writeFile(path.join(tmp, "version.json"), `${JSON.stringify(vf, null, 2)}\n`);
          await writeFile(
            path.join(tmp, "delta.json"),
            `${JSON.stringify({ list: source.id, from: previous ?? null, to: { sha256: hash, entities: version.entities }, ...delta, issues: parsed.issues.slice(0, 1000) }, null, 2)}\n`,
          );
          await mkdir(path.dirname(path.join(listsDir, dirName)), { recursive: true });
          await rename(tmp, path.join(listsDir, dirName));
        } catch (e) {
          await rm(tmp, { recursive: true, force: true });
          throw e;
        }
        active.lists[source.id] = { dir: dirName };
        snapshots.set(
          source.id,
          snapshotOf(source, parsed, version, [dirName, ...Object.keys(files).map((r) => hashes[r] as string)]),
        );
        versions.set(source.id, version);
        changedAny = true;
        results.push({
          list: source.id,
          status: "updated",
          message: `${version.entities} entities (+${delta.added.length} −${delta.removed.length} ~${delta.changed.length})`,
          version,
          ...(previous ? { previous } : {}),
          delta,
        });
      } catch (e) {
        const error = toErrorData(e);
        engine.logger.warn({ list: source.id, err: error }, "list update rejected; previous version kept");
        results.push({
          list: source.id,
          status: "rejected",
          message: `${error.message} — the previous version keeps serving`,
          error,
          ...(previous ? { previous } : {}),
        });
      }
    }

    if (changedAny) {
      // active.json is the single switch: replaced by rename, so readers see the old or the new set, never half.
      const tmp = path.join(listsDir, `.active-${randomBytes(6).toString("hex")}.json`);
      await writeFile(tmp, `${JSON.stringify(active, null, 2)}\n`);
      await rename(tmp, path.join(listsDir, "active.json"));
      const order = LIST_SOURCES.map((s) => s.id).filter((id) => snapshots.has(id));
      engine.replace<ListState>(KEY, {
        snapshots: order.map((id) => snapshots.get(id) as ListSnapshot),
        versions: order.map((id) => versions.get(id) as ListVersion),
      });
    }
    return { results, failed: results.some((r) => r.status === "rejected") };
  } finally {
    await unlock();
  }
}
