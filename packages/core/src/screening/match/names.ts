/**
 * Name preparation: a name string becomes tokens with their canonical Latin form, folded key, transliteration
 * variants, role (given / family / patronymic), and flags (legal form, stop word, initial, number).
 * Done once per listed name at index build, once per query.
 */
import type { EntityName, EntityType, NameKind } from "../model.ts";
import { abjadConsonantsOf, consonantsOfKey } from "./folds.ts";
import { givenNameGroups } from "./given-names.ts";
import { isKoreanLatinName, koreanLatinKey } from "./korean-latin.ts";
import {
  findLegalForms,
  isLetter,
  joinLetterRuns,
  LEGAL_FORM_FIRST_WORDS,
  LEGAL_FORM_WORDS,
  type LegalFormClass,
  STOP_WORDS,
} from "./legal-forms.ts";
import { foldKey, LATIN_PLAIN, latinToken, normaliseText, skeleton } from "./normalise.ts";
import { boundedEditDistance, memoisedByString, sortedJoin } from "./strings.ts";
import {
  ABJADS,
  abjadReadings,
  arabicSkeletons,
  katakanaSkeletons,
  koreanHanjaReadings,
  latinAbjadReadings,
  type Script,
  scriptOf,
  type TranslitStandard,
  transliterations,
} from "./transliterate.ts";

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
  /**
   * The legal form the part belongs to, if any. Always set (undefined for most parts): a part given the field later
   * got a hidden class of its own (every one of the ~20,000 legal-form parts of the bundled lists had its own), and the
   * functions that read every part of a name turned megamorphic.
   */
  legal: LegalFormClass | undefined;
  stop: boolean;
  initial: boolean;
  number: boolean;
  /** Part of a name that may be a person's (type person or unknown): only there is a lone letter an initial. */
  personal: boolean;
  /**
   * In a Korean name written in Latin letters, the part's Korean key (see `korean-latin.ts`), else "": two parts that
   * both have one pair by it alone. Always set, so that every part has one shape (a part with a field more would make
   * the scorer's hot functions polymorphic: 6% of screening).
   */
  ko: string;
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

/**
 * A part with the fields of `f`, as a literal in the order `prepareToken` writes them: parts rebuilt elsewhere (a snapshot's, decoded field by field) get the same hidden class as built ones,
 * so the scorer's hot functions see one shape of part, not two (a second shape cost 6% when the Korean key was an
 * optional field; for decoded parts the gain measured in separate processes was within noise, about 2%).
 */
export function asPreparedToken(f: PreparedToken): PreparedToken {
  const t: PreparedToken = {
    text: f.text,
    latin: f.latin,
    key: f.key,
    variants: f.variants,
    script: f.script,
    consonants: f.consonants,
    role: f.role,
    stop: f.stop,
    initial: f.initial,
    number: f.number,
    personal: f.personal,
    ko: f.ko,
    // A snapshot writes an undefined field as null.
    legal: f.legal ?? undefined,
  };
  return t;
}

/** A prepared name with the fields of `f`, as a literal in the order `prepareName` writes them (see above). */
export function asPreparedName(f: PreparedName): PreparedName {
  return {
    full: f.full,
    kind: f.kind,
    tokens: f.tokens,
    scored: f.scored,
    legalForms: f.legalForms,
    compact: f.compact,
    compactSorted: f.compactSorted,
  };
}

const PATRONYMIC =
  /(ovich|evich|ovych|evych|ivich|ovitch|ovic|evic|ovici|ilich|ovna|evna|ivna|ichna|inichna|oglu|ogly|kyzy|qizi)$/;

/** Whether a folded key looks like an East-Slavic/Turkic patronymic (Vladimirovich, Ivanovna, Aliyev oglu). */
export function isPatronymicKey(key: string): boolean {
  return key.length >= 6 && PATRONYMIC.test(key);
}

