/**
 * The explained scorer ("evidence" algorithm, after OpenSanctions nomenklatura `logic-v2`): a name score from
 * aligned name parts, then qualifiers (date of birth, country, entity type, legal form, numbers, identifiers), each
 * recorded as a feature with its contribution so a reviewer can read why an entity scored what it did.
 *
 * Name score = Σ(similarity × weight) / Σ(weight) over aligned parts, where unmatched query parts count with
 * weight `extraQueryWeight` and unmatched listed parts with `extraResultWeight` (or `patronymicExtraWeight` for a
 * patronymic the query left out); family names weigh `familyWeight`. Order is free (greedy best-pair alignment),
 * so "PUTIN, Vladimir" = "Vladimir Putin".
 */
import type { Entity, EntityType } from "../model.ts";
import { RELATED_LEGAL_FORMS } from "./legal-forms.ts";
import {
  finalHKey,
  isPatronymicKey,
  type PreparedName,
  type PreparedToken,
  type SplitRun,
  splitRuns,
} from "./names.ts";
import { boundedEditDistance, maxEditsFor } from "./strings.ts";
import { ABJADS } from "./transliterate.ts";

/** Tunable weights and thresholds. Defaults cite their origin in {@link DEFAULT_SCORE_PARAMS}. */
export interface ScoreParams {
  familyWeight: number;
  extraQueryWeight: number;
  extraResultWeight: number;
  patronymicExtraWeight: number;
  /**
   * Weight of a listed part (not family name, not patronymic) left out while a query part is left out too: the
   * query puts another name in its place, which is counter-evidence, not a mere omission (extraResultWeight).
   */
  contradictedPartWeight: number;
  /** Weight of a listed family name the query does not contain (strong counter-evidence). */
  extraFamilyWeight: number;
  /** Similarity of an initial ("V.") to a name part starting with that letter. */
  initialSimilarity: number;
  /** Similarity of two spellings that fold to one key, or meet through a transliteration standard. */
  variantSimilarity: number;
  /**
   * Similarity of a query part that meets a listed part once a nominative ending its language adds to foreign
   * names is left out (Lithuanian Putinas, Greek Αλέξανδρος): near-certain, but a real name may end so too.
   */
  inflectionSimilarity: number;
  /** A given name against its other-language form or diminutive (Eugene = Yevgeny, Sasha = Aleksandr). */
  givenNameEquivalentSimilarity: number;
  /**
   * Similarity of a Cyrillic query part and a Latin listed part that share only their consonants (4 or more) under
   * one of the part's readings: vowels East Slavic spellings of one name do not share (Belarusian akanye).
   */
  consonantReadingSimilarity: number;
  /** Similarity of an Arabic/Hebrew-script part and a Latin part with the same consonants (vowels unknown). */
  abjadSimilarity: number;
  /**
   * Similarity of a katakana query part and a Latin listed part with the same 3+ consonants under the loanword
   * readings of the kana (ラ = r or l, ジ = j, d or z, チ = ch or t: ウラジーミル = Vladimir, プーチン = Putin).
   */
  kanaLoanwordSimilarity: number;
  /**
   * Highest similarity of two parts two or more edits apart (Castro/Castillo): such parts are different names far
   * more often than typos of one, so they never count as a near-equal pair. Also the bound the candidate index
   * uses for parts it did not reach (see `nameScoreUpperBound`).
   */
  fuzzyMultiEditCap: number;
  countryMismatchPenalty: number;
  dobYearDisjointPenalty: number;
  dobDayDisjointPenalty: number;
  /** Query is an organisation (or has a legal form) and the entity a person, or the reverse. */
  typeMismatchPenalty: number;
  /** Legal forms of different, unrelated classes (an LLC against a JSC). */
  legalFormMismatchPenalty: number;
  /** Legal forms of related classes (OAO against PAO: the same company after a reform). */
  relatedLegalFormPenalty: number;
  /** A patronymic in the query that contradicts the listed one (not merely left out). */
  patronymicMismatchPenalty: number;
  /**
   * Two Korean names in Latin letters whose syllables pair in another order than a name's own order or the same
   * with the surname moved to the end (RI Song Un against Ri Un Song: 성운 and 운성 are different names).
   */
  koreanOrderPenalty: number;
  numberMismatchPenalty: number;
  /** Floor of the score when a strong identifier (INN, OGRN, IMO, LEI, passport…) is equal. */
  identifierMatchScore: number;
}

/**
 * Defaults. From nomenklatura `logic-v2` as documented in the domain brief: family weight 1.3, extra query name
 * 0.8, extra result name 0.2, country mismatch −0.2, DOB year disjoint −0.15, DOB day disjoint −0.25, number
 * mismatch 0.3, strong identifier 0.95. Ours (no published equivalent): patronymic left out 0.05, listed family name left out 0.8 (× family weight), initial 0.9,
 * spelling/transliteration variant 0.98, a foreign name's nominative ending left out 0.9, a Cyrillic part meeting a Latin one by 4+ consonants only 0.85, Arabic/Hebrew consonant-skeleton match 0.9 (0.75 on two consonants), a katakana part meeting a Latin one by 3+ consonants under the kana's loanword readings 0.85, parts two or more edits apart at most 0.4 (a family name two or more edits off does not pair), type mismatch −0.2, legal-form class mismatch −0.25 (related classes −0.05).
 * Korean syllables paired out of order −0.4 (a name scoring 1 falls below the possible-match threshold 0.7).
 * Set on the dev split of the labelled pairs of `bench/eval-screening.ts` (never on its held-out split): a listed
 * part left out beside a left-out query part 0.5, legal-form class mismatch 0.25 (was 0.15).
 */
