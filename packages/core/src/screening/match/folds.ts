/**
 * The spelling folds of name parts ({@link foldLatin}, {@link abjadConsonantsOf}, {@link consonantsOfKey}) as passes
 * over the part's UTF-16 code units in two reused buffers. They were chains of a dozen regular-expression replaces
 * each (~5 µs a part), and a query's new parts (typos) and its joined split runs meet them on every query. Each pass
 * gives exactly what its regular expression, noted beside it, gives on the output of the pass before:
 * `folds.test.ts` checks the whole against the chains of regular expressions, on random strings and on every part
 * of the test lists' names.
 */

const a_ = 97;
const b_ = 98;
const c_ = 99;
const d_ = 100;
const e_ = 101;
const f_ = 102;
const g_ = 103;
const h_ = 104;
const i_ = 105;
const j_ = 106;
const k_ = 107;
const o_ = 111;
const p_ = 112;
const q_ = 113;
const r_ = 114;
const s_ = 115;
const t_ = 116;
const u_ = 117;
const v_ = 118;
const w_ = 119;
const x_ = 120;
const y_ = 121;
const z_ = 122;
/** Š: a placeholder for "shch" while the sibilant folds run (as the regular expressions used it). */
const SHCH = 0x160;
/** W: a word-initial w kept as a consonant by the abjad folds. */
const W_ = 87;

/**
 * The work buffers, swapped pass by pass (the folds never nest), and a plain array the result is read from:
 * `String.fromCharCode.apply` over a plain array is about twice as fast as over a typed array's view.
 */
const work: { a: Uint16Array; b: Uint16Array; out: number[] } = {
  a: new Uint16Array(128),
  b: new Uint16Array(128),
  out: [],
};

/** Loads `s` into `work.a` (room for the passes to grow it: x → ks doubles a letter at most); its length. */
function load(s: string): number {
  const need = 2 * s.length + 8;
  if (work.a.length < need) {
    work.a = new Uint16Array(2 * need);
    work.b = new Uint16Array(2 * need);
  }
  const a = work.a;
  for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
  return s.length;
}

function text(a: Uint16Array, n: number): string {
  const out = work.out;
  out.length = n;
  for (let i = 0; i < n; i++) out[i] = a[i] as number;
  return String.fromCharCode.apply(null, out);
}

/** Ends a copying pass: the buffer it wrote becomes the text (and the other one the next pass's output). */
function swapped(n: number): number {
  const t = work.a;
  work.a = work.b;
  work.b = t;
  return n;
}

/** The letters a-z present (a bit each, from a = bit 0): a pass runs only where its letters may occur. */
function lettersOf(a: Uint16Array, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const c = (a[i] as number) - a_;
    if (c >= 0 && c < 26) m |= 1 << c;
  }
  return m;
}

function bit(c: number): number {
  return 1 << (c - a_);
}

/** /xy/g → `to` (one code unit): left to right, a match skipped past. The new length. */
function pairTo(n: number, x: number, y: number, to: number): number {
  const s = work.a;
  const d = work.b;
  let m = 0;
  for (let i = 0; i < n; ) {
    const c = s[i] as number;
    if (c === x && i + 1 < n && s[i + 1] === y) {
      d[m++] = to;
      i += 2;
    } else {
      d[m++] = c;
      i++;
    }
  }
  return swapped(m);
}

/** /c/g → `to` (one code unit), in place. */
function charTo(s: Uint16Array, n: number, c: number, to: number): void {
  for (let i = 0; i < n; i++) if (s[i] === c) s[i] = to;
}

/** Whether the code units of `w` start at `i`. */
function at(s: Uint16Array, n: number, i: number, w: string): boolean {
  if (i + w.length > n) return false;
  for (let k = 0; k < w.length; k++) if (s[i + k] !== w.charCodeAt(k)) return false;
  return true;
}

/** /w/g → `to` (left to right, a match skipped past). The new length. */
function wordTo(n: number, w: string, to: string): number {
  const s = work.a;
  const d = work.b;
  let m = 0;
  for (let i = 0; i < n; ) {
    if (s[i] === w.charCodeAt(0) && at(s, n, i, w)) {
      for (let k = 0; k < to.length; k++) d[m++] = to.charCodeAt(k);
      i += w.length;
    } else d[m++] = s[i++] as number;
  }
  return swapped(m);
}

function isVowel(c: number): boolean {
  return c === a_ || c === e_ || c === i_ || c === o_ || c === u_;
}

function isAeou(c: number): boolean {
  return c === a_ || c === e_ || c === o_ || c === u_;
}

/** A line terminator: `.` in a regular expression matches any code unit but these. */
function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** /(.)\1+/g → $1, in place. The new length. */
function collapseRepeats(s: Uint16Array, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const c = s[i] as number;
    if (m > 0 && s[m - 1] === c && !isLineTerminator(c)) continue;
    s[m++] = c;
  }
  return m;
}