function prepareToken(text: string, plain?: string): PreparedToken {
  const latin = latinToken(text);
  const key = foldKey(latin);
  const variants: PreparedToken["variants"] = [{ key, standard: "latin" }];
  // The same part typed without its diacritics (Đoković → Dokovic, Čapek → Capek).
  if (plain !== undefined && plain !== text) {
    const k = foldKey(plain);
    if (k !== key) variants.push({ key: k, standard: "ascii" });
  }
  // One given name in its Ukrainian or Belarusian form (Volodymyr, Uladzimir = Vladimir), or a patronymic made
  // from it: the Russian form's key as a variant.
  const slavic = eastSlavicKey(key);
  if (slavic !== undefined) variants.push({ key: slavic, standard: "east-slavic-name" });
  // A common given name's other spellings (Mohammed = Muhammad) or its Russian form (Eugene = Yevgeny).
  for (const g of givenNameGroups(slavic ?? key, latin))
    if (!variants.some((v) => v.key === g.key))
      variants.push({ key: g.key, standard: g.kind === "spelling" ? "given-name-spelling" : "given-name-equivalent" });
  // German spellings write х as "ch" (Chodorkowski = Khodorkovsky): a second key.
  if (key.includes("ch")) variants.push({ key: key.replace(/ch/g, "h"), standard: "german" });
  const script = scriptOf(text);
  if (script !== "latin") {
    const readings = transliterations(text);
    for (const t of readings) {
      const k = foldKey(normaliseText(t.latin).replace(/ /g, ""));
      if (!variants.some((v) => v.key === k)) variants.push({ key: k, standard: t.standard });
    }
    variants[0] = { key, standard: readings[0]?.standard ?? "latin" };
  }
  return {
    text,
    latin,
    key,
    variants,
    script,
    // Abjad parts skip the Latin folds (they were written for Cyrillic spellings: "shh" is not щ here); an
    // Arabic-script part's skeleton is read from its letters (ح is h where a final ه is not written).
    consonants: script === "arabic" ? (arabicSkeletons(text)[0] ?? "") : abjadConsonants(latin),
    role: "unknown",
    // An abjad part's rendering may spell a title (عمر Umar is "mr"): there only the particles al, bin are stop words.
    stop: STOP_WORDS.has(latin) && (!ABJADS.has(script) || latin === "al" || latin === "bin"),
    initial: latin.length === 1 && /[a-z]/.test(latin),
    number: /^[0-9]+$/.test(latin),
    personal: true,
    ko: "",
    legal: undefined,
  };
}

/**
 * A word one edit from a legal-form word of 6+ letters (and from no other), read as that word, so a legal form
 * typed with a typo ("Limited Liability Comapny", "Aktsionernee") is still a legal form and not name parts.
 * Applied to queries and listed names alike (listed names through {@link listedFormWord}).
 */
export function legalFormWordOf(word: string): string {
  if (word.length < 6 || LEGAL_FORM_WORDS.has(word) || !/^[a-z]+$/.test(word)) return word;
  let hit: string | undefined;
  for (const w of LEGAL_FORM_WORDS) {
    if (Math.abs(w.length - word.length) > 1 || boundedEditDistance(word, w, 1) > 1) continue;
    if (hit !== undefined) return word;
    hit = w;
  }
  return hit ?? word;
}

// Listed names repeat their words across the lists (and rebuilds): the comparison with every legal-form word is
// memoised there. Queries call legalFormWordOf directly (a memo cost more than it saved on the query path).
const legalFormWordMemo = memoisedByString(legalFormWordOf);

/** {@link legalFormWordOf} for a listed name's word (memoised; words under 6 letters are never changed). */
function listedFormWord(word: string): string {
  return word.length < 6 ? word : legalFormWordMemo(word);
}

/** Adjacent parts of a query that may be one part written split (see {@link splitRuns}). */
export interface SplitRun {
  /** The parts written as one. */
  token: PreparedToken;
  /** Indices into the name's `scored` parts that the run covers (stop words in the run are not scored). */
  scored: number[];
}

const RUNS = new WeakMap<PreparedName, SplitRun[]>();

/**
 * Runs of a name's parts that another spelling may write as one part: "Abd Allah" = Abdallah, "Salah al Din" =
 * Saladdin, "Van der Berg" = Vanderberg, "Khayr Allah" = Khayrallah. A run is two adjacent parts, or three whose
 * middle one is a particle of at most three letters (al, der, bin); legal forms, numbers and initials never join,
 * and a run covers at least one scored part. Computed once per name (memoised) — the scorer pairs a run with one
 * listed part, the candidate index looks the run's keys up like a part's.
 */
export function splitRuns(name: PreparedName): SplitRun[] {
  let runs = RUNS.get(name);
  if (runs !== undefined) return runs;
  runs = [];
  const ts = name.tokens;
  const ok = (t: PreparedToken | undefined) => t !== undefined && !t.legal && !t.number && !t.initial;
  for (let i = 0; i + 1 < ts.length; i++) {
    for (const len of [2, 3]) {
      const run = ts.slice(i, i + len);
      if (run.length !== len || !run.every(ok)) continue;
      if (len === 3 && (run[1] as PreparedToken).latin.length > 3) continue;
      const scored = run.map((t) => name.scored.indexOf(t)).filter((k) => k >= 0);
      if (scored.length === 0) continue;
      runs.push({ token: joinTokens(run), scored });
      // The article assimilates or is elided when the parts are written as one: Shams al-Din = Shamsuddin.
      if (len === 3 && (run[1] as PreparedToken).latin === "al")
        runs.push({ token: joinTokens([run[0] as PreparedToken, run[2] as PreparedToken]), scored });
    }
  }
  RUNS.set(name, runs);
  return runs;
}

/**
 * The skeleton of a short Arabic part (one or two consonants) that ends in ه with that ه kept as h, or undefined:
 * the part's own skeleton drops a final ه (read as a vowel: Juma = جمعه), which is also a consonant (Taha = طه).
 */