export const DEFAULT_SCORE_PARAMS: ScoreParams = {
  familyWeight: 1.3,
  extraQueryWeight: 0.8,
  extraResultWeight: 0.2,
  patronymicExtraWeight: 0.05,
  extraFamilyWeight: 0.8,
  contradictedPartWeight: 0.5,
  initialSimilarity: 0.9,
  variantSimilarity: 0.98,
  inflectionSimilarity: 0.9,
  givenNameEquivalentSimilarity: 0.85,
  consonantReadingSimilarity: 0.85,
  abjadSimilarity: 0.9,
  kanaLoanwordSimilarity: 0.85,
  fuzzyMultiEditCap: 0.4,
  countryMismatchPenalty: 0.2,
  dobYearDisjointPenalty: 0.15,
  dobDayDisjointPenalty: 0.25,
  typeMismatchPenalty: 0.2,
  legalFormMismatchPenalty: 0.25,
  relatedLegalFormPenalty: 0.05,
  patronymicMismatchPenalty: 0.1,
  koreanOrderPenalty: 0.4,
  numberMismatchPenalty: 0.3,
  identifierMatchScore: 0.95,
};

/** How two name parts met. */
export type PairKind = "exact" | "spelling_variant" | "transliteration" | "fuzzy" | "initial";

export interface TokenPair {
  query: string;
  candidate: string;
  kind: PairKind;
  similarity: number;
  weight: number;
  /** Standard that made a transliteration pair meet (e.g. `icao`, `bgn`, `german`). */
  standard?: string;
  role?: string;
}

export interface NameScore {
  score: number;
  name: PreparedName;
  pairs: TokenPair[];
  unmatchedQuery: string[];
  unmatchedCandidate: string[];
  /** The whole name matched with its parts joined ("Abd Al Rahman" = "Abdalrahman"). */
  joined: boolean;
  /** Two Korean names whose paired syllables are out of order (see `koreanOrderPenalty`). */
  koreanOrder: boolean;
}

/**
 * The feature table of the evidence scorer. The score is the sum of the features' contributions (clamped to
 * 0..1): `name_parts` carries the name score, every qualifier a signed change by its weight in {@link ScoreParams};
 * features marked 0 only explain (how a pair met) and change nothing. Each row is unit-tested (features.test.ts).
 */
export const FEATURES: Record<
  Feature["feature"],
  { weight: keyof ScoreParams | "name score" | "0"; description: string }
> = {
  name_parts: {
    weight: "name score",
    description:
      "Σ similarity × weight / Σ weight over aligned name parts; family names weigh familyWeight; a part left out costs extraQueryWeight (query side) or extraResultWeight / patronymicExtraWeight / extraFamilyWeight (listed side); parts two or more edits apart score at most fuzzyMultiEditCap (family names: no pair); two spellings the folds make alike pair as one name's only when the folds erased no more than doubled letters and one-sound digraphs, or the shorter has 5 letters or more, or they differ by one letter in length, a digraph counting one (Mayak ≠ MAK, Sayyid ≠ Said; Moussa = Musa, Dhiyab = Diab); parts of two Korean names in Latin letters pair by their Korean key alone (Yong = Young = Yeong at variantSimilarity; Jong ≠ Yong); a listed part left out while a query part is too costs contradictedPartWeight, as does a listed person's first given name left out while a later given name of theirs paired (a father's name against his son's: Sab'awi Ibrahim Hassan / Ayman Sabawi Ibrahim Hassan); a run of query parts written split may pair with one listed part (Abd Allah = Abdallah); a query part whose language adds a nominative ending to foreign names pairs without it at inflectionSimilarity (Putinas = Putin); a common given name meets its other spellings (Mohammed = Muhammad) at variantSimilarity, its Russian or Western form or diminutive (Eugene = Yevgeny, Sasha = Aleksandr) at givenNameEquivalentSimilarity; a Cyrillic query part meets a Latin listed part by 4+ consonants at consonantReadingSimilarity (БАНДАРЭНКА = Bondarenko); an Arabic-script part meets a Latin one by consonant skeleton at abjadSimilarity, each letter under every reading a Latin spelling gives it (ذ d or z, ق k or g, initial و w or v; long vowels, ع, hamza give nothing); a katakana part meets a Latin one by 3+ consonants under the kana's loanword readings at kanaLoanwordSimilarity (ウラジーミル = Vladimir); initials (equal ones too) count only beside a matched full part",
  },
  transliteration: {
    weight: "0",
    description: "which parts met through a transliteration standard (explains the pairs)",
  },
  joined_name: {
    weight: "0",
    description: "the name matched with its parts joined or split (Abd al Rahman = Abdalrahman)",
  },
  query_reading: {
    weight: "0",
    description:
      "the query scored as read another way: without the titles a person's name starts with (Gen., H.E., Sheikh), without a ship's prefix (MV, M/T), or as an organisation's name with its single letters joined (K. K. = KK)",
  },
  number_mismatch: { weight: "numberMismatchPenalty", description: "both names carry numbers and none agree" },
  legal_form_match: { weight: "0", description: "both names carry a legal form of one class (LLC = OOO = GmbH)" },
  legal_form_mismatch: {
    weight: "legalFormMismatchPenalty",
    description:
      "legal forms of different classes; relatedLegalFormPenalty when both are of related classes (OAO → PAO)",
  },
  patronymic_mismatch: {
    weight: "patronymicMismatchPenalty",
    description:
      "the query's patronymic contradicts the listed one (a left-out patronymic costs only its extra weight)",
  },
  korean_name_order: {
    weight: "koreanOrderPenalty",
    description:
      "two Korean names in Latin letters whose three or more paired syllables are in another order than the listed name's (its surname may move to the end: Kim Jong Un = Jong Un Kim; Song Un ≠ Un Song)",
  },
  type_mismatch: {
    weight: "typeMismatchPenalty",
    description: "an organisation query against a person, or the reverse",
  },
  dob_match: { weight: "0", description: "date of birth agrees" },
  dob_year_disjoint: { weight: "dobYearDisjointPenalty", description: "no year of birth in common" },
  dob_day_disjoint: { weight: "dobDayDisjointPenalty", description: "full dates of birth differ" },
  country_match: { weight: "0", description: "country agrees" },
  country_mismatch: {
    weight: "countryMismatchPenalty",
    description: "the query's country is not among the listed ones",
  },
  identifier_match: {
    weight: "identifierMatchScore",
    description: "a strong identifier is equal: the score is raised to identifierMatchScore",
  },
};

