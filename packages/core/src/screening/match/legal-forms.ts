/**
 * Legal forms across languages and stop words. Both stay in a name's identity (they are displayed, and a legal
 * form tells an organisation from a person) but are kept out of the name score, so "ROMASHKA OOO" meets
 * "Romashka LLC" and "EMMA LLC" is not a person called Emma.
 *
 * Phrases are written in the canonical Latin form produced by `normalise()` (Cyrillic → ICAO 9303), so
 * "ООО" is `ooo`, "ТОВ" is `tov`, "ПАО" is `pao`.
 */

/** Legal-form classes: forms in one class are equivalent (an LLC is an OOO is a TOV is a GmbH, roughly). */
export type LegalFormClass =
  | "limited_liability"
  | "joint_stock"
  | "public_company"
  | "corporation"
  | "partnership"
  | "state_enterprise"
  | "sole_trader"
  | "cooperative_foundation";

const FORMS: [LegalFormClass, string[]][] = [
  [
    "limited_liability",
    [
      "llc",
      "l l c",
      "ooo",
      "tov",
      "limited liability company",
      "limited liability partnership",
      "obshchestvo s ogranichennoi otvetstvennostiu",
      "obshchestvo s ogranichennoy otvetstvennostyu",
      "tovarystvo z obmezhenoiu vidpovidalnistiu",
      "gmbh",
      "gesellschaft mit beschrankter haftung",
      "sarl",
      "s a r l",
      "srl",
      "s r l",
      "sp z o o",
      "spzoo",
      "sro",
      "s r o",
      "bv",
      "b v",
      "kft",
      "doo",
      "d o o",
      "ltd",
      "limited",
      "co ltd",
      "company limited",
      "pte ltd",
      "pty ltd",
      "pvt ltd",
      "private limited",
      "fze",
      "fzco",
      "fzc",
      "fzllc",
      "llp",
      "mchj",
      "too",
    ],
  ],
  [
    "joint_stock",
    [
      "jsc",
      "j s c",
      "ao",
      "zao",
      "oao",
      "ojsc",
      "cjsc",
      "at",
      "zat",
      "vat",
      "prat",
      "joint stock company",
      "joint-stock company",
      "open joint stock company",
      "closed joint stock company",
      "aktsionernoe obshchestvo",
      "aktsionernoye obshchestvo",
      "otkrytoe aktsionernoe obshchestvo",
      "zakrytoe aktsionernoe obshchestvo",
      "ag",
      "aktiengesellschaft",
      "sa",
      "s a",
      "nv",
      "n v",
      "spa",
      "s p a",
      "ab",
      "asa",
      "oy",
      "oyj",
      "as",
    ],
  ],
  [
    "public_company",
    [
      "pao",
      "pjsc",
      "pat",
      "public joint stock company",
      "publichnoe aktsionernoe obshchestvo",
      "plc",
      "p l c",
      "public limited company",
    ],
  ],
  ["corporation", ["inc", "incorporated", "corp", "corporation", "co", "company", "kk", "kabushiki kaisha"]],
  ["partnership", ["lp", "l p", "kg", "ohg", "gmbh co kg", "snc", "partnership"]],
  [
    "state_enterprise",
    [
      "fgup",
      "gup",
      "mup",
      "fgbu",
      "fku",
      "federalnoe gosudarstvennoe unitarnoe predpriiatie",
      "federal state unitary enterprise",
      "state unitary enterprise",
      "state enterprise",
      "dp",
      "derzhavne pidpryiemstvo",
    ],
  ],
  ["sole_trader", ["ip", "individualnyi predprinimatel", "fop", "individual entrepreneur"]],
  ["cooperative_foundation", ["ano", "nko", "fond", "foundation", "gmbh ev", "ev", "e v"]],
];

/** Legal-form words that are also plausible name words: recognised only at the start or end of a name. */
const EDGE_ONLY = new Set(["at", "as", "sa", "ab", "ao", "co", "company", "limited", "dp", "ev", "fond", "too", "ip"]);

