/**
 * Name preparation: a name string becomes tokens with their canonical Latin form, folded key, transliteration
 * variants, role (given / family / patronymic), and flags (legal form, stop word, initial, number).
 * Done once per listed name at index build, once per query.
 */
import type { EntityName, EntityType, NameKind } from "../model.ts";
import { findLegalForms, type LegalFormClass, STOP_WORDS } from "./legal-forms.ts";
import { foldKey, latinToken, normaliseText, skeleton } from "./normalise.ts";
import { ABJADS, type Script, scriptOf, type TranslitStandard, transliterations } from "./transliterate.ts";

export type TokenRole = "given" | "family" | "patronymic" | "unknown";

export interface PreparedToken {
  /** Normalised token in its own script (identity). */
  text: string;
  /** Canonical Latin (ICAO for Cyrillic). */
  latin: string;
  /** Folded key of `latin`. */
  key: string;
  /** Folded keys of every transliteration (includes `key`), with the standard that produced each. */
  variants: { key: string; standard: TranslitStandard | "latin" }[];
  script: Script;
  /** Consonant skeleton of `key` (all vowels dropped): how abjad-script (Arabic, Hebrew) names are compared. */
  consonants: string;
  role: TokenRole;
  legal?: LegalFormClass;
  stop: boolean;
  initial: boolean;
  number: boolean;
}

export interface PreparedName {
  full: string;
  kind: NameKind | "query";
  tokens: PreparedToken[];
  /** Tokens that take part in the name score (not legal forms, not stop words). */
  scored: PreparedToken[];
  legalForms: LegalFormClass[];
  /** Concatenated keys of the scored tokens, in order and sorted: catches "Abd Al Rahman" = "Abdalrahman". */
  compact: string;
  compactSorted: string;
}

const PATRONYMIC =
  /(ovich|evich|ovych|evych|ivich|ovitch|ovic|evic|ovici|ilich|ovna|evna|ivna|ichna|inichna|oglu|ogly|kyzy|qizi)$/;

/** Whether a folded key looks like an East-Slavic/Turkic patronymic (Vladimirovich, Ivanovna, Aliyev oglu). */
export function isPatronymicKey(key: string): boolean {
  return key.length >= 6 && PATRONYMIC.test(key);
}

function prepareToken(text: string): PreparedToken {
  const latin = latinToken(text);
  const key = foldKey(latin);
  const variants: PreparedToken["variants"] = [{ key, standard: "latin" }];
  // German spellings write х as "ch" (Chodorkowski = Khodorkovsky): a second key.
  if (key.includes("ch")) variants.push({ key: key.replace(/ch/g, "h"), standard: "german" });
  const script = scriptOf(text);
  if (script !== "latin" && script !== "other") {
    for (const t of transliterations(text)) {
      const k = foldKey(normaliseText(t.latin).replace(/ /g, ""));
      if (!variants.some((v) => v.key === k)) variants.push({ key: k, standard: t.standard });
    }
    variants[0] = { key, standard: transliterations(text)[0]?.standard ?? "latin" };
  }
  return {
    text,
    latin,
    key,
    variants,
    script,
    // Abjad parts skip the Latin folds (they were written for Cyrillic spellings: "shh" is not щ here).
    consonants: consonantsOf(ABJADS.has(script) ? latin : key),
    role: "unknown",
    stop: STOP_WORDS.has(latin),
    initial: latin.length === 1 && /[a-z]/.test(latin),
    number: /^[0-9]+$/.test(latin),
  };
}

/** Options for {@link prepareName}. */
export interface PrepareOptions {
  kind?: PreparedName["kind"];
  /** Entity type: person names get roles (family before a comma, patronymic by suffix). */
  type?: EntityType;
  /** Explicit parts from the list (UN/EU give them). */
  parts?: Pick<EntityName, "given" | "family" | "patronymic" | "middle">;
}

/** Prepares one name for matching. */
export function prepareName(full: string, options: PrepareOptions = {}): PreparedName {
  const type = options.type ?? "unknown";
  // "LAST, First" (OFAC individuals) marks the family name; keep the comma's position before it is stripped.
  const commaIdx = type === "person" || type === "unknown" ? full.indexOf(",") : -1;
  const familyPart = commaIdx > 0 && full.indexOf(",", commaIdx + 1) < 0 ? tokens(full.slice(0, commaIdx)) : [];
  const toks = tokensOf(full).map(prepareToken);
  const latin = toks.map((t) => t.latin);
  const forms = findLegalForms(latin);
  for (const f of forms) for (let i = f.start; i < f.end; i++) (toks[i] as PreparedToken).legal = f.cls;
  if (type !== "organization" && type !== "vessel" && type !== "aircraft") {
    const familySet = new Set([...familyPart, ...tokens(options.parts?.family ?? "")]);
    const patronymicSet = new Set(tokens(options.parts?.patronymic ?? ""));
    const givenSet = new Set(tokens(options.parts?.given ?? ""));
    for (const t of toks) {
      if (t.legal || t.stop) continue;
      if (familySet.has(t.text)) t.role = "family";
      else if (patronymicSet.has(t.text) || isPatronymicKey(t.key)) t.role = "patronymic";
      else if (givenSet.has(t.text)) t.role = "given";
    }
  }
  const scored = toks.filter((t) => !t.legal && !t.stop);
  const keys = scored.map((t) => t.key);
  return {
    full,
    kind: options.kind ?? "query",
    tokens: toks,
    scored: scored.length > 0 ? scored : toks,
    legalForms: forms.map((f) => f.cls),
    compact: keys.join(""),
    compactSorted: [...keys].sort().join(""),
  };
}

function tokens(s: string): string[] {
  const t = normaliseText(s);
  return t === "" ? [] : t.split(" ");
}
const tokensOf = tokens;

/** All vowels dropped, doubles collapsed: "mohamed" and محمد both give `mhmd`, "hassan" and حسن `hsn`. */
export function consonantsOf(key: string): string {
  return key.replace(/[aeiouy]/g, "").replace(/(.)\1+/g, "$1");
}

/** The skeleton (coarse phonetic key) of a token's folded key. */
export function tokenSkeleton(t: PreparedToken): string {
  return skeleton(t.key);
}