/** One feature of an explanation: what was observed and what it did to the score. */
export interface Feature {
  feature:
    | "name_parts"
    | "transliteration"
    | "joined_name"
    | "query_reading"
    | "dob_match"
    | "dob_year_disjoint"
    | "dob_day_disjoint"
    | "country_match"
    | "country_mismatch"
    | "identifier_match"
    | "type_mismatch"
    | "legal_form_match"
    | "legal_form_mismatch"
    | "patronymic_mismatch"
    | "korean_name_order"
    | "number_mismatch";
  /** Signed change to the score (the name feature carries the name score itself). */
  contribution: number;
  detail: string;
}

export interface Explanation {
  algorithm: "evidence" | "ofac-parity";
  score: number;
  nameScore: number;
  /** The listed name that scored best and its kind (primary, alias…). */
  matchedName: string;
  matchedNameKind: string;
  pairs: TokenPair[];
  features: Feature[];
  /** One-paragraph human rendering. */
  text: string;
}

/** A possible pair in the alignment: query part `qi` (or the split run starting there) with listed part `ci`. */
interface Cand {
  qi: number;
  ci: number;
  sim: number;
  w: number;
  kind: PairKind;
  standard?: string;
  run?: SplitRun;
}

function tokenWeight(t: PreparedToken, p: ScoreParams): number {
  return t.role === "family" ? p.familyWeight : 1;
}

/** The two most common pair results, shared (callers only read them): no object per exact pair. */
const EXACT_PAIR: { sim: number; kind: PairKind } = Object.freeze({ sim: 1, kind: "exact" });
const INITIAL_PAIR: { sim: number; kind: PairKind } = Object.freeze({ sim: 1, kind: "initial" });

function pairOf(
  q: PreparedToken,
  c: PreparedToken,
  p: ScoreParams,
  exactOnly = false,
): { sim: number; kind: PairKind; standard?: string } | undefined {
  if (q.number || c.number) return q.latin === c.latin ? EXACT_PAIR : undefined;
  const cross = q.script !== c.script;
  // Two equal initials of a person's name are supporting evidence like any initial (counted only beside a matched
  // full part); a lone letter in a company name ("GEFEST-M") is a part like any other.
  if (q.initial && c.initial && q.personal && c.personal) return q.latin === c.latin ? INITIAL_PAIR : undefined;
  // Two parts of Korean names in Latin letters: one syllable's spellings, or different syllables (Jong and Yong
  // fold alike but are 정 and 영): no fold and no edit distance between them (see korean-latin.ts).
  if (q.ko !== "" && c.ko !== "") {
    if (q.ko !== c.ko) return undefined;
    return q.latin === c.latin
      ? EXACT_PAIR
      : { sim: p.variantSimilarity, kind: "transliteration", standard: "ko-latin" };
  }
  if (q.text === c.text || (!cross && q.latin === c.latin)) return EXACT_PAIR;
  if (cross && q.latin === c.latin)
    return {
      sim: 1,
      kind: "transliteration",
      standard: q.script === "latin" ? c.variants[0]?.standard : q.variants[0]?.standard,
    };
  if (q.key === c.key) {
    // The folds drop glides and vowel letters (я = ya/ja/ia, ю = yu/ju/iu): on a short part the fold can erase what
    // told two names apart (Mayak and MAK, Young and Ung, Sayyid and Said all fold alike). Two Latin spellings of
    // which the shorter has 4 letters or fewer and the other 2 or more letters more are not spellings of one name,
    // unless only doubled letters and one-sound digraphs tell them apart (Moussa = Musa).
    if (!cross && foldErased(q.latin, c.latin)) return undefined;
    return cross
      ? {
          sim: p.variantSimilarity,
          kind: "transliteration",
          standard: q.script === "latin" ? c.variants[0]?.standard : q.variants[0]?.standard,
        }
      : { sim: p.variantSimilarity, kind: "spelling_variant" };
  }
  for (const qv of q.variants)
    for (const cv of c.variants)
      if (qv.key === cv.key)
        return {
          sim:
            qv.standard === "inflection" || cv.standard === "inflection"
              ? p.inflectionSimilarity
              : qv.standard === "given-name-equivalent" || cv.standard === "given-name-equivalent"
                ? p.givenNameEquivalentSimilarity
                : p.variantSimilarity,
          kind: "transliteration",
          standard: qv.standard !== "latin" ? qv.standard : cv.standard,
        };
  // Arabic/Hebrew do not write short vowels: a name from them meets a Latin spelling by its consonants.
  const abjad = cross && (ABJADS.has(q.script) || ABJADS.has(c.script));
  const cons = abjad ? sharedConsonants(q, c) : undefined;
  if (cons !== undefined && cons.length >= 1 && (cons.length >= 2 || abjadSpellingNear(q, c)))
    // Two consonants say little (Sophie ≈ سيفي): full credit from three on, or when the long vowels written in the
    // abjad also agree (the whole spelling one edit apart: Adnan = عدنان "dnan", Aboud = عبود "bud"). One consonant
    // counts only with the spelling one edit apart (Ali = علي "li"), and then as two do.
    return {
      sim:
        cons.length >= 3 || (cons.length === 2 && abjadSpellingNear(q, c))
          ? p.abjadSimilarity
          : p.abjadSimilarity - 0.15,
      kind: "transliteration",
      standard: "consonant-skeleton",
    };
  // The same through another reading of the abjad's letters (Persian و = v, ق = g…): a query part's variants keyed
  // `~`/`^` + consonants (see `addAbjadReadings`), three consonants at least.
  if (cross && (ABJADS.has(q.script) || ABJADS.has(c.script)) && c.consonants.length >= 3) {
    const mark = ABJADS.has(q.script) ? "~" : "^";
    for (const v of q.variants)
      if (v.standard === "abjad-reading" && v.key[0] === mark && v.key.slice(1) === c.consonants)
        return { sim: p.abjadSimilarity, kind: "transliteration", standard: "abjad-reading" };
  }
  // A foreign name in katakana meets its Latin spelling by consonants under the kana's loanword readings
  // (`ja-loanword` variants keyed `~` + consonants; see `katakanaSkeletons`), three consonants at least.
  if (q.script === "other" && c.script === "latin" && c.consonants.length >= 3)
    for (const v of q.variants)
      if (v.standard === "ja-loanword" && v.key.length === c.consonants.length + 1 && v.key.slice(1) === c.consonants)
        return { sim: p.kanaLoanwordSimilarity, kind: "transliteration", standard: "ja-loanword" };
  if (q.initial || c.initial) {
    // A lone letter in a company name ("M AND S TRADING", "SEPAH-E") is no initial of a name part.
    if (!c.personal) return undefined;
    const a = q.initial ? q.latin : c.latin;
    const b = q.initial ? c.latin : q.latin;
    if (!(q.initial && c.initial) && b.startsWith(a)) return { sim: p.initialSimilarity, kind: "initial" };
    return undefined;
  }
  const fuzzy = exactOnly ? undefined : fuzzyPair(q, c, p, cross);
  // A Cyrillic query part and a Latin listed part with the same four or more consonants under one of the part's
  // readings (East Slavic vowels differ: Belarusian БАНДАРЭНКА = Bondarenko); see `addAbjadReadings`. Only where
  // the spelling does not pair higher.
  if (
    cross &&
    q.script === "cyrillic" &&
    c.script === "latin" &&
    c.consonants.length >= 4 &&
    (fuzzy === undefined || fuzzy.sim < p.consonantReadingSimilarity)
  )
    for (const v of q.variants)
      if (v.standard === "consonant-reading" && v.key.slice(1) === c.consonants)
        return { sim: p.consonantReadingSimilarity, kind: "transliteration", standard: "consonant-reading" };
  return fuzzy;
}

