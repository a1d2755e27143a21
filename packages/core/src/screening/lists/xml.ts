/**
 * Safe XML reading for list files. No official list uses a DTD, so any `<!DOCTYPE` or `<!ENTITY` is refused
 * before parsing (`LIST_XML_UNSAFE`): that rules out entity expansion ("billion laughs") and external entities
 * (XXE) whatever the parser does. Well-formedness is checked first so a truncated download fails loudly
 * (`LIST_XML_MALFORMED`) instead of yielding a shorter list.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { decodeText, listError } from "./common.ts";

/** A parsed XML node: attributes under `@name`, text under `#text`, children by tag name. */
export type XmlNode = { [key: string]: unknown };

/** Refuses DTDs and entity declarations; returns the decoded text. */
export function assertSafeXml(input: string | Uint8Array, file: string | undefined): string {
  const text = decodeText(input, file);
  const doctype = /<!DOCTYPE/i.exec(text);
  const entity = /<!ENTITY/i.exec(text);
  if (doctype || entity) {
    const at = (doctype ?? entity)?.index ?? 0;
    const line = text.slice(0, at).split("\n").length;
    const external = /<!(?:DOCTYPE|ENTITY)[^>]*\b(?:SYSTEM|PUBLIC)\b/i.test(text);
    throw listError(
      "LIST_XML_UNSAFE",
      external
        ? "the XML declares an external entity or DTD (XXE); refused"
        : "the XML declares a DTD or entities (entity expansion risk); refused",
      file,
      [
        {
          code: "doctype_refused",
          message: "official list files never carry a DOCTYPE or ENTITY declaration",
          ...(file ? { file } : {}),
          row: line,
        },
      ],
    );
  }
  return text;
}

/**
 * Parses list XML safely. `arrays` names the tags that must always be arrays (repeatable elements), so a record
 * with one alias looks like one with five.
 */
export function parseXml(input: string | Uint8Array, file: string | undefined, arrays: readonly string[]): XmlNode {
  const text = assertSafeXml(input, file);
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw listError("LIST_XML_MALFORMED", `not well-formed XML (line ${line}, column ${col}): ${msg}`, file, [
      { code: "xml_malformed", message: msg, ...(file ? { file } : {}), row: line },
    ]);
  }
  const arraySet = new Set(arrays);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    htmlEntities: false,
    // Only the five predefined entities and character references can remain after assertSafeXml.
    processEntities: { enabled: true, maxEntityCount: 0, maxTotalExpansions: 10_000_000 },
    isArray: (tag) => arraySet.has(tag),
  });
  try {
    return parser.parse(text) as XmlNode;
  } catch (e) {
    throw listError("LIST_XML_MALFORMED", `XML could not be parsed: ${(e as Error).message}`, file);
  }
}

/** Text of a child element (or of an attribute with `@name`), trimmed; undefined when absent or empty. */
export function text(node: unknown, key?: string): string | undefined {
  const v = key === undefined ? node : node && typeof node === "object" ? (node as XmlNode)[key] : undefined;
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v.trim() || undefined;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === "object") return text((v as XmlNode)["#text"]);
  return undefined;
}

/** Child elements under `key` as an array (absent → []), skipping empty self-closed elements' strings. */
export function children(node: unknown, key: string): XmlNode[] {
  if (!node || typeof node !== "object") return [];
  const v = (node as XmlNode)[key];
  if (v === undefined || v === null || v === "") return [];
  const arr = Array.isArray(v) ? v : [v];
  return arr.filter((x): x is XmlNode => typeof x === "object" && x !== null);
}

/** A single child element (the first). */
export function child(node: unknown, key: string): XmlNode | undefined {
  return children(node, key)[0];
}

/** Texts of every child element under `key` (repeated simple elements such as `<program>`). */
export function texts(node: unknown, key: string): string[] {
  if (!node || typeof node !== "object") return [];
  const v = (node as XmlNode)[key];
  const arr = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return arr.map((x) => text(x)).filter((x): x is string => x !== undefined);
}