export function finalHKey(t: PreparedToken): string | undefined {
  if (t.script !== "arabic" || t.consonants.length === 0 || t.consonants.length > 2 || !t.text.endsWith("\u0647"))
    return undefined;
  return `${t.consonants}h`;
}

/** One part made of adjacent parts written together (their Latin forms joined, then folded as one part). */
function joinTokens(run: PreparedToken[]): PreparedToken {
  const latin = run.map((t) => t.latin).join("");
  const key = foldKey(latin);
  const script = run.find((t) => t.script !== "latin")?.script ?? "latin";
  const variants: PreparedToken["variants"] = [
    { key, standard: run.find((t) => t.script !== "latin")?.variants[0]?.standard ?? "latin" },
  ];
  // Arabic-script parts written as one (نذیر الله = Nazirullah): the parts' skeletons joined, and the other
  // readings of their letters as `~` keys (a run is a query's: see `addAbjadReadings`).
  let consonants = abjadConsonants(latin);
  if (script === "arabic") {
    // Read as one word: a final h is dropped at the end of the run only (صلاح الدين = Salahaldin).
    const joined = arabicSkeletons(run.map((t) => t.text).join(""));
    consonants = joined[0] ?? "";
    for (const k of joined.slice(1)) if (k.length >= 3) variants.push({ key: `~${k}`, standard: "abjad-reading" });
  }
  // The same parts typed without their diacritics, when each has such a form.
  if (run.every((t) => t.variants.some((v) => v.standard === "ascii"))) {
    const k = run.map((t) => t.variants.find((v) => v.standard === "ascii")?.key ?? t.key).join("");
    const folded = foldKey(k);
    if (folded !== key) variants.push({ key: folded, standard: "ascii" });
  }
  return {
    // The parts as written (with their spaces: no listed part's text, so a run pairs only by its keys).
    text: run.map((t) => t.text).join(" "),
    latin,
    key,
    variants,
    script,
    consonants,
    role: run.some((t) => t.role === "family") ? "family" : "unknown",
    stop: false,
    initial: false,
    number: false,
    personal: run.every((t) => t.personal),
    ko: "",
    legal: undefined,
  };
}

/**
 * Given names that are one name in Russian, Ukrainian and Belarusian (first the Russian form, then the others, in
 * the BGN/PCGN-style Latin spellings used by the lists; each is folded with {@link foldKey}). A Ukrainian or
 * Belarusian form gets the Russian form's key as a variant, so Volodymyr Zelensky's "Volodymyr" meets a listed
 * "Vladimir" and "Volodymyrovych" meets "Vladimirovich". Only names whose forms differ beyond what the folds of
 * `foldKey` already join are listed.
 */
const EAST_SLAVIC_NAMES: string[][] = [
  ["vladimir", "volodymyr", "uladzimir"],
  ["aleksandr", "oleksandr", "aliaksandr"],
  ["aleksei", "oleksii", "aliaksei"],
  ["sergei", "serhii", "siarhei"],
  ["dmitrii", "dmytro", "dzmitry"],
  ["mikhail", "mykhailo"],
  ["nikolai", "mykola", "mikalai"],
  ["evgenii", "yevhen", "yauhen"],
  ["andrei", "andrii"],
  ["pavel", "pavlo", "paval"],
  ["oleg", "oleh", "aleh"],
  ["igor", "ihor", "ihar"],
  ["konstantin", "kostiantyn", "kanstantsin"],
  ["vasilii", "vasyl", "vasil"],
  ["grigorii", "hryhorii", "ryhor"],
  ["olga", "olha", "volha"],
  ["tatiana", "tetiana", "tatsiana"],
  ["svetlana", "svitlana", "sviatlana"],
  ["elena", "olena", "alena"],
  ["irina", "iryna"],
];
const SLAVIC = new Map<string, string>();
for (const [ru, ...others] of EAST_SLAVIC_NAMES) {
  const canonical = foldKey(ru as string);
  for (const o of others) if (/^[a-z]+$/.test(o) && foldKey(o) !== canonical) SLAVIC.set(foldKey(o), canonical);
}
const SLAVIC_PATRONYMIC = /^(.{3,}?)(ovich|evich|avich|ovna|evna|ivna|auna)$/;

/** The Russian form's key of a Ukrainian/Belarusian given name or of a patronymic made from one (else undefined). */
function eastSlavicKey(key: string): string | undefined {
  const direct = SLAVIC.get(key);
  if (direct !== undefined) return direct;
  const m = SLAVIC_PATRONYMIC.exec(key);
  if (!m) return undefined;
  const stem = SLAVIC.get(m[1] as string);
  if (stem === undefined) return undefined;
  return foldKey(`${stem}${/a$/.test(m[2] as string) ? "ovna" : "ovich"}`);
}