/**
 * Whether two spellings that fold alike are too far apart to be one name's (see {@link pairOf}): the shorter has 4
 * letters or fewer and the other 2 or more letters more, and they differ by more than doubled letters and digraphs
 * written for one sound (Moussa = Musa, Maalla = Mala stay spellings of one name).
 */
function foldErased(a: string, b: string): boolean {
  // Lengths in sounds: a digraph is one letter (Dhiyab = Diab: dh is the d of ذ; Sayyid and Said stay apart).
  const la = digraphsAsLetters(a).length;
  const lb = digraphsAsLetters(b).length;
  const short = Math.min(la, lb);
  return short >= 2 && short <= 4 && Math.abs(la - lb) >= 2 && orthographic(a) !== orthographic(b);
}

/** A spelling with the digraphs ou, oo, ee, th, dh, ph, gh, ck written for one sound as one letter. */
function digraphsAsLetters(s: string): string {
  return s
    .replace(/(ou|oo)/g, "u")
    .replace(/ee/g, "i")
    .replace(/th/g, "t")
    .replace(/dh/g, "d")
    .replace(/ph/g, "f")
    .replace(/gh/g, "g")
    .replace(/ck/g, "k");
}

/** A spelling with doubled letters single and the digraphs as one letter (see {@link digraphsAsLetters}). */
function orthographic(s: string): string {
  return digraphsAsLetters(s).replace(/(.)\1+/g, "$1");
}

/** Two parts within the scorer's edit allowance of each other (their folded keys). */
function fuzzyPair(
  q: PreparedToken,
  c: PreparedToken,
  p: ScoreParams,
  cross: boolean,
): { sim: number; kind: PairKind } | undefined {
  const a = q.key;
  const b = c.key;
  const allowed = maxEditsFor(Math.min(a.length, b.length));
  const d = allowed === 0 || Math.abs(a.length - b.length) > allowed ? allowed + 1 : boundedEditDistance(a, b, allowed);
  // A typo can change how a spelling folds (Mushnikova typed Mushnikoua folds to "mushnikua", two edits off):
  // the query part as typed, one edit from the listed key, is a one-edit pair (see `addTypedSpelling`).
  // (The typed spelling is the last variant a query part gets: an O(1) test on every pair two or more edits off.)
  // The same against the listed part as published, for a Latin one: a typo that changes how the query folds can
  // put it two edits from the listed key while it is one edit from the listed spelling (Jalloov / JALOLOV fold to
  // "alov" / "alolov"; Ihuwayl / GHUWAYL to "ihuvail" / "guvail").
  if (d >= 2 && q.variants[q.variants.length - 1]?.standard === "typed") {
    const t = q.latin;
    for (const l of c.script === "latin" && c.latin !== b ? [b, c.latin] : [b])
      if (Math.abs(t.length - l.length) <= 1 && maxEditsFor(Math.min(t.length, l.length)) >= 1)
        if (boundedEditDistance(t, l, 1) <= 1)
          return { sim: 1 - 1 / Math.max(t.length, l.length), kind: cross ? "transliteration" : "fuzzy" };
  }
  if (d > allowed) return undefined;
  const sim = 1 - d / Math.max(a.length, b.length);
  // A family name two or more edits from the other part is another family name (Bunakov / Burlakov), not a typo.
  if (d >= 2 && (q.role === "family" || c.role === "family")) return undefined;
  return { sim: d >= 2 ? Math.min(p.fuzzyMultiEditCap, sim) : sim, kind: cross ? "transliteration" : "fuzzy" };
}

/** Arabic letters a Latin spelling writes as a vowel at the start of a word (ع, alif and its hamza forms). */
const ARABIC_VOWEL_START = /^[\u0639\u0627\u0623\u0625\u0622]/;

/**
 * Whole spellings of an abjad part and a Latin part one edit apart (vowels as glides): the long vowels the abjad
 * writes agree too. A word-initial ع or alif is written as a vowel in Latin (Uday = عدي "di", Omar = عمر "mr"):
 * then the Latin spelling without its first vowel is compared too.
 */
function abjadSpellingNear(q: PreparedToken, c: PreparedToken): boolean {
  if (boundedEditDistance(glides(q.key), glides(c.key), 1) <= 1) return true;
  const [a, l] = ABJADS.has(q.script) ? [q, c] : [c, q];
  return (
    ARABIC_VOWEL_START.test(a.text) &&
    /^[aeiou]/.test(l.key) &&
    boundedEditDistance(glides(a.key), glides(l.key.slice(1)), 1) <= 1
  );
}