const PHRASES = new Map<string, LegalFormClass>();
let MAX_WORDS = 1;
for (const [cls, list] of FORMS)
  for (const p of list) {
    const key = p.replace(/-/g, " ");
    PHRASES.set(key, cls);
    MAX_WORDS = Math.max(MAX_WORDS, key.split(" ").length);
  }

/** Words that carry no identity in a name: articles/prepositions and titles ("Präsident", "Dr"). */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  "the",
  "of",
  "and",
  "for",
  "in",
  "at",
  "on",
  "by",
  "und",
  "der",
  "die",
  "das",
  "des",
  "du",
  "de",
  "del",
  "la",
  "le",
  "les",
  "et",
  "van",
  "von",
  // Arabic name particles, in the one spelling prepareName gives them (al/el/ul → al, bin/ibn/ben → bin): they
  // link name parts and stay in the joined form ("abdalrahman"), but are no evidence by themselves.
  "al",
  "bin",
  // Titles and honorifics (normalised), which say nothing about who a person is.
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "president",
  "presidente",
  "prasident",
  "presiden",
  "predsjednik",
  "presedintele",
  "preshedintele",
  "prezident",
  "elnok",
]);

/**
 * Classes that one company passes between without becoming another: a Russian OAO became a PAO (public joint
 * stock company) or an AO under the 2014 Civil Code reform, and "joint stock company", "corporation" and "public
 * company" are used loosely for one another in translation. A mismatch inside this group is a small penalty; any
 * other mismatch (an LLC against a JSC, a state enterprise against a foundation) is a larger one.
 */
export const RELATED_LEGAL_FORMS: ReadonlySet<LegalFormClass> = new Set<LegalFormClass>([
  "joint_stock",
  "public_company",
  "corporation",
]);

/** A legal form found in a token sequence: `[start, end)` token positions. */
export interface LegalFormSpan {
  start: number;
  end: number;
  text: string;
  cls: LegalFormClass;
}

/**
 * Finds legal-form phrases (longest first) in a canonical Latin token sequence. Ambiguous short words
 * (`at`, `as`, `sa`, `co`…) count only at the start or the end of the name.
 */
export function findLegalForms(latinTokens: string[]): LegalFormSpan[] {
  const out: LegalFormSpan[] = [];
  const n = latinTokens.length;
  let i = 0;
  while (i < n) {
    let found: LegalFormSpan | undefined;
    for (let len = Math.min(MAX_WORDS, n - i); len >= 1; len--) {
      const text = latinTokens.slice(i, i + len).join(" ");
      const cls = PHRASES.get(text);
      if (cls === undefined) continue;
      if (len === 1 && EDGE_ONLY.has(text) && i !== 0 && i + len !== n) continue;
      // A name that is only a legal form ("Company") keeps it as its name.
      if (len === n) continue;
      found = { start: i, end: i + len, text, cls };
      break;
    }
    if (found) {
      out.push(found);
      i = found.end;
    } else i++;
  }
  return out;
}

/** The words of the legal-form phrases with 6+ letters (limited, liability, aktsionernoe…): what a typo may hit. */
export const LEGAL_FORM_WORDS: ReadonlySet<string> = new Set(
  [...PHRASES.keys()].flatMap((p) => p.split(" ")).filter((w) => w.length >= 6),
);

/**
 * Every word of every legal-form phrase: a name none of whose words is one has no legal form, so
 * {@link findLegalForms} need not look at it (a cheap test at index build, where most names are such).
 */
export const LEGAL_FORM_PHRASE_WORDS: ReadonlySet<string> = new Set([...PHRASES.keys()].flatMap((p) => p.split(" ")));

/** The class of a legal-form phrase, if it is one. */
export function legalFormClass(phrase: string): LegalFormClass | undefined {
  return PHRASES.get(phrase);
}