/**
 * Nominative endings a language adds to a foreign name, by script: Lithuanian -as, -is, -ys, -us (Vladimiras
 * Putinas = Vladimir Putin) and Greek -ος, -ας, -ης, -ες (Αλέξανδρος = Alexander), matched on folded keys.
 */
const INFLECTION_ENDINGS: Partial<Record<Script, RegExp>> = {
  latin: /^([a-z]{4,}?)(as|is|ys|us)$/,
  greek: /^([a-z]{4,}?)(os|as|is|es)$/,
};

/**
 * A query part's stem without a nominative ending its language adds to foreign names, as one more variant
 * (standard `inflection`, scored `inflectionSimilarity`): the lists write names in their base form, so only the
 * query side gets it (a listed name and the index keys are unchanged). The variants array is replaced, never
 * mutated: it may be shared with a token cache.
 */
export function addInflectionVariant(t: PreparedToken): void {
  const re = INFLECTION_ENDINGS[t.script];
  if (re === undefined || t.legal || t.number || t.initial) return;
  const stems: string[] = [];
  for (const v of t.variants) {
    if (v.standard === "inflection") return;
    const m = re.exec(v.key);
    if (m) stems.push(foldKey(m[1] as string));
  }
  const added = stems.filter((k, i) => stems.indexOf(k) === i && !t.variants.some((v) => v.key === k));
  if (added.length > 0) t.variants = [...t.variants, ...added.map((key) => ({ key, standard: "inflection" as const }))];
}

/**
 * A query part's consonants under the other readings of an abjad's letters (Persian و = v, ق = g…; see
 * `abjadReadings`) — or, for a Latin part, of the Arabic letters its spelling may stand for (`latinAbjadReadings`)
 * — as variants keyed as the candidate index keys consonants: `~` + consonants of an Arabic/Hebrew-script part (to
 * meet a listed Latin part's), `^` + consonants of a Latin part (to meet a listed Arabic-script part's). Query side
 * only, so the index and the listed names are unchanged; the scorer pairs through them (see `pairOf`).
 */
export function addAbjadReadings(t: PreparedToken): void {
  if (
    t.legal ||
    t.number ||
    t.initial ||
    t.variants.some(
      (v) => v.standard === "abjad-reading" || v.standard === "consonant-reading" || v.standard === "ja-loanword",
    )
  )
    return;
  let keys: string[];
  if (t.script === "cyrillic") {
    // Vowels that East Slavic spellings of one name do not share (Belarusian akanye: БАНДАРЭНКА = Bondarenko,
    // Святлана = Svetlana; ў as v: Аляксандраўна = Aleksandrovna): the consonants of each reading, 4 at least.
    const latins = transliterations(t.text).map((x) => x.latin);
    if (t.text.includes("ў")) latins.push(...latins.map((l) => l.replace(/w/g, "v")));
    const cons = latins.map((l) => abjadConsonants(normaliseText(l).replace(/ /g, "")));
    const added = cons.filter((c, i) => c.length >= 4 && cons.indexOf(c) === i).map((c) => `~${c}`);
    if (added.length > 0)
      t.variants = [...t.variants, ...added.map((key) => ({ key, standard: "consonant-reading" as const }))];
    return;
  }
  if (t.script === "arabic") keys = arabicSkeletons(t.text).map((r) => `~${r}`);
  else if (t.script === "hebrew") keys = abjadReadings(t.text).map((r) => `~${abjadConsonants(r)}`);
  else if (t.script === "other") {
    // A foreign name in katakana: its consonant skeletons under the loanword readings of its kana (3+ consonants).
    const added = katakanaSkeletons(t.text)
      .filter((k) => k.length >= 3)
      .map((k) => ({ key: `~${k}`, standard: "ja-loanword" as const }));
    if (added.length > 0) t.variants = [...t.variants, ...added];
    return;
  } else if (t.script === "latin" && t.latin.length >= 3)
    keys = latinAbjadReadings(t.latin).map((r) => `^${abjadConsonants(r)}`);
  else return;
  const own = `${t.script === "latin" ? "^" : "~"}${t.consonants}`;
  const added = keys.filter((k, i) => k.length >= 4 && k !== own && keys.indexOf(k) === i);
  if (added.length > 0)
    t.variants = [...t.variants, ...added.map((key) => ({ key, standard: "abjad-reading" as const }))];
}

/**
 * A Latin query part of 6+ letters (one edit in fewer is another name as often as a typo) whose folded key differs from its spelling keeps the spelling as typed as a
 * variant (`typed`), so the candidate index also looks up its one-edit neighbours: a typo can change how a spelling
 * folds (Mushnikoua → "mushnikua", two edits from "mushnikova"); the scorer pairs it at one edit (see `fuzzyPair`).
 */
export function addTypedSpelling(t: PreparedToken): void {
  if (t.script !== "latin" || t.legal || t.number || t.latin.length < 6 || t.latin === t.key) return;
  if (!/^[a-z]+$/.test(t.latin) || t.variants.some((v) => v.key === t.latin || v.standard === "typed")) return;
  t.variants = [...t.variants, { key: t.latin, standard: "typed" }];
}

