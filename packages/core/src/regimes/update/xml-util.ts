/**
 * What the XML regime sources share (EUR-Lex Formex, Justice Laws XML, e-Gov law XML): a guarded parse that refuses
 * HTML error pages, truncated documents and DTD/entity declarations as `REGIME_SOURCE_MALFORMED`, a text reader that
 * flattens mixed content, a tree walk, and the reading of a tariff code written in a legal table ("8457 10",
 * "8457.10.00", "ex 7208 51").
 */
import { inflateRawSync } from "node:zlib";
import { parseXml, type XmlNode } from "../../screening/lists/xml.ts";
import { malformed, type SourceDocument } from "./source.ts";

export type { XmlNode };

/** All text under a node, child texts joined by spaces (attributes left out), whitespace collapsed. */
export function deepText(node: unknown): string {
  const raw = (function go(n: unknown): string {
    if (n === null || n === undefined) return "";
    if (typeof n === "string" || typeof n === "number") return String(n);
    if (Array.isArray(n)) return n.map(go).join(" ");
    if (typeof n === "object")
      return Object.entries(n as XmlNode)
        .filter(([k]) => !k.startsWith("@"))
        .map(([, v]) => go(v))
        .join(" ");
    return "";
  })(node);
  return raw.replace(/\s+/g, " ").trim();
}

/**
 * Visits every element under `node` depth-first with its tag; the visitor returns `false` to skip the element's
 * children (it has read them itself).
 */
export function walk(node: unknown, visit: (tag: string, n: XmlNode) => boolean | undefined): void {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const x of node) walk(x, visit);
    return;
  }
  for (const [k, v] of Object.entries(node as XmlNode)) {
    if (k.startsWith("@") || k === "#text") continue;
    for (const x of Array.isArray(v) ? v : [v]) {
      if (!x || typeof x !== "object") continue;
      if (visit(k, x as XmlNode) === false) continue;
      walk(x, visit);
    }
  }
}

/** Elements of `node` (or its descendants) with tag `tag`, not looking inside a match. */
export function findAll(node: unknown, tag: string): XmlNode[] {
  const out: XmlNode[] = [];
  walk(node, (k, n) => {
    if (k !== tag) return true;
    out.push(n);
    return false;
  });
  return out;
}

/** The node's children under `key` as an array. */
export function list(node: unknown, key: string): XmlNode[] {
  if (!node || typeof node !== "object") return [];
  const v = (node as XmlNode)[key];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) =>
    typeof x === "object" && x !== null ? (x as XmlNode) : { "#text": x },
  );
}

/**
 * Parses a source's XML document (mixed content keeps its words, not their order: the parser groups text and
 * child elements). An HTML page (the publisher's error or login page) and a document that is not
 * well-formed (truncated) are refused; a plain `<!DOCTYPE root SYSTEM "…">` line (no internal subset) is dropped
 * unread — the parser never fetches it — while any internal subset or `<!ENTITY` is refused (entity expansion, XXE).
 */
export function parseSourceXml(source: string, doc: SourceDocument, arrays: readonly string[]): XmlNode {
  let text = new TextDecoder("utf-8").decode(doc.bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (/^\s*(?:<\?xml[^>]*>\s*)?(?:<!DOCTYPE html|<html)/i.test(text))
    throw malformed(
      source,
      doc.url,
      `an HTML page was served instead of the XML (starts "${text.trim().slice(0, 40)}")`,
    );
  if (/^\s*[{[]/.test(text)) throw malformed(source, doc.url, "a JSON body was served instead of the XML");
  text = text.replace(/<!DOCTYPE\s+[\w.:-]+(?:\s+(?:SYSTEM|PUBLIC)(?:\s+"[^"<>[\]]*"){1,2})?\s*>/i, "");
  try {
    return parseXml(text, doc.url, arrays);
  } catch (e) {
    throw malformed(source, doc.url, (e as Error).message);
  }
}

/** A tariff code read from a legal table cell: its digits (2/4/6/8/10) and whether it is an "ex" code. */
export interface TableCode {
  code: string;
  ex: boolean;
}

const CODE_CELL = /^(ex\s*)?(\d{4}(?:[ .]?\d{2}){0,3})$/i;

/**
 * Reads a cell that holds one tariff code ("8457 10", "8457.10", "8457 10 00", "ex 4407 11", "44"), or undefined
 * when the cell is words (a heading, a description). Chapter numbers alone ("Chapter 44") are not codes.
 */
export function readTableCode(cell: string): TableCode | undefined {
  const t = cell
    .replace(/\u00a0/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const m = CODE_CELL.exec(t);
  if (!m?.[2]) return undefined;
  const digits = m[2].replace(/[ .]/g, "");
  if (![4, 6, 8, 10].includes(digits.length)) return undefined;
  return { code: digits, ex: Boolean(m[1]) };
}

/** Total bytes a zip package may expand to (a zip bomb is refused, not inflated). */
export const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;

/** Whether the bytes are a zip package (local file header signature). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * The `.xml` files of a zip package (e.g. the Cellar's Formex package), as documents named `<url>#<entry>`, read
 * from the central directory; stored and deflated entries only. Refused (`REGIME_SOURCE_MALFORMED`) when the package
 * is truncated, uses another compression, or expands beyond {@link MAX_UNZIPPED_BYTES}.
 */
export function unzipXmlDocuments(source: string, doc: SourceDocument, limit = MAX_UNZIPPED_BYTES): SourceDocument[] {
  const b = Buffer.from(doc.bytes.buffer, doc.bytes.byteOffset, doc.bytes.byteLength);
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--)
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw malformed(source, doc.url, "a zip package without its central directory (truncated)");
  const count = b.readUInt16LE(eocd + 10);
  let p = b.readUInt32LE(eocd + 16);
  const out: SourceDocument[] = [];
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50)
      throw malformed(source, doc.url, "a damaged zip central directory");
    const method = b.readUInt16LE(p + 10);
    const size = b.readUInt32LE(p + 20);
    const rawSize = b.readUInt32LE(p + 24);
    const nameLen = b.readUInt16LE(p + 28);
    const extra = b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
    const local = b.readUInt32LE(p + 42);
    const name = b.subarray(p + 46, p + 46 + nameLen).toString("utf8");
    p += 46 + nameLen + extra;
    if (!/\.xml$/i.test(name)) continue;
    if (local + 30 > b.length || b.readUInt32LE(local) !== 0x04034b50)
      throw malformed(source, doc.url, `zip entry ${name}: damaged local header`);
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    if (start + size > b.length) throw malformed(source, doc.url, `zip entry ${name} is truncated`);
    total += rawSize;
    if (total > limit) throw malformed(source, doc.url, `the zip package expands beyond ${limit} bytes`);
    const data = b.subarray(start, start + size);
    let bytes: Uint8Array;
    if (method === 0) bytes = new Uint8Array(data);
    else if (method === 8)
      try {
        bytes = new Uint8Array(inflateRawSync(data, { maxOutputLength: Math.max(1, rawSize) }));
      } catch (e) {
        throw malformed(source, doc.url, `zip entry ${name} does not inflate (${(e as Error).message})`);
      }
    else throw malformed(source, doc.url, `zip entry ${name}: compression method ${method} is not read`);
    if (bytes.byteLength !== rawSize) throw malformed(source, doc.url, `zip entry ${name}: size mismatch`);
    out.push({ url: `${doc.url}#${name}`, bytes });
  }
  if (out.length === 0) throw malformed(source, doc.url, "the zip package holds no .xml file");
  return out;
}