/** /x/g → ks. The new length. */
function xToKs(n: number): number {
  const s = work.a;
  const d = work.b;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const c = s[i] as number;
    if (c === x_) {
      d[m++] = k_;
      d[m++] = s_;
    } else d[m++] = c;
  }
  return swapped(m);
}

/** /c(?!h)/g → k, in place. */
function cNotBeforeH(s: Uint16Array, n: number): void {
  for (let i = 0; i < n; i++) if (s[i] === c_ && !(i + 1 < n && s[i + 1] === h_)) s[i] = k_;
}

/**
 * {@link foldKey}'s folds of a part of a-z letters (see normalise.ts for what each is for): the passes in the order
 * of the regular expressions they replace, each skipped where its letters are absent.
 */
export function foldLatin(token: string): string {
  let n = load(token);
  let has = lettersOf(work.a, n);
  // /x/g → ks, /w/g → v
  if (has & bit(x_)) {
    n = xToKs(n);
    has |= bit(k_) | bit(s_);
  }
  if (has & bit(w_)) {
    charTo(work.a, n, w_, v_);
    has |= bit(v_);
  }
  // /ph/g → f, /th/g → t, /dh/g → d, /kh/g → h, /gh/g → g
  if (has & bit(h_)) {
    if (has & bit(p_)) {
      n = pairTo(n, p_, h_, f_);
      has |= bit(f_);
    }
    if (has & bit(t_)) n = pairTo(n, t_, h_, t_);
    // Arabic ذ/ض written dh or d (Qadhafi = Gaddafi, Ramadhan = Ramadan); before kh, so a д+х (Adkhamov) stays.
    if (has & bit(d_)) n = pairTo(n, d_, h_, d_);
    if (has & bit(k_)) n = pairTo(n, k_, h_, h_);
    if (has & bit(g_)) n = pairTo(n, g_, h_, g_);
  }
  // /ck/g → k
  if (has & bit(c_) && has & bit(k_)) n = pairTo(n, c_, k_, k_);
  // /schtsch|shch|shh/g → Š (at each position the alternatives in order), /tsch/g → ch, /sch/g → sh, /Š/g → shch:
  // only where an s is followed by an h or a c (every pattern here starts so).
  if (has & bit(s_) && (has & bit(h_) || has & bit(c_))) {
    n = sibilantsToShch(n);
    n = wordTo(n, "tsch", "ch");
    n = wordTo(n, "sch", "sh");
    n = wordTo(n, "\u0160", "shch");
    has |= bit(c_) | bit(h_);
  }
  const s = work.a;
  // /[tc]z/g → ts (in place: a match keeps its length)
  if (has & bit(z_))
    for (let i = 0; i + 1 < n; i++)
      if ((s[i] === t_ || s[i] === c_) && s[i + 1] === z_) {
        s[i] = t_;
        s[i + 1] = s_;
        i++;
      }
  // /c(?!h)/g → k, /q/g → k
  if (has & bit(c_)) cNotBeforeH(s, n);
  if (has & bit(q_)) charTo(s, n, q_, k_);
  // /ou/g → u, then /(?<=.)oe/g → u (not at the first position)
  if (has & bit(o_)) n = oeAfterFirst(pairTo(n, o_, u_, u_));
  // /[yj]/g → i
  if (has & bit(y_)) charTo(work.a, n, y_, i_);
  if (has & bit(j_)) charTo(work.a, n, j_, i_);
  // Iotated vowels at the start (Yevgeny/Evgeny/Jewgeni, Iakov/Yakov) lose the glide. /^i(?=[aeou])/ → ""
  if (n >= 2 && work.a[0] === i_ && isAeou(work.a[1] as number)) {
    work.a.copyWithin(0, 1, n);
    n--;
  }
  // ё spelled io/yo after a consonant vs e (Pyotr/Petr, Fyodor/Fedor, Semyon/Semen): /([^aeiou])io/g → $1e; a glide
  // between vowels (Sergeyev/Sergeev, Nikolayevich/Nikolaevich): /([aeiou])i(?=[aeou])/g → $1; doubled letters
  // (Gennadiy/Genadiy, Dmitriy/Dmitry → ii → i): /(.)\1+/g → $1. An i may come from y or j, so these always look.
  n = collapseRepeats(work.a, glideBetweenVowels(ioAfterConsonant(n)));
  const t = work.a;
  // A final consonant + er as consonant + r (Aleksandr/Alexander): t.length >= 5 && /[^aeiou]er$/ → …r
  if (n >= 5 && t[n - 1] === r_ && t[n - 2] === e_ && !isVowel(t[n - 3] as number)) {
    t[n - 2] = r_;
    n--;
  }
  return n === 0 ? token : text(t, n);
}