/**
 * The consonants an abjad part and a Latin part share, or undefined. Their skeletons when equal; and for a short
 * Arabic query part whose final ه the skeleton leaves out (read as a vowel: Juma = جمعه) while the Latin spelling
 * writes it as the consonant it also is (Taha = طه "t", "th"): the skeleton that keeps it.
 */
function sharedConsonants(q: PreparedToken, c: PreparedToken): string | undefined {
  if (q.consonants === c.consonants) return q.consonants;
  // Query side only: the candidate index looks such a query part up by that skeleton too (`finalHKey`).
  const h = finalHKey(q);
  return h !== undefined && c.script === "latin" && c.consonants === h ? h : undefined;
}

/** A spelling with w and v as u: an abjad writes the glide w, the consonant v (Persian) and the vowel u as one و. */
function glides(key: string): string {
  return key.replace(/[wv]/g, "u");
}

/**
 * The best similarity one query part can reach with any scored part of a listed name (0 when none pairs). An
 * upper bound of what that part adds to {@link scoreName}; the candidate index uses it to prune exactly.
 */
export function bestPartSimilarity(
  q: PreparedToken,
  cand: PreparedName,
  p: ScoreParams = DEFAULT_SCORE_PARAMS,
): number {
  let best = 0;
  for (const c of cand.scored) {
    const r = pairOf(q, c, p);
    if (r && r.sim > best) best = r.sim;
  }
  return best;
}

let usedQ = new Uint8Array(64);
let usedC = new Uint8Array(64);
/** Per query part, the listed part it paired with (-1: none), for Korean names: module scratch, as `usedQ`. */
let pairedC = new Int32Array(16);

/** Scores a prepared query name against one prepared listed name. */
export function scoreName(query: PreparedName, cand: PreparedName, p: ScoreParams = DEFAULT_SCORE_PARAMS): NameScore {
  const qs = query.scored;
  const cs = cand.scored;
  // Same letters, different split ("Abd Al Rahman" / "Abdalrahman"): one joined part.
  if (
    (qs.length !== cs.length || query.tokens.length !== cand.tokens.length) &&
    query.compact.length >= 6 &&
    (query.compact === cand.compact || query.compactSorted === cand.compactSorted)
  ) {
    return {
      score: 1,
      name: cand,
      pairs: [
        {
          query: qs.map((t) => t.text).join(" "),
          candidate: cs.map((t) => t.text).join(" "),
          kind: "exact",
          similarity: 1,
          weight: 1,
        },
      ],
      unmatchedQuery: [],
      unmatchedCandidate: [],
      joined: true,
      koreanOrder: false,
    };
  }
  const cands: Cand[] = [];
  for (let qi = 0; qi < qs.length; qi++) {
    const q = qs[qi] as PreparedToken;
    for (let ci = 0; ci < cs.length; ci++) {
      const c = cs[ci] as PreparedToken;
      const r = pairOf(q, c, p);
      if (!r) continue;
      const w = Math.max(tokenWeight(q, p), tokenWeight(c, p));
      const x: Cand = { qi, ci, sim: r.sim, w, kind: r.kind };
      if (r.standard) x.standard = r.standard;
      cands.push(x);
    }
  }
  // Initials are supporting evidence: they count only beside a full part that matched (at most one edit apart).
  // "V. G." alone, or beside a surname two edits off, is not a name match.
  if (!cands.some((x) => x.kind !== "initial" && x.sim > p.fuzzyMultiEditCap))
    for (let i = cands.length - 1; i >= 0; i--) if (cands[i]?.kind === "initial") cands.splice(i, 1);
  // Which query and listed parts an alignment used: module scratch, cleared per alignment (a typed array allocated
  // four times per scored name was a sixth of the screener's garbage).
  if (qs.length > usedQ.length) usedQ = new Uint8Array(qs.length * 2);
  if (cs.length > usedC.length) usedC = new Uint8Array(cs.length * 2);
  if (qs.length > pairedC.length) pairedC = new Int32Array(qs.length * 2);
  let pairs: TokenPair[] = [];
  let num = 0;
  let den = 0;
  let unmatchedQuery: string[] = [];
  let unmatchedCandidate: string[] = [];
  // Korean names in Latin letters on both sides: the listed part each query part paired with, to check their order.
  const korean = qs.length >= 3 && cs.length >= 3 && qs.every((t) => t.ko !== "") && cs.every((t) => t.ko !== "");
  let koreanOrder = false;
  const align = () => {
    // At equal similarity a run covering more query parts first (ولى الله ≈ Waliullah rather than ولى alone).
    cands.sort(
      (x, y) => y.sim * y.w - x.sim * x.w || y.sim - x.sim || (y.run?.scored.length ?? 1) - (x.run?.scored.length ?? 1),
    );
    usedQ.fill(0, 0, qs.length);
    usedC.fill(0, 0, cs.length);
    if (korean) pairedC.fill(-1, 0, qs.length);
    pairs = [];
    num = 0;
    den = 0;
    for (const x of cands) {
      if (usedQ[x.qi] || usedC[x.ci] || x.run?.scored.some((k) => usedQ[k])) continue;
      usedQ[x.qi] = 1;
      usedC[x.ci] = 1;
      if (x.run) for (const k of x.run.scored) usedQ[k] = 1;
      else if (korean) pairedC[x.qi] = x.ci;
      const c = cs[x.ci] as PreparedToken;
      num += x.sim * x.w;
      den += x.w;
      pairs.push({
        query: x.run
          ? x.run.scored.map((k) => (qs[k] as PreparedToken).text).join(" ")
          : (qs[x.qi] as PreparedToken).text,
        candidate: c.text,
        kind: x.kind,
        similarity: round(x.sim),
        weight: x.w,
        ...(x.standard ? { standard: x.standard } : {}),
        ...(c.role !== "unknown" ? { role: c.role } : {}),
      });
    }
    unmatchedQuery = [];
    unmatchedCandidate = [];
    qs.forEach((q, i) => {
      if (usedQ[i]) return;
      unmatchedQuery.push(q.text);
      den += p.extraQueryWeight * tokenWeight(q, p);
    });
    if (korean) koreanOrder = outOfOrder(pairedC, qs.length);
    // A listed part left over while a query part is too: the query puts another name there (Yongwon / Jaime).
    const contradicted = unmatchedQuery.length > 0;
    // A person's own given name left over while a later given name of theirs paired: the query names someone else
    // in the chain (Sab'awi Ibrahim Hassan al-Tikriti is the father of Ayman Sab'awi Ibrahim Hassan al-Tikriti).
    const ownLeft = ownGivenNameLeft(cs);
    cs.forEach((c, i) => {
      if (usedC[i]) return;
      unmatchedCandidate.push(c.text);
      const extra =
        c.role === "patronymic"
          ? p.patronymicExtraWeight
          : c.role === "family"
            ? p.extraFamilyWeight
            : (contradicted || i === ownLeft) && !c.initial
              ? p.contradictedPartWeight
              : p.extraResultWeight;
      den += extra * tokenWeight(c, p);
    });
  };
  align();
  // Parts written split in the query and joined in the listed name ("Abd Allah" / "Abdallah"): when query parts are
  // left, a run of query parts may pair with one listed part: equal keys, a variant or the same consonants, never by
  // edits (the candidate index reaches a run by those keys only, which keeps its look-ups cheap). In a query not all
  // in Latin letters the listed part may have paired with one part of the run already (ولى ≈ Waliullah by two
  // consonants, الله left: the run ولى الله pairs instead); a Latin query tries runs only when listed parts are left
  // too (runs tried on every candidate cost 9% of names per CPU second in bench/screening-ab.ts).
  if (pairs.length < qs.length && (pairs.length < cs.length || !query.tokens.every((t) => t.script === "latin"))) {
    const before = cands.length;
    for (const run of splitRuns(query)) {
      const w0 = Math.max(...run.scored.map((k) => tokenWeight(qs[k] as PreparedToken, p)));
      for (let ci = 0; ci < cs.length; ci++) {
        const c = cs[ci] as PreparedToken;
        const r = pairOf(run.token, c, p, true);
        if (!r || r.kind === "initial") continue;
        cands.push({
          qi: run.scored[0] as number,
          ci,
          sim: r.sim,
          w: Math.max(w0, tokenWeight(c, p)),
          kind: r.kind,
          run,
          ...(r.standard ? { standard: r.standard } : {}),
        });
      }
    }
    if (cands.length > before) {
      const split = { num, den, pairs, unmatchedQuery, unmatchedCandidate, koreanOrder };
      align();
      // The joined reading counts only where it scores higher.
      if (!(den > 0 && (split.den === 0 || num / den > split.num / split.den)))
        ({ num, den, pairs, unmatchedQuery, unmatchedCandidate, koreanOrder } = split);
    }
  }
  return {
    score: den > 0 ? num / den : 0,
    name: cand,
    pairs,
    unmatchedQuery,
    unmatchedCandidate,
    joined: false,
    koreanOrder,
  };
}

