/**
 * Korean names written in Latin letters (RI Su Yong, KIM Jong Un, Kim Young-nam, Park Geun-hye).
 *
 * The spelling folds of `foldKey` are made for Slavic and Arabic names: they read j and y as the same glide
 * (Jelena = Yelena) and drop it at the start of a word. In a Korean name j and y are different sounds, and each
 * syllable is a name part of its own: Jong (정) and Yong (영) fold alike to "ong", so RI Su Yong met Jong Su RI at
 * 0.99. The other way, one Korean syllable has several Latin spellings the folds do not join: Yong = Young = Yeong
 * (영), Jong = Chong = Jeong (정), Myong = Myung = Myeong (명), Pak = Park = Bak (박).
 *
 * So a name that reads as a Korean name (see {@link isKoreanLatinName}) gives each of its parts a Korean key (see
 * {@link koreanLatinKey}): the spellings of one syllable under the Revised, McCune–Reischauer and North Korean
 * romanizations and the customary forms share it, and different syllables keep different keys. Two parts that both
 * have one are compared by it alone (see `pairOf`): equal keys are spellings of one syllable, different keys are
 * different syllables — no fold and no edit distance between them.
 */
import { koreanSurnameSpellings } from "./transliterate.ts";

/**
 * One syllable in any of the romanizations: an initial consonant (or none), a glide, a vowel, a final consonant
 * (or none). Many short English and Chinese words fit too; the name test below asks for more.
 */
const SYLLABLE =
  "(?:kk|gg|tt|pp|ss|jj|tch|ch|sh|th|ph|kh|ts|[gkndtrlmbpsjh])?[yw]?(?:ae|eo|eu|ui|oe|oo|ou|ee|a|e|i|o|u)(?:ng|[kgntdlrmpb])?";
const ONE_SYLLABLE = new RegExp(`^${SYLLABLE}$`);
/** A given name written as one word: two syllables (Jongun, Suyong). */
const TWO_SYLLABLES = new RegExp(`^${SYLLABLE}${SYLLABLE}$`);

const SURNAMES = koreanSurnameSpellings();

/**
 * Whether a name's Latin parts (lower case, in order, no legal forms or stop words) read as a Korean name: a common
 * Korean surname first or last, every other part one syllable or two, three syllables or more in all (a surname and
 * a two-syllable given name). Kim Jong Un, RI Su Yong, Park Geun Hye and Kim Jongun do; Kim Lee, Song Ivanov and
 * Ho Chi Minh do not.
 */
export function isKoreanLatinName(parts: readonly string[]): boolean {
  if (parts.length < 2) return false;
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  if (!SURNAMES.has(first) && !SURNAMES.has(last)) return false;
  let syllables = 0;
  for (const p of parts) {
    if (ONE_SYLLABLE.test(p) || SURNAMES.has(p)) syllables += 1;
    else if (TWO_SYLLABLES.test(p)) syllables += 2;
    else return false;
  }
  return syllables >= 3;
}

/**
 * Whole-part customary spellings whose sounds the rules below do not reach (Park = Pak, Lee = Rhee = Yi = Ri), and
 * common syllables written with u for ㅓ.
 */
const CUSTOMARY: Record<string, string> = {
  park: "pak",
  choi: "choe",
  lee: "ri",
  rhee: "ri",
  yi: "ri",
  li: "ri",
  ahn: "an",
  oh: "o",
  roh: "ro",
  suh: "so",
  // u written for ㅓ in customary spellings of common syllables (Chul = Chol 철, Sung = Song 성, Jung = Jong 정).
  chul: "chol",
  sung: "song",
  jung: "jong",
  chung: "chong",
  bum: "pom",
};

/**
 * The Korean key of a Latin name part (lower case a–z): one key for the spellings of one syllable (or two).
 *  - vowels: eo, ŏ (written o) → o; yeo → yo; eu, ŭ (written u) → u; oo → u; ee → i; Young → yong; a consonant's
 *    yu before n written for ㅕ → yo (Myung = Myong, Hyun = Hyon, Kyung = Kyong);
 *  - consonants: j → ch (ㅈ: Jong = Chong); g → k, except in ng (Gim = Kim, Gyeong = Kyong); d → t; b → p; l → r
 *    (Il = Ir, Lim = Rim); sh → s (Shin = Sin); th, ph, kh → t, p, k (the aspirates North Korea writes with an h:
 *    Thaek = Taek); ou → u (Sou = Su); doubled letters single.
 */
export function koreanLatinKey(part: string): string {
  return (CUSTOMARY[part] ?? part)
    .replace(/young/g, "yong")
    .replace(/ou/g, "u")
    .replace(/yeo/g, "yo")
    .replace(/eo/g, "o")
    .replace(/eu/g, "u")
    .replace(/oo/g, "u")
    .replace(/ee/g, "i")
    .replace(/([^aeiouy])yu(?=n)/g, "$1yo")
    .replace(/sh/g, "s")
    .replace(/([tpk])h/g, "$1")
    .replace(/j/g, "ch")
    .replace(/(?<!n)g/g, "k")
    .replace(/d/g, "t")
    .replace(/b/g, "p")
    .replace(/l/g, "r")
    .replace(/(.)\1+/g, "$1");
}
