/**
 * Name normalisation. Two layers:
 * - {@link normaliseText}: Unicode NFKC, case folding, Latin accents removed (č š ž → ch sh zh so Czech/Croatian
 *   transliterations meet English ones), punctuation → space, apostrophes dropped. The script is kept (Cyrillic
 *   stays Cyrillic): this is the name's identity.
 * - {@link normalise}: the same, then every supported non-Latin word transliterated to Latin (ICAO 9303 for
 *   Cyrillic). Output alphabet: `a-z`, `0-9`, single spaces, plus letters/digits of scripts not transliterated.
 * {@link foldKey} then folds spelling variants of one Latin token together (Sergey/Sergei/Sergej → `sergei`).
 */
import { foldLatin } from "./folds.ts";
import { memoisedByString } from "./strings.ts";
import { primaryTransliteration, scriptOf } from "./transliterate.ts";

/** Latin letters that do not decompose into base + mark, or that we spell out on purpose. */
const LATIN_SPECIAL: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  // Serbian/Croatian đ is written dj in ASCII (Đoković = Djokovic); the plain form (Dokovic) is a variant.
  đ: "dj",
  ð: "d",
  þ: "th",
  ı: "i",
  ŧ: "t",
  ħ: "h",
  ŋ: "n",
  ĳ: "ij",
  ſ: "s",
  // Slavic and Turkish/Romanian digraph letters: spelled as English-style transliterations use them.
  č: "ch",
  š: "sh",
  ž: "zh",
  ş: "sh",
  ș: "sh",
  ȷ: "j",
  ə: "a",
  ǝ: "e",
  ɛ: "e",
  ɔ: "o",
  ƒ: "f",
  ɨ: "i",
  ʉ: "u",
};
const LATIN_SCRIPT = /\p{Script=Latin}/u;

const MARK = /\p{M}/u;
/**
 * Marks dropped from a name: the generic combining diacritics (Script=Inherited: accents, háček, cedilla). Marks
 * of a script's own (Devanagari vowel signs and virama, Thai vowels, Khmer signs) are letters of the name and kept.
 */
const DROPPED_MARK = /[\p{Script=Inherited}\p{Script=Common}]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const APOSTROPHES = new Set(["'", "’", "‘", "ʼ", "`", "´", "ʹ", "ʻ"]);

function isLatinRange(c: number): boolean {
  return (c >= 0xc0 && c <= 0x24f) || (c >= 0x1e00 && c <= 0x1eff);
}
function isGreekRange(c: number): boolean {
  return (c >= 0x370 && c <= 0x3ff) || (c >= 0x1f00 && c <= 0x1fff);
}

/**
 * The plain-ASCII reading of Latin letters with a háček, stroke or cedilla (č → c, đ → d): how a name written with
 * diacritics is often typed without them. {@link normaliseText} spells them as digraphs (č → ch); the scorer and
 * the index also know this plain form (see `prepareName`).
 */
export const LATIN_PLAIN: Record<string, string> = {
  č: "c",
  ć: "c",
  š: "s",
  ž: "z",
  ş: "s",
  ș: "s",
  đ: "d",
  ț: "t",
  ţ: "t",
};

/**
 * Canonical text of a name, script preserved: `"PUTIN, Vladimír V."` → `"putin vladimir v"`,
 * `"ООО «Ромашка»"` → `"ооо ромашка"`. Idempotent; never throws.
 */
export function normaliseText(input: string): string {
  if (ASCII.test(input)) return normaliseAscii(input);
  const s = input.normalize("NFKC").toLowerCase().normalize("NFKC");
  let out = "";
  let space = false;
  for (const ch of s) {
    if (APOSTROPHES.has(ch) || (MARK.test(ch) && DROPPED_MARK.test(ch))) continue;
    const c = ch.codePointAt(0) as number;
    let piece: string;
    const special = LATIN_SPECIAL[ch];
    if (special !== undefined) piece = special;
    else if (isLatinRange(c) || isGreekRange(c)) {
      // Strip accents from Latin and Greek (tonos) only: Cyrillic й, ё, ї must keep their marks.
      piece = ch.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC").toLowerCase();
      piece = LATIN_SPECIAL[piece] ?? piece;
    } else piece = ch;
    let kept = "";
    for (const p of piece) {
      if (MARK.test(p)) {
        // A script's own mark belongs to the letter before it; a stray one is dropped.
        if (!DROPPED_MARK.test(p) && (kept !== "" || (!space && out !== ""))) kept += p;
        continue;
      }
      if (!LETTER_OR_DIGIT.test(p)) continue;
      // Latin letters outside a-z that nothing above maps (IPA, rare extensions) are dropped, not kept.
      if (LATIN_SCRIPT.test(p) && !/[a-z]/.test(p)) {
        const m = LATIN_SPECIAL[p];
        if (m !== undefined) kept += m;
        continue;
      }
      kept += p;
    }
    if (kept === "") {
      space = out.length > 0;
      continue;
    }
    if (space) out += " ";
    space = false;
    out += kept;
  }
  return out;
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * {@link normaliseText} of an ASCII string, without the per-character Unicode tests (most listed names are
 * ASCII): NFKC leaves ASCII as it is, no ASCII character is a mark or has a special spelling, the apostrophes
 * ' and ` are dropped, a-z and 0-9 kept, anything else separates words.
 */
function normaliseAscii(input: string): string {
  const s = input.toLowerCase();
  // Kept characters are copied a run at a time (a slice per run, not a string per character).
  let out = "";
  let space = false;
  let run = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (run < 0) {
        if (space) out += " ";
        space = false;
        run = i;
      }
      continue;
    }
    if (run >= 0) {
      out += s.slice(run, i);
      run = -1;
    }
    if (c !== 39 && c !== 96) space = out.length > 0;
  }
  if (run >= 0) out += run === 0 ? s : s.slice(run);
  return out;
}