/**
 * The position of a listed person's first given name (the first part that is no family name, patronymic, initial
 * or number) when the alignment left it unpaired while a later part other than a family name paired; else -1.
 */
function ownGivenNameLeft(cs: PreparedToken[]): number {
  let first = -1;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i] as PreparedToken;
    if (!c.personal || c.initial || c.number || c.role === "family" || c.role === "patronymic") continue;
    if (first < 0) {
      if (usedC[i]) return -1;
      first = i;
    } else if (usedC[i]) return first;
  }
  return -1;
}

/**
 * Whether the listed positions `paired` (in query order, -1 for an unpaired part) of three or more pairs are in
 * neither the listed order nor a rotation of it (a surname moved from the front to the end, or back).
 */
function outOfOrder(paired: Int32Array, n: number): boolean {
  let first = -1;
  let prev = -1;
  let count = 0;
  let descents = 0;
  for (let i = 0; i < n; i++) {
    const c = paired[i] as number;
    if (c < 0) continue;
    if (count === 0) first = c;
    else if (c < prev) descents++;
    prev = c;
    count++;
  }
  if (count < 3) return false;
  return descents > 1 || (descents === 1 && prev > first);
}

/** A screening query: a name plus optional qualifiers. */
export interface ScreenQuery {
  name: string;
  type?: EntityType;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  dob?: string;
  identifiers?: { type?: string; value: string }[];
}

function years(dates: string[]): Set<string> {
  const out = new Set<string>();
  for (const d of dates) for (const m of d.matchAll(/\b(1[89]\d\d|20\d\d)\b/g)) out.add(m[1] as string);
  return out;
}
function fullDates(dates: string[]): Set<string> {
  const out = new Set<string>();
  for (const d of dates) for (const m of d.matchAll(/\b(\d{4}-\d{2}-\d{2})\b/g)) out.add(m[1] as string);
  return out;
}
function normId(v: string): string {
  return v.toUpperCase().replace(/[^0-9A-Z]/g, "");
}
const ORG_TYPES = new Set<EntityType>(["organization"]);

/** Whether the query is an organisation: said so, or written with a legal form. */
export function queryIsOrganisation(q: ScreenQuery, name: PreparedName): boolean {
  return q.type === "organization" || (q.type === undefined && name.legalForms.length > 0);
}

/**
 * Scores a query against an entity: best name (weak aliases excluded), then qualifiers. The returned
 * explanation lists every feature and its signed contribution; `score` is clamped to [0, 1].
 */
export function scoreEntity(
  query: ScreenQuery,
  qName: PreparedName,
  entity: Entity,
  names: PreparedName[],
  p: ScoreParams = DEFAULT_SCORE_PARAMS,
  withText = true,
): Explanation {
  return (
    bestExplanation(query, qName, entity, names, p, withText) ??
    explainEntity(query, qName, entity, undefined, p, withText)
  );
}