const HAN_ONLY = /^\p{Script=Han}+$/u;
const HAN_NAME = /^\s*(\p{Script=Han}{2,4})\s*$/u;

/**
 * A Han-only query part's Korean readings as variants (`ko-hanja`: 金 = Kim, 正 = Jong, 恩 = Un), besides any-ascii's
 * Mandarin one. Query side only: the reading table is loaded on the first Han query, never at index build.
 */
export function addHanjaReadings(t: PreparedToken): void {
  if (t.script !== "other" || !HAN_ONLY.test(t.text) || t.variants.some((v) => v.standard === "ko-hanja")) return;
  const keys = koreanHanjaReadings(t.text).map((r) => foldKey(r));
  const added = keys.filter((k, i) => keys.indexOf(k) === i && !t.variants.some((v) => v.key === k));
  if (added.length > 0) t.variants = [...t.variants, ...added.map((key) => ({ key, standard: "ko-hanja" as const }))];
}

/**
 * Per variants array of a prepared token: the variants array of the same token as a query part (with the variants
 * below added). The additions read only fields that {@link prepareToken} sets (script, text, latin, key, consonants,
 * number, initial, variants) and `legal`, which a name sets: a part outside a legal form that recurs across queries
 * through the screener's token cache (whose copies share their `variants` array, never mutated) gets them once.
 */
const QUERY_VARIANTS = new WeakMap<PreparedToken["variants"], PreparedToken["variants"]>();

/** The variants only a query's part gets: inflection stems, abjad readings, hanja readings, the typed spelling. */
function addQueryVariants(t: PreparedToken): void {
  const own = t.variants;
  const known = t.legal ? undefined : QUERY_VARIANTS.get(own);
  if (known !== undefined) {
    t.variants = known;
    return;
  }
  addInflectionVariant(t);
  addAbjadReadings(t);
  addHanjaReadings(t);
  addTypedSpelling(t);
  if (!t.legal) QUERY_VARIANTS.set(own, t.variants);
}

/**
 * A name whose parts read as a Korean name in Latin letters (see `isKoreanLatinName`): each part (this name's own
 * copy) gets its Korean key, also as a variant key (`%` + key) so that retrieval reaches the other spellings of the
 * syllable. Only a person's name (or one of unknown type): a company's or a ship's is no surname and given name. A
 * name with a part in another script, an initial or a number is left as it is.
 */
function markKorean(toks: PreparedToken[]): void {
  const parts: string[] = [];
  for (const t of toks) {
    if (t.legal || t.stop) continue;
    if (!t.personal || t.script !== "latin" || t.initial || t.number) return;
    parts.push(t.latin);
  }
  if (!isKoreanLatinName(parts)) return;
  for (const t of toks) {
    if (t.legal || t.stop) continue;
    const ko = koreanLatinKey(t.latin);
    t.ko = ko;
    t.variants = [...t.variants, { key: `%${ko}`, standard: "ko-latin" }];
  }
}

/** Options for {@link prepareName}. */
export interface PrepareOptions {
  kind?: PreparedName["kind"];
  /** Entity type: person names get roles (family before a comma, patronymic by suffix). */
  type?: EntityType;
  /** Explicit parts from the list (UN/EU give them). */
  parts?: Pick<EntityName, "given" | "family" | "patronymic" | "middle">;
  /**
   * Tokens already prepared, by text and plain form: an index build passes one map for all its names, so a part
   * that recurs across the lists (mohammed, company, ivanov…) is transliterated and folded once. Each name gets
   * its own copy of the token (role and flags are set per name); the `variants` array is shared, never mutated.
   */
  tokenCache?: Map<string, PreparedToken>;
}

/**
 * The part a name holds: a copy of `base` (a cached token, shared by every name that has the part, never mutated)
 * with this name's role and flags, set in the order the copies always had (a snapshot writes a part's keys in order).
 */
function partOf(
  base: PreparedToken,
  role: PreparedToken["role"],
  personal: boolean,
  legal: PreparedToken["legal"],
): PreparedToken {
  const t = { ...base };
  t.personal = personal;
  t.legal = legal;
  t.role = role;
  return t;
}

/** {@link prepareToken} through `cache`: the cached token itself (callers copy it before setting per-name fields). */
function cachedToken(cache: Map<string, PreparedToken> | undefined, text: string, plain?: string): PreparedToken {
  if (cache === undefined) return prepareToken(text, plain);
  // A plain form equal to the text adds nothing (see `prepareToken`): keyed as the text alone, no key to build.
  const k = plain === undefined || plain === text ? text : `${text}\u0000${plain}`;
  let base = cache.get(k);
  if (base === undefined) {
    base = prepareToken(text, plain);
    cache.set(k, base);
  }
  return base;
}

