/**
 * What the XML regime sources share (EUR-Lex Formex, Justice Laws XML, e-Gov law XML): a guarded parse that refuses
 * HTML error pages, truncated documents and DTD/entity declarations as `REGIME_SOURCE_MALFORMED`, a text reader that
 * flattens mixed content, a tree walk, and the reading of a tariff code written in a legal table ("8457 10",
 * "8457.10.00", "ex 7208 51").
 */
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