/**
 * The entity's best explanation over its names (weak aliases excluded): the features depend on the name (its legal
 * form, numbers, patronymic), so two names scoring alike can end apart (ZHU HAI ZHEN RONG COMPANY and …COMPANY
 * LIMITED against "zhu hai zhen rong company"). Names are tried by name score, high to low (ties in the given
 * order), while one could still beat the best so far — a feature only lowers a score, an identifier match lifts any
 * name alike — and, with `minScore`, could still reach it. Undefined when no name is screenable or, with `minScore`,
 * none can reach it.
 */
export function bestExplanation(
  query: ScreenQuery,
  qName: PreparedName,
  entity: Entity,
  names: PreparedName[],
  p: ScoreParams = DEFAULT_SCORE_PARAMS,
  withText = true,
  minScore?: number,
): Explanation | undefined {
  const scored: NameScore[] = [];
  for (const n of names) if (n.kind !== "weak_alias") scored.push(scoreName(qName, n, p));
  const order = scored
    .map((_, i) => i)
    .sort((a, b) => (scored[b] as NameScore).score - (scored[a] as NameScore).score || a - b);
  const bounded = penaltiesNonNegative(p);
  const lift = query.identifiers && query.identifiers.length > 0 ? finalScore(p.identifierMatchScore) : 0;
  let best: Explanation | undefined;
  for (const i of order) {
    const s = scored[i] as NameScore;
    const most = Math.max(finalScore(s.score), lift);
    if (bounded && best !== undefined && most <= best.score) break;
    if (minScore !== undefined && !canReach(query, s.score, minScore, p)) break;
    const exp = explainEntity(query, qName, entity, s, p, false);
    if (best === undefined || exp.score > best.score) best = exp;
  }
  if (best !== undefined && withText) best.text = explanationText(best);
  return best;
}

/** The best-scoring of an entity's names (weak aliases excluded), or undefined when none is screenable. */
export function bestNameScore(
  qName: PreparedName,
  names: PreparedName[],
  p: ScoreParams = DEFAULT_SCORE_PARAMS,
): NameScore | undefined {
  let best: NameScore | undefined;
  for (const n of names) {
    if (n.kind === "weak_alias") continue;
    const s = scoreName(qName, n, p);
    if (!best || s.score > best.score) best = s;
  }
  return best;
}

/**
 * Whether an entity whose best name scores `nameScore` can reach `minScore` at all: only an identifier match raises
 * a score above its name score (every other feature adds 0 or subtracts a penalty), so without query identifiers and
 * with no negative penalty configured, a name score rounding below `minScore` is a final score below it too. The
 * screener skips the features of such candidates.
 */
export function canReach(query: ScreenQuery, nameScore: number, minScore: number, p: ScoreParams): boolean {
  if (query.identifiers && query.identifiers.length > 0) return true;
  if (!penaltiesNonNegative(p)) return true;
  return finalScore(nameScore) >= minScore;
}

const PENALTIES = [
  "patronymicMismatchPenalty",
  "koreanOrderPenalty",
  "numberMismatchPenalty",
  "relatedLegalFormPenalty",
  "legalFormMismatchPenalty",
  "typeMismatchPenalty",
  "dobDayDisjointPenalty",
  "dobYearDisjointPenalty",
  "countryMismatchPenalty",
] as const satisfies readonly (keyof ScoreParams)[];

function penaltiesNonNegative(p: ScoreParams): boolean {
  for (const k of PENALTIES) if (!(p[k] >= 0)) return false;
  return true;
}