/** Prepares one name for matching. */
export function prepareName(fullInput: string, options: PrepareOptions = {}): PreparedName {
  const type = options.type ?? "unknown";
  const full = fullInput;
  // Composed first: text pasted in decomposed form (NFD, as macOS file names and some PDFs give it) spells a Hangul
  // syllable as separate jamo, which the word splits below (one-word Korean names) would not see.
  const text = ASCII.test(fullInput) ? fullInput : fullInput.normalize("NFC");
  // A query written as one word of 2–4 Han characters is split per character, so each gets its Korean reading
  // (金正恩 = Kim Jong Un); a Chinese given name written joined in Latin (习近平 = Xi Jinping) still meets the
  // characters as a split run. Listed names keep the surname + given name split of `splitWords`.
  const han = (options.kind ?? "query") === "query" ? HAN_NAME.exec(text) : null;
  const split = han ? [...(han[1] as string)].join(" ") : splitWords(text);
  // "LAST, First" (OFAC individuals) marks the family name; keep the comma's position before it is stripped.
  const commaIdx = type === "person" || type === "unknown" ? text.indexOf(",") : -1;
  const familyPart =
    commaIdx > 0 && text.indexOf(",", commaIdx + 1) < 0 ? tokens(splitWords(text.slice(0, commaIdx))) : [];
  const splitWordsList = tokensOf(split);
  const words = canonicalWords(splitWordsList, type);
  // A name with no letter that has a plain form (any ASCII name) is its own plain form: not normalised twice.
  const plainText = plainOf(split);
  const plainWords = plainText === split ? splitWordsList : tokens(plainText);
  const plain = plainWords.length === words.length ? plainWords : [];
  const kind = options.kind ?? "query";
  // The cached parts themselves: this name's role and flags are worked out first, then each part is copied with
  // them (`partOf`), so a cached part is never mutated.
  const toks = words.map((w, i) => cachedToken(options.tokenCache, w, plain[i]));
  // A legal-form word one edit off is read as that word on both sides: the lists misspell them too
  // ("OBSCHESTVO", "ORGANICHENNOY"), and a listed name must be read as the same text screened is.
  const formWordOf = kind === "query" ? legalFormWordOf : listedFormWord;
  const formWords = toks.map((t) => formWordOf(t.latin));
  // Only a name with a word that starts some legal-form phrase can hold one (most listed names have none).
  const forms = formWords.some((w) => LEGAL_FORM_FIRST_WORDS.has(w)) ? findLegalForms(formWords) : NO_FORMS;
  // Listed organisations, vessels and aircraft, and any name with a legal form, have no initials.
  const personal = (type === "person" || type === "unknown") && forms.length === 0;
  const legal: (PreparedToken["legal"] | undefined)[] = [];
  for (const f of forms) for (let i = f.start; i < f.end; i++) legal[i] = f.cls;
  const withRoles = type !== "organization" && type !== "vessel" && type !== "aircraft";
  // A name has a few parts: arrays, and no normalisation of a part the list does not give.
  const parts = withRoles ? options.parts : undefined;
  const family = parts?.family ? [...familyPart, ...tokens(parts.family)] : familyPart;
  const patronymic = parts?.patronymic ? tokens(parts.patronymic) : NO_WORDS;
  const given = parts?.given ? tokens(parts.given) : NO_WORDS;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as PreparedToken;
    const cls = legal[i];
    let role: PreparedToken["role"] = t.role;
    if (withRoles && cls === undefined && !t.stop) {
      if (family.includes(t.text)) role = "family";
      else if (patronymic.includes(t.text) || isPatronymicKey(t.key)) role = "patronymic";
      else if (given.includes(t.text)) role = "given";
    }
    toks[i] = partOf(t, role, personal && t.personal, cls ?? t.legal);
  }
  markKorean(toks);
  if (kind === "query") for (const t of toks) addQueryVariants(t);
  const scored = toks.filter((t) => !t.legal && !t.stop);
  // The joined form keeps stop words and particles: "Van der Berg" = "Vanderberg", "Abd al Rahman" = "Abdalrahman".
  const keys: string[] = [];
  for (const t of toks) if (!t.legal) keys.push(t.key);
  const compact = keys.join("");
  return {
    full,
    kind,
    tokens: toks,
    scored: scored.length > 0 ? scored : toks,
    legalForms: forms.length === 0 ? [] : forms.map((f) => f.cls),
    compact,
    compactSorted: keys.length < 2 ? compact : sortedJoin(keys, ""),
  };
}

const NO_WORDS: string[] = [];
const NO_FORMS: ReturnType<typeof findLegalForms> = [];

/**
 * Whether two single Latin letters stand side by side in a name's parts: what an organisation's or vessel's name
 * joins ("K.K." → kk) and a name of no known type keeps apart, as a person's initials.
 */
export function hasLetterPair(toks: readonly PreparedToken[]): boolean {
  for (let i = 1; i < toks.length; i++)
    if (isLetter((toks[i - 1] as PreparedToken).text) && isLetter((toks[i] as PreparedToken).text)) return true;
  return false;
}

