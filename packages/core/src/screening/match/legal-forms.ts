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
      // Spanish and Latin American forms (Mexico's S. de R.L. and its variable-capital "de C.V." form; the rural
      // production company S.P.R. / S. de P.R. de R.L.; Limitada and Compañía Limitada), Spain's S.L.
      "s de r l",
      "s de r l de c v",
      "s p r de r l",
      "s p r de r l de c v",
      "s de p r de r l",
      "s de p r de r l de c v",
      "ltda",
      "cia ltda",
      "sl",
      // Malaysia's Sendirian Berhad (private limited), Turkey's Limited Şirketi.
      "sdn bhd",
      "ltd sti",
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
      // Sociedad Anónima forms: Mexico's variable-capital S.A. de C.V. and S.A.P.I. de C.V., Peru's S.A.C. (cerrada),
      // Colombia's S.A.S. (simplificada), France's S.A.S.U., Lebanon's S.A.L.; Venezuela's C.A. (Compañía Anónima).
      "s a de c v",
      "s a p i de c v",
      "s a c",
      "s a s",
      "s a s u",
      "s a l",
      "ca",
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
  // S.C.: Mexico's sociedad civil; S.C.S.: Colombia's sociedad en comandita simple.
  ["partnership", ["lp", "l p", "kg", "ohg", "gmbh co kg", "snc", "partnership", "sc", "s c s"]],
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
  // S.C. de R.L. de C.V.: Mexico's cooperative (sociedad cooperativa); A.S.B.L. / V.Z.W.: Belgium's non-profit
  // association.
  [
    "cooperative_foundation",
    ["ano", "nko", "fond", "foundation", "gmbh ev", "ev", "e v", "s c de r l de c v", "a s b l", "v z w"],
  ],
];

/**
 * Legal-form words that are also plausible name words: recognised only at the start or end of a name. New
 * two-letter forms are best listed joined only ("sc", not "s c"): two letters apart are a person's initials as often
 * as a company's form, and an organisation's name, which joins them, is where they are read as a legal form.
 */
const EDGE_ONLY = new Set([
  "at",
  "as",
  "sa",
  "ab",
  "ao",
  "co",
  "company",
  "limited",
  "dp",
  "ev",
  "fond",
  "too",
  "ip",
  "ca",
  "sc",
  "sl",
  "sal",
]);

/** A single Latin letter (a-z): what dotted abbreviations ("S.A.") become once normalised. */
export function isLetter(w: string): boolean {
  return w.length === 1 && w >= "a" && w <= "z";
}

/**
 * Words with their runs of two or more single letters joined ("s a de c v" → "sa de cv", "i b m" → ibm): how
 * `prepareName` writes an organisation's dotted abbreviations, and how each legal-form phrase is also registered.
 * Words without such a run come back unchanged.
 */
export function joinLetterRuns(words: string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < words.length; ) {
    let e = k;
    while (e < words.length && isLetter(words[e] as string)) e++;
    if (e - k >= 2) {
      out.push(words.slice(k, e).join(""));
      k = e;
    } else out.push(words[k++] as string);
  }
  return out;
}

const PHRASES = new Map<string, LegalFormClass>();
/** Each word that starts a phrase → the most words of a phrase it starts: only there can a phrase begin. */
const FIRST_WORDS = new Map<string, number>();
const addPhrase = (words: string[], cls: LegalFormClass) => {
  PHRASES.set(words.join(" "), cls);
  const first = words[0] as string;
  FIRST_WORDS.set(first, Math.max(FIRST_WORDS.get(first) ?? 0, words.length));
};
// Each phrase also with its dotted letters joined, as an organisation's name is read ("S.A. de C.V." → sa de cv),
// besides apart, as a name of no known type keeps them (s a de c v): the legal form is found either way.
for (const [cls, list] of FORMS)
  for (const p of list) {
    const words = p.replace(/-/g, " ").split(" ");
    addPhrase(words, cls);
    addPhrase(joinLetterRuns(words), cls);
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
    const most = FIRST_WORDS.get(latinTokens[i] as string);
    if (most === undefined) {
      i++;
      continue;
    }
    let found: LegalFormSpan | undefined;
    for (let len = Math.min(most, n - i); len >= 1; len--) {
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
 * The words a legal-form phrase starts with: a name none of whose words is one has no legal form, so
 * {@link findLegalForms} need not look at it (a cheap test at index build, where most names are such).
 */
export const LEGAL_FORM_FIRST_WORDS: ReadonlySet<string> = new Set(FIRST_WORDS.keys());

/** The class of a legal-form phrase, if it is one. */
export function legalFormClass(phrase: string): LegalFormClass | undefined {
  return PHRASES.get(phrase);
}
