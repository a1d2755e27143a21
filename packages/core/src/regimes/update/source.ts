/** What a regime source module is: download, parse, map — each a small module (see `uk-trade-tariff.ts`). */
import { createHash } from "node:crypto";
import { EmbargoError } from "../../errors/index.ts";
import type { FetchedBytes } from "../../runtime/fetcher.ts";
import type { RegimeSet } from "../load.ts";
import type { Measure, Member } from "../schema.ts";

/** One downloaded document. */
export interface SourceDocument {
  url: string;
  bytes: Uint8Array;
}

/** What a source sees while it downloads and maps. */
export interface RegimeSourceContext {
  /** The shared fetcher with this run's timeout and size limit. */
  get(url: string, headers?: Record<string, string>): Promise<FetchedBytes>;
  /** The date asked of the publisher (`--as-of`, default the engine clock's day). */
  asOf: string;
  /** The base URL (the source's default, or `--url ID=URL`). */
  baseUrl: string;
  /** Codes to fetch, for sources queried code by code (`--codes`). */
  codes: string[];
  /** ISO time of retrieval. */
  retrievedAt: string;
  /** The regime set in force (bundled + active updates), to map onto the member's known regimes. */
  regimes: RegimeSet;
}

/** A source's mapped result, before the store validates and versions it. */
export interface MappedSource {
  measures: Measure[];
  /** Source records read but not imported. */
  skipped: number;
  caveats: string[];
  /**
   * Measure id → id prefix of the member's known regime(s) it encodes part of, where the source knows it (e.g.
   * `us-ear-746-supp4-`); measures without a hint join every known goods regime of their direction and countries.
   */
  regimeHints?: Record<string, string>;
  /** The date the documents state, when they carry one (else the `asOf` asked). */
  publicationDate?: string;
}

export interface RegimeSource {
  id: string;
  jurisdiction: Member;
  title: string;
  publisher: string;
  licence: string;
  /** The publisher's reference for the format read. */
  formatReference: string;
  /** Default base URL (empty when none is confirmed: then `--url ID=URL` is needed). */
  defaultUrl: string;
  urlNote?: string;
  /** Sources queried code by code need `--codes`. */
  needsCodes?: boolean;
  download(ctx: RegimeSourceContext): Promise<SourceDocument[]>;
  /** Parses and maps the documents to measures (pure: no I/O). */
  map(docs: SourceDocument[], ctx: Pick<RegimeSourceContext, "asOf" | "baseUrl" | "retrievedAt">): MappedSource;
}

/** A malformed source document (`integrity`): names the source, the document and what was wrong. */
export function malformed(source: string, url: string, message: string): EmbargoError {
  return new EmbargoError({
    code: "REGIME_SOURCE_MALFORMED",
    category: "integrity",
    message: `${source}: ${url}: ${message}; refused`,
    details: { source, url },
  });
}

/** Parses JSON, refusing HTML error pages and truncated bodies with a clear message. */
export function parseJsonDocument(source: string, doc: SourceDocument): unknown {
  const text = new TextDecoder("utf-8").decode(doc.bytes);
  const head = text.trimStart().slice(0, 200);
  if (head.startsWith("<"))
    throw malformed(source, doc.url, `an HTML/XML page was served instead of JSON (starts "${head.slice(0, 40)}")`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw malformed(source, doc.url, `not valid JSON (${(e as Error).message}) — truncated or not the API response`);
  }
}

/** Short stable hash for measure ids. */
export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}