function tokens(s: string): string[] {
  const t = normaliseText(s);
  return t === "" ? [] : t.split(" ");
}
const tokensOf = tokens;

/** Latin letters with diacritics replaced by their plain letter (same token boundaries as the input). */
function plainOf(s: string): string {
  // Every letter with a plain form is outside ASCII.
  if (ASCII.test(s)) return s;
  let out = "";
  for (const ch of s) out += LATIN_PLAIN[ch] ?? LATIN_PLAIN[ch.toLowerCase()] ?? ch;
  return out;
}

const ASCII = /^[\x00-\x7f]*$/;
const CAMEL = /(\p{Ll}{2,})(\p{Lu}\p{Ll})/gu;

/** Whether an ASCII string has a lowercase letter followed by an uppercase one (else {@link CAMEL} cannot match). */
function hasCamelCase(s: string): boolean {
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      const b = s.charCodeAt(i - 1);
      if (b >= 97 && b <= 122) return true;
    }
  }
  return false;
}

/**
 * Word boundaries a name does not write with spaces: camel case ("IvanPetrov" → "Ivan Petrov"), the Arabic article
 * (التكريتي → al تكريتي), and, when the whole name is one word, the syllables of a Korean name (김정은 → 김 정 은:
 * written "Kim Jong Un") and the surname of a Chinese name (习近平 → 习 近平: written "Xi Jinping"). Applied alike to
 * listed names and queries.
 */
function splitWords(s: string): string {
  // Only the camel-case split can apply to ASCII (the others need Arabic, Hangul or Han letters).
  if (ASCII.test(s)) return hasCamelCase(s) ? s.replace(CAMEL, "$1 $2") : s;
  return (
    s
      .replace(CAMEL, "$1 $2")
      // Arabic: the article written joined (التكريتي = al-Tikriti) and bin/ibn as the Latin particle.
      .replace(/(^|[\s,])(?:ابن|بن)(?=$|[\s,])/gu, "$1bin")
      // …and written joined to the name (بنحسين = Ben Hassine), as Abu is (أبوغيث = Abu Ghaith).
      .replace(/(^|[\s,])بن(\p{Script=Arabic}{3,})/gu, "$1bin $2")
      .replace(/(^|[\s,])(أبو|ابو)(\p{Script=Arabic}{3,})/gu, "$1$2 $3")
      // A name joined to the عبد of the next one (محمدعبد البصیر = Mohammad Abdul Basir).
      .replace(/(\p{Script=Arabic}{3,})(عبد)(?=\s+ال)/gu, "$1 $2")
      // Compound names written as one word: عبدالمنان = Abd al-Manan, نورالدين = Nur al-Din (the Latin side's
      // "Abdulmanan" is split alike in canonicalWords).
      .replace(/(^|[\s,])(عبد)(ال\p{Script=Arabic}{2,})/gu, "$1$2 $3")
      .replace(/(\p{Script=Arabic}{2,})(ال(?:دين|دین))(?=$|[\s,])/gu, "$1 $2")
      .replace(/(^|[\s,])ال(\p{Script=Arabic}{3,})/gu, "$1al $2")
      // Only when the whole name is one such word: a foreign name in Hangul has spaces (블라디미르 푸틴).
      .replace(/^\s*([\uac00-\ud7a3]{2,4})\s*$/, (_, w: string) => [...w].join(" "))
      .replace(/^\s*(\p{Script=Han})(\p{Script=Han}{1,3})\s*$/u, "$1 $2")
  );
}

/** English number words → digits (0–999), so "Three Stars" meets "3 Stars" and "forty four" meets "44". */
const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
// As maps: `word in UNITS` would also take inherited keys ("constructor") and internalise every word looked up.
const UNIT = new Map(Object.entries(UNITS));
const TEN = new Map(Object.entries(TENS));

/**
 * Canonical words: number words as digits; Arabic name particles in one spelling (ibn/ben → bin, el/ul → al,
 * abdul/abdel → abd al, so "Abdul Rahman", "Abd el-Rahman" and "Abdulrahman" meet, and so do Abdur Rahman and
 * Abdurrahman: the article assimilated to a sun letter); runs of single letters in an
 * organisation or acronym name joined ("I.B.M." → ibm).
 */