/** {@link normaliseText} split into tokens. */
export function tokens(input: string): string[] {
  const t = normaliseText(input);
  return t === "" ? [] : t.split(" ");
}

/** Transliterates one normalised token to Latin if its script is supported (ICAO 9303 for Cyrillic). */
export function latinToken(token: string): string {
  if (/^[a-z0-9]*$/.test(token)) return token;
  // Transliterate run by run: a token can mix scripts (homoglyph spoofing, typing slips).
  let out = "";
  let run = "";
  let runScript: string | undefined;
  const flush = () => {
    if (run === "") return;
    out += runScript === "latin" ? run : primaryTransliteration(run);
    run = "";
  };
  for (const ch of token) {
    // A mark stays with the letter it belongs to (Devanagari vowel signs, Tibetan subjoined letters).
    const sc = /[a-z0-9]/.test(ch) ? "latin" : MARK.test(ch) && runScript !== undefined ? runScript : scriptOf(ch);
    if (sc !== runScript) flush();
    runScript = sc;
    run += ch;
  }
  flush();
  return normaliseText(out).replace(/ /g, "").replace(/\p{M}/gu, "");
}

/**
 * Canonical Latin form of a name: normalised, every supported script transliterated.
 * `"Владимир Путин"` → `"vladimir putin"`. Idempotent; never throws.
 */
export function normalise(input: string): string {
  return tokens(input)
    .map(latinToken)
    .filter((t) => t !== "")
    .join(" ");
}

const VOWEL = "aeiou";

/**
 * Folds spelling variants of one Latin token (already normalised) into one key, so that transliteration
 * variants meet before any fuzzy comparison: x→ks, w→v, ph→f, th→t, dh→d, kh→h, tsch→ch, sch→sh, shch/shh→shch, tz/cz→ts,
 * c (not ch)→k, q→k, ou/oe→u (French/Dutch: Poutine, Poetin), y/j→i, ie-/ye-/je- initially → e, vowel-i-vowel → vowel-vowel, io→e after a consonant
 * (ё: Pyotr/Petr, Fyodor/Fedor), doubled letters collapsed, final consonant+er → consonant+r (Aleksandr/Alexander).
 * `sergey`, `sergei`, `sergej` → `sergei`; `dmitriy`, `dmitrii`, `dmitry` → `dmitri`.
 */
export function foldKey(token: string): string {
  // Short tokens (codes, tail numbers, "al", "bin") are kept verbatim: folding them merges unrelated strings.
  if (token.length <= 3 || !/^[a-z]+$/.test(token)) return token;
  return foldMemo(token);
}

/** The folds (passes over a buffer: folds.ts) are asked again and again for the same parts: memoised by string. */
const foldMemo = memoisedByString((token) => foldLatin(token));

/** Consonant skeleton of a folded key (first letter kept): a coarse phonetic key for candidate retrieval. */
export function skeleton(key: string): string {
  if (key.length === 0) return key;
  let out = key[0] as string;
  for (let i = 1; i < key.length; i++) {
    const ch = key[i] as string;
    if (VOWEL.includes(ch) || ch === "h") continue;
    if (out[out.length - 1] !== ch) out += ch;
  }
  return out;
}

/** American Soundex (as used by the OFAC tool): letter + 3 digits. Non-letters are ignored. */
export function soundex(word: string): string {
  const w = word.toLowerCase().replace(/[^a-z]/g, "");
  if (w === "") return "";
  const codes: Record<string, string> = {
    b: "1",
    f: "1",
    p: "1",
    v: "1",
    c: "2",
    g: "2",
    j: "2",
    k: "2",
    q: "2",
    s: "2",
    x: "2",
    z: "2",
    d: "3",
    t: "3",
    l: "4",
    m: "5",
    n: "5",
    r: "6",
  };
  let out = (w[0] as string).toUpperCase();
  let last = codes[w[0] as string] ?? "";
  for (let i = 1; i < w.length && out.length < 4; i++) {
    const ch = w[i] as string;
    const code = codes[ch] ?? "";
    if (code !== "" && code !== last) out += code;
    if (ch !== "h" && ch !== "w") last = code;
  }
  return out.padEnd(4, "0");
}
