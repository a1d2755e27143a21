/**
 * A cache of parsed snapshots on disk (e.g. the entities parsed from a sanctions list), so a process that starts
 * again does not parse the same source files again. Pure over injected paths: the front end chooses the folder
 * (`<state-dir>/cache`) and the code version; core reads no environment.
 *
 * Each entry is one file `<dir>/<name>.snap`: a JSON header line, then the value serialized with `v8.serialize`
 * (keeps Maps, typed arrays, Dates and shared references). The header carries the entry's key — SHA-256 over the
 * caller's key parts (the source files' SHA-256), the code version and the V8 serialization version — and the
 * payload's length and SHA-256. `get` returns undefined (a miss) when the key differs (stale), and when anything
 * fails to check or deserialize (corrupt: the file is removed); it never returns a value it could not verify.
 * `put` writes a temporary file and renames it into place, so readers see the old entry or the new one, never half.
 */
import { createHash, randomBytes } from "node:crypto";
import { closeSync, fstatSync, openSync, readFileSync, readSync, rmSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import v8 from "node:v8";
import { crc32 } from "node:zlib";
import type { Engine } from "../engine.ts";

/** What happened on a `get`/`put` (for logs and tests). */
export interface SnapshotCacheEvent {
  kind: "hit" | "miss" | "stale" | "corrupt" | "written" | "write_failed";
  name: string;
  reason?: string;
}

/** The cache's narrow interface: a value by entry name and key parts. */
export interface SnapshotCache {
  /** The value stored under `name` for exactly these key parts, or undefined. */
  get<T>(name: string, keyParts: readonly string[]): Promise<T | undefined>;
  /** Stores `value` under `name` for these key parts (replacing any older entry). Failures are reported, not thrown. */
  put(name: string, keyParts: readonly string[], value: unknown): Promise<void>;
  /**
   * A synchronous reader of the entry `name` for these key parts, prepared now (the key is computed here) and run
   * later — for values decoded only when first used, e.g. from a getter. The reader checks the entry exactly as
   * `get` does and returns undefined on a miss, a stale or a corrupt entry (which it removes).
   */
  reader?<T>(name: string, keyParts: readonly string[]): Promise<() => T | undefined>;
  /**
   * Raw bytes stored with {@link SnapshotCache.putBytes} under `name` for exactly these key parts, or undefined.
   * Checked like `get` (key, length, checksum); the returned view starts 8-byte aligned, so typed-array views can
   * be laid over it without a copy.
   */
  getBytes?(name: string, keyParts: readonly string[]): Promise<Uint8Array | undefined>;
  /** Stores raw bytes (a caller's own binary layout) under `name`; failures are reported, not thrown. */
  putBytes?(name: string, keyParts: readonly string[], chunks: readonly Uint8Array[]): Promise<void>;
  /**
   * Random access to an entry stored with `putBytes`, for a payload read piecewise: checks magic, header, key and
   * length (a miss, a stale or a corrupt header as in `getBytes`) but NOT the payload's checksum — the caller must
   * check every part it reads with its own checksums (stored in data it did check) and call `discard` on a mismatch.
   */
  openBytes?(name: string, keyParts: readonly string[]): Promise<BytesReader | undefined>;
}

/** See {@link SnapshotCache.openBytes}. The file stays open while the reader is reachable. */
export interface BytesReader {
  /** Payload length in bytes. */
  readonly length: number;
  /** `length` payload bytes from `offset` (throws if the file ends before). */
  read(offset: number, length: number): Uint8Array;
  /** Reports the entry corrupt and removes it: later opens miss, and the entry is written again. */
  discard(reason: string): void;
}

/** Closes the file of a reader that is no longer reachable (a replaced index). */
const openFiles = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {}
});

/** Options for {@link createSnapshotCache}. */
export interface SnapshotCacheOptions {
  /** Folder of the entries (created on first write). */
  dir: string;
  /** The code version the entries depend on (a build id, or a hash of the sources): another version never hits. */
  codeVersion: string | (() => Promise<string>);
  onEvent?: (event: SnapshotCacheEvent) => void;
}

const FORMAT = "embargo-snapshot/1";

interface Header {
  format: string;
  name: string;
  key: string;
  bytes: number;
  sha256: string;
}

const sha256 = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

/**
 * Binary entries (`<name>.bin`): 8 bytes magic, a little-endian u32 header length, the JSON header (format, name,
 * key, payload bytes, CRC-32 of the payload), zero padding to a multiple of 8, then the payload. CRC-32 rather than
 * SHA-256 here: it catches a flipped bit or a torn write as surely, at a fraction of the cost on tens of megabytes
 * read at every start (the key, not the checksum, is what ties an entry to its sources).
 */
const BIN_MAGIC = Buffer.from("EMBSNAP\u0001", "latin1");
const BIN_FORMAT = "embargo-binary-snapshot/1";

interface BinHeader {
  format: string;
  name: string;
  key: string;
  bytes: number;
  crc32: number;
}