function canonicalWords(words: string[], type: EntityType): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    // Numbers: [unit] [hundred] [tens [unit]].
    const wu = UNIT.get(w);
    if (wu !== undefined || TEN.has(w)) {
      let n = 0;
      let j = i;
      if (wu !== undefined && words[j + 1] === "hundred") {
        n = wu * 100;
        j += 2;
        if (words[j] === "and") j++;
      }
      const t = words[j];
      const tt = t === undefined ? undefined : TEN.get(t);
      const tu = t === undefined ? undefined : UNIT.get(t);
      if (tt !== undefined) {
        n += tt;
        j++;
        const u = words[j];
        const uu = u === undefined ? undefined : UNIT.get(u);
        if (uu !== undefined && uu < 10 && uu > 0) {
          n += uu;
          j++;
        }
      } else if (tu !== undefined) {
        n += tu;
        j++;
      }
      if (j > i) {
        out.push(String(n));
        i = j - 1;
        continue;
      }
    }
    // Saint as the lists and users abbreviate it, or write it in German and Russian (Sankt-Peterburg): one word,
    // only before another word ("ST" alone may be a code).
    if ((w === "st" || w === "sankt" || w === "санкт") && i + 1 < words.length) {
      out.push("saint");
      continue;
    }
    // "Oil company" as Russian names abbreviate it (NK Rosneft, NK LUKOIL OAO = Neftyanaya Kompaniya LUKOIL): one
    // word, whichever way it is written.
    const next = words[i + 1];
    if (
      (w === "oil" && next === "company") ||
      ((w === "neftyanaya" || w === "neftianaia" || w === "neftyanaja") &&
        (next === "kompaniya" || next === "kompaniia" || next === "kompanija")) ||
      (w === "нефтяная" && next === "компания")
    ) {
      out.push("nk");
      i++;
      continue;
    }
    if (w === "ibn" || w === "ben" || w === "bin") {
      out.push("bin");
      continue;
    }
    if ((w === "el" || w === "ul") && i + 1 < words.length) {
      out.push("al");
      continue;
    }
    // Only a word starting "abd" or "абд" can be such a compound: others skip the patterns.
    if (!w.startsWith("abd") && !w.startsWith("абд")) {
      out.push(w);
      continue;
    }
    const abd = /^abd(?:u|e|ou|o)?l(.{3,})$/.exec(w);
    if (abd && w !== "abdullah" && w !== "abdallah") {
      out.push("abd", "al", abd[1] as string);
      continue;
    }
    // The article assimilated to a sun letter (Abdur Rahman, Abdus Salam, Abdurrahman = Abd al-Rahman).
    const sun = /^abd[uo](th|dh|sh|[tdrzsn])(\1[a-z]{2,})?$/.exec(w);
    if (sun) {
      out.push("abd", "al");
      if (sun[2] !== undefined) out.push(sun[2]);
      continue;
    }
    // The same compound in Cyrillic (Абдулхаким = Abdulkhakim = Abd al-Khakim).
    const cyrAbd = /^абд(?:у|е)?л(.{3,})$/.exec(w);
    if (cyrAbd && !/^(?:ла|ло)$/.test(cyrAbd[1] as string)) {
      out.push("абд", "ал", cyrAbd[1] as string);
      continue;
    }
    if (w === "abdul" || w === "abdel" || w === "abdoul") {
      out.push("abd", "al");
      continue;
    }
    out.push(w);
  }
  // Acronyms: a run of 2+ single letters in an organisation's name, or a name made only of single letters.
  const allSingle = out.length >= 2 && out.every(isLetter);
  if (
    type === "organization" ||
    type === "vessel" ||
    allSingle ||
    (type === "unknown" && out.some((x, k) => isLetter(x) && isLetter(out[k + 1] ?? "") && isLetter(out[k + 2] ?? "")))
  )
    return joinLetterRuns(out);
  return out;
}

/**
 * The consonants a name part shares with an abjad rendering (Arabic, Hebrew: short vowels unwritten), computed
 * alike for every script from its Latin form, so "Jassem" and جاسم both give `jsm`. Only consonant folds that hold
 * for both a Latin spelling and a letter-by-letter abjad rendering are applied: digraphs for one letter (ق q = k,
 * خ kh = h, ض/ذ dh = d, ث th = t, غ gh = g), c and x as k and ks in Latin spellings, and w/y as vowels: و and ي are
 * written for both the glide and the long vowel (Jawhar = جوهر, Yassin = ياسين), so neither says which.
 * (The Latin {@link foldKey} is not used: its folds were written for Cyrillic spellings: j as i, "shh" as щ.)
 */
export function abjadConsonants(latin: string): string {
  return abjadConsonantsMemo(latin);
}

// The two consonant folds (passes over a buffer: folds.ts) are asked again and again for the same parts (every
// query's parts, runs and listed names recur): memoised by string, a look-up being cheaper than the passes.
const abjadConsonantsMemo = memoisedByString((latin) => abjadConsonantsOf(latin));
const consonantsMemo = memoisedByString((key) => consonantsOfKey(key));

/**
 * All vowels dropped, v as f and p as b, doubles collapsed: "mohamed" and محمد both give `mhmd`, "hassan" and حسن
 * `hsn`.
 */
export function consonantsOf(key: string): string {
  return consonantsMemo(key);
}

/** The skeleton (coarse phonetic key) of a token's folded key. */
export function tokenSkeleton(t: PreparedToken): string {
  return skeleton(t.key);
}