/** The explanation of an entity's score from its best name score (see {@link scoreEntity}). */
export function explainEntity(
  query: ScreenQuery,
  qName: PreparedName,
  entity: Entity,
  best: NameScore | undefined,
  p: ScoreParams = DEFAULT_SCORE_PARAMS,
  withText = true,
): Explanation {
  const features: Feature[] = [];
  const nameScore = best?.score ?? 0;
  features.push({
    feature: "name_parts",
    contribution: round(nameScore),
    detail: best ? describeName(best) : "no screenable name",
  });
  let score = nameScore;
  if (best) {
    const tl = best.pairs.filter((x) => x.kind === "transliteration");
    if (tl.length > 0)
      features.push({
        feature: "transliteration",
        contribution: 0,
        detail: tl.map((x) => `${x.query}≈${x.candidate}${x.standard ? ` (${x.standard})` : ""}`).join(", "),
      });
    if (best.joined)
      features.push({ feature: "joined_name", contribution: 0, detail: "name parts written joined or split" });
    // A patronymic in the query that the listed patronymic contradicts costs more than one left out.
    const qPat = qName.scored.filter((t) => t.role === "patronymic" || isPatronymicKey(t.key)).map((t) => t.text);
    const unmatchedPat = best.unmatchedCandidate.filter((x) =>
      best?.name.scored.some((t) => t.text === x && (t.role === "patronymic" || isPatronymicKey(t.key))),
    );
    const conflicting = qPat.filter((x) => best?.unmatchedQuery.includes(x));
    if (conflicting.length > 0 && unmatchedPat.length > 0) {
      score -= p.patronymicMismatchPenalty;
      features.push({
        feature: "patronymic_mismatch",
        contribution: -p.patronymicMismatchPenalty,
        detail: `patronymic ${conflicting.join(" ")} vs listed ${unmatchedPat.join(" ")}`,
      });
    }
    if (best.koreanOrder) {
      score -= p.koreanOrderPenalty;
      features.push({
        feature: "korean_name_order",
        contribution: -p.koreanOrderPenalty,
        detail: `the syllables of ${qName.scored.map((t) => t.text).join(" ")} pair in another order than ${best.name.scored.map((t) => t.text).join(" ")}`,
      });
    }
    // Numbers in names (vessel names, "Plant No. 5") must agree.
    const qn = qName.scored.filter((t) => t.number).map((t) => t.latin);
    const cn = best.name.scored.filter((t) => t.number).map((t) => t.latin);
    if (qn.length > 0 && cn.length > 0 && !qn.some((n) => cn.includes(n))) {
      score -= p.numberMismatchPenalty;
      features.push({
        feature: "number_mismatch",
        contribution: -p.numberMismatchPenalty,
        detail: `numbers differ: ${qn.join(" ")} vs ${cn.join(" ")}`,
      });
    }
    const ql = new Set(qName.legalForms);
    const cl = new Set(best.name.legalForms);
    if (ql.size > 0 && cl.size > 0) {
      if ([...ql].some((x) => cl.has(x)))
        features.push({ feature: "legal_form_match", contribution: 0, detail: `same legal form class: ${[...ql]}` });
      else {
        const related = [...ql, ...cl].every((x) => RELATED_LEGAL_FORMS.has(x));
        const penalty = related ? p.relatedLegalFormPenalty : p.legalFormMismatchPenalty;
        score -= penalty;
        features.push({
          feature: "legal_form_mismatch",
          contribution: -penalty,
          detail: `legal forms differ: ${[...ql].join(", ")} vs ${[...cl].join(", ")}`,
        });
      }
    }
  }
  // Entity type: an organisation query never scores a person at full, and vice versa.
  const qOrg = queryIsOrganisation(query, qName);
  const qPerson = query.type === "person";
  const eOrg = ORG_TYPES.has(entity.type);
  if ((qOrg && entity.type === "person") || (qPerson && (eOrg || entity.type === "vessel"))) {
    score -= p.typeMismatchPenalty;
    features.push({
      feature: "type_mismatch",
      contribution: -p.typeMismatchPenalty,
      detail: `query is ${qOrg ? "an organisation" : "a person"}, listed entity is ${entity.type}`,
    });
  } else if (query.type === "vessel" && entity.type !== "vessel" && entity.type !== "unknown") {
    score -= p.typeMismatchPenalty;
    features.push({
      feature: "type_mismatch",
      contribution: -p.typeMismatchPenalty,
      detail: `query is a vessel, listed entity is ${entity.type}`,
    });
  }
  if (query.dob && entity.birthDates.length > 0) {
    const qy = years([query.dob]);
    const ey = years(entity.birthDates);
    const qd = fullDates([query.dob]);
    const ed = fullDates(entity.birthDates);
    if (qd.size > 0 && ed.size > 0 && ![...qd].some((d) => ed.has(d))) {
      score -= p.dobDayDisjointPenalty;
      features.push({
        feature: "dob_day_disjoint",
        contribution: -p.dobDayDisjointPenalty,
        detail: `date of birth ${query.dob} vs listed ${entity.birthDates.join("; ")}`,
      });
    } else if (qy.size > 0 && ey.size > 0 && ![...qy].some((y) => ey.has(y))) {
      score -= p.dobYearDisjointPenalty;
      features.push({
        feature: "dob_year_disjoint",
        contribution: -p.dobYearDisjointPenalty,
        detail: `year of birth ${[...qy].join(", ")} vs listed ${entity.birthDates.join("; ")}`,
      });
    } else if (qy.size > 0 && [...qy].some((y) => ey.has(y)))
      features.push({
        feature: "dob_match",
        contribution: 0,
        detail: `date of birth agrees: ${query.dob} ~ ${entity.birthDates.join("; ")}`,
      });
  }
  if (query.country) {
    const qc = query.country.toUpperCase();
    const ec = new Set(
      [...entity.nationalities, ...entity.countries, ...entity.addresses.map((a) => a.country ?? "")]
        .filter((c) => c !== "")
        .map((c) => c.toUpperCase()),
    );
    if (ec.size > 0) {
      if (ec.has(qc)) features.push({ feature: "country_match", contribution: 0, detail: `country ${qc} agrees` });
      else {
        score -= p.countryMismatchPenalty;
        features.push({
          feature: "country_mismatch",
          contribution: -p.countryMismatchPenalty,
          detail: `country ${qc} vs listed ${[...ec].join(", ")}`,
        });
      }
    }
  }
  if (query.identifiers && query.identifiers.length > 0 && entity.identifiers.length > 0) {
    const listed = new Map(entity.identifiers.map((i) => [normId(i.value), i]));
    const hit = query.identifiers.map((i) => listed.get(normId(i.value))).find((x) => x && normId(x.value).length >= 5);
    if (hit) {
      const before = score;
      score = Math.max(score, p.identifierMatchScore);
      features.push({
        feature: "identifier_match",
        contribution: round(score - before),
        detail: `${hit.type} ${hit.value} is equal`,
      });
    }
  }
  const final = finalScore(score);
  const exp: Explanation = {
    algorithm: "evidence",
    score: final,
    nameScore: round(nameScore),
    matchedName: best?.name.full ?? "",
    matchedNameKind: best?.name.kind ?? "",
    pairs: best?.pairs ?? [],
    features,
    text: "",
  };
  if (withText) exp.text = explanationText(exp);
  return exp;
}

function describeName(s: NameScore): string {
  const parts = s.pairs.map(
    (x) =>
      `'${x.query}'${x.kind === "exact" ? "=" : "≈"}'${x.candidate}' ${x.kind}${x.standard ? ` [${x.standard}]` : ""} ${x.similarity.toFixed(2)}×${x.weight}`,
  );
  for (const q of s.unmatchedQuery) parts.push(`'${q}' not in listed name`);
  for (const c of s.unmatchedCandidate) parts.push(`'${c}' not in query`);
  return parts.join("; ");
}

/** Renders an explanation as one readable paragraph. */
export function explanationText(e: Explanation): string {
  const head = `${(e.score * 100).toFixed(0)}% on "${e.matchedName}" (${e.matchedNameKind}): name ${(e.nameScore * 100).toFixed(0)}%`;
  const rest = e.features
    .filter((f) => f.feature !== "name_parts")
    .map(
      (f) => `${f.feature.replace(/_/g, " ")}${f.contribution !== 0 ? ` ${signed(f.contribution)}` : ""} (${f.detail})`,
    );
  const name = e.features.find((f) => f.feature === "name_parts")?.detail;
  return [head, name ? `— ${name}` : "", rest.length ? `; ${rest.join("; ")}` : ""].join(" ").trim();
}

function signed(x: number): string {
  return `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(2)}`;
}
/** A score as reported: clamped to [0, 1] and rounded (what thresholds are compared with). */
function finalScore(x: number): number {
  return round(Math.max(0, Math.min(1, x)));
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