const pad8 = (n: number) => (8 - (n % 8)) % 8;

/** Entry names become file names: keep them to a safe alphabet. */
function fileOf(dir: string, name: string, ext = "snap"): string {
  if (!/^[a-z0-9][a-z0-9._-]{0,120}$/i.test(name)) throw new Error(`bad snapshot cache entry name '${name}'`);
  return path.join(dir, `${name}.${ext}`);
}

/** Creates a cache over `options.dir`. */
export function createSnapshotCache(options: SnapshotCacheOptions): SnapshotCache {
  const emit = options.onEvent ?? (() => {});
  /** A corrupt entry is reported and removed, so the next run rebuilds it instead of tripping over it again. */
  const discard = (name: string, file: string, reason: string): void => {
    emit({ kind: "corrupt", name, reason });
    try {
      rmSync(file, { force: true });
    } catch {}
  };
  let version: Promise<string> | undefined;
  const codeVersion = () => {
    version ??= typeof options.codeVersion === "string" ? Promise.resolve(options.codeVersion) : options.codeVersion();
    return version;
  };
  const keyOf = async (name: string, parts: readonly string[]) =>
    sha256(JSON.stringify([FORMAT, name, await codeVersion(), process.versions.v8, ...parts]));

  /** Reads, checks and deserializes one entry synchronously (a single read; entries are a few megabytes). */
  const readEntry = <T>(name: string, key: string): T | undefined => {
    const file = fileOf(options.dir, name);
    let buf: Buffer;
    try {
      buf = readFileSync(file);
    } catch {
      emit({ kind: "miss", name });
      return undefined;
    }
    const corrupt = (reason: string) => {
      discard(name, file, reason);
      return undefined;
    };
    const nl = buf.indexOf(10);
    if (nl < 0) return corrupt("no header");
    let header: Header;
    try {
      header = JSON.parse(buf.subarray(0, nl).toString("utf8")) as Header;
    } catch {
      return corrupt("header is not JSON");
    }
    if (header.format !== FORMAT || header.name !== name) return corrupt("not an entry of this cache");
    if (header.key !== key) {
      emit({ kind: "stale", name });
      return undefined;
    }
    const payload = buf.subarray(nl + 1);
    if (payload.length !== header.bytes) return corrupt(`payload is ${payload.length} bytes, not ${header.bytes}`);
    if (sha256(payload) !== header.sha256) return corrupt("payload does not match its SHA-256");
    try {
      const value = v8.deserialize(payload) as T;
      emit({ kind: "hit", name });
      return value;
    } catch (e) {
      return corrupt(`payload does not deserialize: ${(e as Error).message}`);
    }
  };

  return {
    async get<T>(name: string, keyParts: readonly string[]): Promise<T | undefined> {
      return readEntry<T>(name, await keyOf(name, keyParts));
    },

    async reader<T>(name: string, keyParts: readonly string[]): Promise<() => T | undefined> {
      const key = await keyOf(name, keyParts);
      return () => readEntry<T>(name, key);
    },

    async put(name: string, keyParts: readonly string[], value: unknown): Promise<void> {
      const file = fileOf(options.dir, name);
      const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
      try {
        const payload = v8.serialize(value);
        const header: Header = {
          format: FORMAT,
          name,
          key: await keyOf(name, keyParts),
          bytes: payload.length,
          sha256: sha256(payload),
        };
        await mkdir(options.dir, { recursive: true });
        await writeFile(tmp, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), payload]));
        await rename(tmp, file);
        emit({ kind: "written", name });
      } catch (e) {
        await rm(tmp, { force: true }).catch(() => {});
        emit({ kind: "write_failed", name, reason: (e as Error).message });
      }
    },

    async getBytes(name: string, keyParts: readonly string[]): Promise<Uint8Array | undefined> {
      const file = fileOf(options.dir, name, "bin");
      let buf: Buffer;
      try {
        // One synchronous read: for a file of tens of megabytes this is faster than the chunked async read.
        buf = readFileSync(file);
      } catch {
        emit({ kind: "miss", name });
        return undefined;
      }
      const corrupt = async (reason: string) => {
        emit({ kind: "corrupt", name, reason });
        await rm(file, { force: true }).catch(() => {});
        return undefined;
      };
      if (buf.length < 12 || !buf.subarray(0, 8).equals(BIN_MAGIC)) return corrupt("not a binary snapshot");
      const headerLength = buf.readUInt32LE(8);
      if (12 + headerLength > buf.length) return corrupt("header runs past the end of the file");
      let header: BinHeader;
      try {
        header = JSON.parse(buf.subarray(12, 12 + headerLength).toString("utf8")) as BinHeader;
      } catch {
        return corrupt("header is not JSON");
      }
      if (header.format !== BIN_FORMAT || header.name !== name) return corrupt("not an entry of this cache");
      if (header.key !== (await keyOf(name, keyParts))) {
        emit({ kind: "stale", name });
        return undefined;
      }
      const start = 12 + headerLength + pad8(12 + headerLength);
      const payloadLength = buf.length - start;
      if (payloadLength !== header.bytes) return corrupt(`payload is ${payloadLength} bytes, not ${header.bytes}`);
      let payload = buf.subarray(start);
      if (crc32(payload) !== header.crc32) return corrupt("payload does not match its CRC-32");
      // Typed-array views need an aligned offset: copy only in the unusual case the read buffer is not aligned.
      if (payload.byteOffset % 8 !== 0) payload = Buffer.from(payload);
      emit({ kind: "hit", name });
      return payload;
    },

    async openBytes(name: string, keyParts: readonly string[]): Promise<BytesReader | undefined> {
      const file = fileOf(options.dir, name, "bin");
      const key = await keyOf(name, keyParts);
      let fd: number;
      try {
        fd = openSync(file, "r");
      } catch {
        emit({ kind: "miss", name });
        return undefined;
      }
      const corrupt = (reason: string) => discard(name, file, reason);
      const readAt = (position: number, length: number): Buffer => {
        const b = Buffer.allocUnsafe(length);
        let got = 0;
        while (got < length) {
          const n = readSync(fd, b, got, length - got, position + got);
          if (n === 0) break;
          got += n;
        }
        return got === length ? b : b.subarray(0, got);
      };
      const fail = (reason: string): undefined => {
        closeSync(fd);
        corrupt(reason);
        return undefined;
      };
      const size = fstatSync(fd).size;
      const head = readAt(0, Math.min(size, 12));
      if (head.length < 12 || !head.subarray(0, 8).equals(BIN_MAGIC)) return fail("not a binary snapshot");
      const headerLength = head.readUInt32LE(8);
      if (12 + headerLength > size) return fail("header runs past the end of the file");
      let header: BinHeader;
      try {
        header = JSON.parse(readAt(12, headerLength).toString("utf8")) as BinHeader;
      } catch {
        return fail("header is not JSON");
      }
      if (header.format !== BIN_FORMAT || header.name !== name) return fail("not an entry of this cache");
      if (header.key !== key) {
        closeSync(fd);
        emit({ kind: "stale", name });
        return undefined;
      }
      const start = 12 + headerLength + pad8(12 + headerLength);
      if (size - start !== header.bytes) return fail(`payload is ${size - start} bytes, not ${header.bytes}`);
      const length = header.bytes;
      const reader: BytesReader = {
        length,
        read(offset, n) {
          if (offset < 0 || n < 0 || offset + n > length) throw new RangeError("read outside the payload");
          const b = readAt(start + offset, n);
          if (b.length !== n) throw new Error(`${name}: file ended before the payload did`);
          return b;
        },
        discard: corrupt,
      };
      openFiles.register(reader, fd);
      emit({ kind: "hit", name });
      return reader;
    },

    async putBytes(name: string, keyParts: readonly string[], chunks: readonly Uint8Array[]): Promise<void> {
      const file = fileOf(options.dir, name, "bin");
      const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
      try {
        let bytes = 0;
        let crc = 0;
        for (const c of chunks) {
          bytes += c.length;
          crc = crc32(c, crc);
        }
        const header: BinHeader = { format: BIN_FORMAT, name, key: await keyOf(name, keyParts), bytes, crc32: crc };
        const json = Buffer.from(JSON.stringify(header));
        const head = Buffer.alloc(12 + json.length + pad8(12 + json.length));
        BIN_MAGIC.copy(head, 0);
        head.writeUInt32LE(json.length, 8);
        json.copy(head, 12);
        await mkdir(options.dir, { recursive: true });
        await writeFile(tmp, Buffer.concat([head, ...chunks]));
        await rename(tmp, file);
        emit({ kind: "written", name });
      } catch (e) {
        await rm(tmp, { force: true }).catch(() => {});
        emit({ kind: "write_failed", name, reason: (e as Error).message });
      }
    },
  };
}

/** Engine memo key under which a front end installs its cache (`engine.replace(SNAPSHOT_CACHE_KEY, cache)`). */
export const SNAPSHOT_CACHE_KEY = "snapshot-cache";

/** The cache a front end installed on this engine, or undefined (then nothing is cached: tests, embedders). */
export function snapshotCacheOf(engine: Engine): Promise<SnapshotCache | undefined> {
  return engine.lazy<SnapshotCache | undefined>(SNAPSHOT_CACHE_KEY, async () => undefined);
}

/**
 * Returns the cached value for `name`/`keyParts`, or builds it with `build`, stores it and returns it. Without
 * a cache it just builds. The built value is returned as built (not a deserialized copy).
 */
export async function cachedSnapshot<T>(
  cache: SnapshotCache | undefined,
  name: string,
  keyParts: readonly string[],
  build: () => T | Promise<T>,
): Promise<T> {
  if (!cache) return build();
  const hit = await cache.get<T>(name, keyParts);
  if (hit !== undefined) return hit;
  const value = await build();
  await cache.put(name, keyParts, value);
  return value;
}