/** /schtsch|shch|shh/g → Š: at each position the alternatives in order, a match skipped past. */
function sibilantsToShch(n: number): number {
  const s = work.a;
  const d = work.b;
  let m = 0;
  for (let i = 0; i < n; ) {
    const len = s[i] !== s_ ? 0 : at(s, n, i, "schtsch") ? 7 : at(s, n, i, "shch") ? 4 : at(s, n, i, "shh") ? 3 : 0;
    if (len > 0) {
      d[m++] = SHCH;
      i += len;
    } else d[m++] = s[i++] as number;
  }
  return swapped(m);
}

/** /(?<=.)oe/g → u: not at the first position (nor after a line terminator, which `.` does not match). */
function oeAfterFirst(n: number): number {
  const s = work.a;
  const d = work.b;
  let m = 0;
  for (let i = 0; i < n; ) {
    if (i >= 1 && s[i] === o_ && i + 1 < n && s[i + 1] === e_ && !isLineTerminator(s[i - 1] as number)) {
      d[m++] = u_;
      i += 2;
    } else d[m++] = s[i++] as number;
  }
  return swapped(m);
}

/** /([^aeiou])io/g → $1e: a match takes three code units. */
function ioAfterConsonant(n: number): number {
  const s = work.a;
  const d = work.b;
  let m = 0;
  for (let i = 0; i < n; ) {
    if (i + 2 < n && s[i + 1] === i_ && s[i + 2] === o_ && !isVowel(s[i] as number)) {
      d[m++] = s[i] as number;
      d[m++] = e_;
      i += 3;
    } else d[m++] = s[i++] as number;
  }
  return swapped(m);
}

/** /([aeiou])i(?=[aeou])/g → $1: a match takes the vowel and the i (the vowel after may start the next). */
function glideBetweenVowels(n: number): number {
  const s = work.a;
  const d = work.b;
  let m = 0;
  for (let i = 0; i < n; ) {
    if (i + 2 < n && s[i + 1] === i_ && isVowel(s[i] as number) && isAeou(s[i + 2] as number)) {
      d[m++] = s[i] as number;
      i += 2;
    } else d[m++] = s[i++] as number;
  }
  return swapped(m);
}

/**
 * {@link consonantsOfKey} in place: /[aeiouy]/g → "", /v/g → f, /p/g → b, /(.)\1+/g → $1 (Arabic writes neither
 * p nor v: a Latin p or v meets ب or ف, Putin = بوتين, Vladimir = فلاديمير). The new length.
 */
function consonantsInPlace(s: Uint16Array, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const c = s[i] as number;
    if (c === a_ || c === e_ || c === i_ || c === o_ || c === u_ || c === y_) continue;
    s[m++] = c === v_ ? f_ : c === p_ ? b_ : c;
  }
  return collapseRepeats(s, m);
}

/** All vowels dropped, v as f and p as b, doubles collapsed (see `consonantsOf` in names.ts). */
export function consonantsOfKey(key: string): string {
  const n = load(key);
  return text(work.a, consonantsInPlace(work.a, n));
}

/** The consonant folds of `abjadConsonants` (names.ts), in the order of the regular expressions they replace. */
export function abjadConsonantsOf(latin: string): string {
  let n = load(latin);
  const s = work.a;
  // A word-initial w is a consonant, as a word-initial و is (Walid = وليد, Ouali = والي): kept as W.
  // /^(?:w|ou(?=[aei]))/ → W
  if (n >= 1 && s[0] === w_) s[0] = W_;
  else if (n >= 3 && s[0] === o_ && s[1] === u_ && (s[2] === a_ || s[2] === e_ || s[2] === i_)) {
    s.copyWithin(1, 2, n);
    s[0] = W_;
    n--;
  }
  // /x/g → ks; French spellings write ج as "dj" (Djamel = جمال): /dj/g → j; /ck/g → k, /c(?!h)/g → k
  n = pairTo(pairTo(xToKs(n), d_, j_, j_), c_, k_, k_);
  cNotBeforeH(work.a, n);
  // تش: the Russian ч written t+sh (فلاديميروفيتش = Vladimirovich): /tsh/g → ch; /kh/g → h, /gh/g → g, /[td]h/g → t, d (th then dh: neither forms the other), /ph/g → f
  n = pairTo(pairTo(wordTo(n, "tsh", "ch"), k_, h_, h_), g_, h_, g_);
  n = pairTo(pairTo(pairTo(n, t_, h_, t_), d_, h_, d_), p_, h_, f_);
  const t = work.a;
  // /q/g → k, /w/g → u
  charTo(t, n, q_, k_);
  charTo(t, n, w_, u_);
  // A final ه/ة is written h or not at all (Juma = جمعه, Hilweh = حلوة); not the h of a final sh or ch (Alouche =
  // علوش). /(?<=[^sc])h$/ → ""
  if (n >= 2 && t[n - 1] === h_ && t[n - 2] !== s_ && t[n - 2] !== c_) n--;
  n = consonantsInPlace(t, n);
  // /W/g → w
  charTo(t, n, W_, w_);
  return text(t, n);
}
