/**
 * Transliteration of non-Latin scripts to Latin under several published standards, so that a name written
 * "Владимир" meets "Vladimir", "Wladimir" and "Vladimír", and "Сергей" meets "Sergei", "Sergey" and "Sergej".
 *
 * Tables were written from the standards themselves (letter by letter):
 * - Russian: GOST 7.79-2000 system B (ASCII), ICAO Doc 9303 (2015, machine-readable passports),
 *   BGN/PCGN 1947, plus the common English and German spellings found in sanctions lists (`-y` endings, `w`/`sch`).
 * - Ukrainian: the national system of 2010 (Cabinet of Ministers resolution No. 55), with its word-initial forms.
 * - Belarusian: the passport (BGN/PCGN-like) practice, `ў` → `w`/`u`, `г` → `h`.
 * - Greek: ELOT 743 basic (no diacritics); Georgian: national system of 2002 (apostrophes dropped);
 *   Armenian: BGN/PCGN 1981 simplified.
 * Arabic and Hebrew: simple letter tables (compared by consonants, as short vowels are not written).
 * Every other script (CJK, Japanese kana, Hangul, Thai, Khmer, Devanagari…) goes through the maintained `any-ascii`
 * library (ISC). Its Han readings are Mandarin pinyin; a Han-only query also gets the Sino-Korean readings of the
 * `hanja` package (MIT) — {@link koreanHanjaReadings}: 金正恩 = Kim Jong Un. Japanese readings of Han characters
 * (山田太郎 = Yamada Taro) need a dictionary and are not made — a limit the evaluation reports.
 */
import { createRequire } from "node:module";
import anyAscii from "any-ascii";

type Table = Record<string, string>;

/**
 * Customary Latin spellings of common Korean surnames (the Revised Romanization gives Gim, I, Bak, which people
 * rarely use): the forms found in passports and in the press, e.g. 김 Kim, 이 Lee, 박 Park, 최 Choi.
 */
const KO_SURNAMES: Table = {
  김: "kim",
  이: "lee",
  박: "park",
  최: "choi",
  정: "jung",
  강: "kang",
  조: "cho",
  윤: "yoon",
  장: "jang",
  임: "lim",
  한: "han",
  오: "oh",
  서: "seo",
  신: "shin",
  권: "kwon",
  황: "hwang",
  안: "ahn",
  송: "song",
  류: "ryu",
  전: "jeon",
  홍: "hong",
  고: "ko",
  문: "moon",
  양: "yang",
  손: "son",
  배: "bae",
  백: "baek",
  허: "heo",
  유: "yoo",
  남: "nam",
  심: "shim",
  노: "roh",
  하: "ha",
  곽: "kwak",
  성: "sung",
  차: "cha",
  주: "joo",
  우: "woo",
  구: "koo",
  민: "min",
  리: "ri",
};

/**
 * The other customary spellings of common one-syllable surnames (KO_SURNAMES gives the usual one): North Korea
 * writes the initial ㄹ the South drops (리 Ri = 이 Lee), McCune–Reischauer writes ㅂ, ㅈ, ㄱ as p, ch, k (Pak, Chong).
 */
const KO_SURNAME_ALTS: Record<string, string[]> = {
  이: ["yi", "ri", "rhee"],
  리: ["lee", "yi"],
  박: ["pak", "bak"],
  정: ["jong", "chong", "jeong"],
  최: ["choe"],
  조: ["jo"],
  윤: ["yun"],
  장: ["chang"],
  임: ["rim", "im"],
  림: ["rim", "lim"],
  류: ["yu", "yoo"],
  유: ["yu"],
  전: ["jon", "chon", "jun"],
  신: ["sin"],
  서: ["so", "suh"],
  문: ["mun"],
  안: ["an"],
  노: ["ro", "no"],
  로: ["ro", "roh", "no"],
  양: ["ryang"],
  량: ["ryang", "yang"],
  현: ["hyon", "hyun"],
  허: ["ho", "hur"],
  고: ["go"],
  강: ["gang"],
  김: ["gim"],
};

/** Every customary Latin spelling of the common Korean surnames above, lower case (Kim, Lee, Ri, Pak, Choe…). */
export function koreanSurnameSpellings(): ReadonlySet<string> {
  return new Set([...Object.values(KO_SURNAMES), ...Object.values(KO_SURNAME_ALTS).flat()]);
}

/** Hangul initial consonants (19, in Unicode order) in a foreign name's reading; ㅂ and ㅍ are set per reading. */
const KO_INITIALS = [
  "g",
  "kk",
  "n",
  "d",
  "tt",
  "r",
  "m",
  "B",
  "pp",
  "s",
  "ss",
  "",
  "j",
  "jj",
  "ch",
  "k",
  "t",
  "P",
  "h",
];
/** Hangul vowels (21); ㅡ is the vowel Korean inserts after a consonant cluster or a final consonant (see below). */
const KO_VOWELS = [
  "a",
  "ae",
  "ya",
  "yae",
  "o",
  "e",
  "yeo",
  "ye",
  "o",
  "wa",
  "wae",
  "oe",
  "yo",
  "u",
  "wo",
  "we",
  "wi",
  "yu",
  "",
  "ui",
  "i",
];
/** Hangul final consonants (28, the first none). */
const KO_FINALS = [
  "",
  "k",
  "k",
  "k",
  "n",
  "n",
  "n",
  "t",
  "l",
  "k",
  "m",
  "l",
  "l",
  "l",
  "p",
  "l",
  "m",
  "p",
  "p",
  "t",
  "t",
  "ng",
  "t",
  "t",
  "k",
  "t",
  "p",
  "t",
];

/**
 * A Hangul word in North Korea's romanization (the one its listed names are written in: Pak Pong Ju, Choe Ryong Hae,
 * Kim Jong Un) and in McCune–Reischauer without its marks (Chong, Kyong): initials k t p j (or ch), ㅓ and ㅡ as o and
 * u, ㅚ as oe, the initial ㄹ kept as r. Undefined for a word with a letter that is no Hangul syllable.
 */
const KO_DPRK_INITIALS = [
  "k",
  "kk",
  "n",
  "t",
  "tt",
  "r",
  "m",
  "p",
  "pp",
  "s",
  "ss",
  "",
  "j",
  "jj",
  "ch",
  "kh",
  "th",
  "ph",
  "h",
];

/** The loanword vowels with ㅕ as yo and ㅡ as u (the loanword reading drops the ㅡ Korean inserts). */
const KO_DPRK_VOWELS = KO_VOWELS.map((v, i) => (i === 6 ? "yo" : i === 18 ? "u" : v));

function koreanDprkReadings(word: string): string[] {
  let dprk = "";
  let mr = "";
  for (const ch of word) {
    const s = (ch.codePointAt(0) as number) - 0xac00;
    if (s < 0 || s > 11171) return [];
    const ini = Math.floor(s / 588);
    const syllable = `${KO_DPRK_VOWELS[Math.floor((s % 588) / 28)]}${KO_FINALS[s % 28]}`;
    dprk += `${KO_DPRK_INITIALS[ini]}${syllable}`;
    // McCune–Reischauer writes ㅈ as ch where North Korea writes j.
    mr += `${ini === 12 ? "ch" : KO_DPRK_INITIALS[ini]}${syllable}`;
  }
  return dprk === mr ? [dprk] : [dprk, mr];
}

/**
 * Readings of a foreign name written in Hangul under the rules of Korean loanword orthography (외래어 표기법),
 * reversed: ㅡ is the vowel inserted after a consonant that has none in the source (블라디미르 = b·la·di·mi·r), a
 * final ㄹ before an initial ㄹ is one l (블라 = bla), ㄹ begins a word as l, ㅓ writes o, a word-final 치 is ch
 * (비치 = vich); ㅂ writes b or v and ㅍ p or f, hence up to three readings (b/p, v/p, v/f). Only for words of
 * three or more syllables: Korean given names have two, surnames one (their readings are `KO_SURNAMES`).
 */
export function koreanLoanwordReadings(word: string): string[] {
  const syl = [...word].map((ch) => (ch.codePointAt(0) as number) - 0xac00);
  if (syl.length < 3 || syl.some((s) => s < 0 || s > 11171)) return [];
  let skeleton = "";
  syl.forEach((s, i) => {
    const ini = Math.floor(s / 588);
    const vow = Math.floor((s % 588) / 28);
    const fin = s % 28;
    const prevFin = i > 0 ? (syl[i - 1] as number) % 28 : 0;
    // ㄹ after a final ㄹ (the l of "Vla") or at the start of the word is l.
    let c = KO_INITIALS[ini] as string;
    if (ini === 5) c = prevFin === 8 ? "" : i === 0 ? "l" : "r";
    let v = KO_VOWELS[vow] as string;
    if (i === syl.length - 1 && fin === 0 && ini === 14 && vow === 20) v = ""; // word-final 치 = ch
    skeleton += c + v + (KO_FINALS[fin] as string);
  });
  const out = new Set<string>();
  for (const [b, p] of [
    ["b", "p"],
    ["v", "p"],
    ["v", "f"],
  ] as const)
    out.add(skeleton.replace(/B/g, b).replace(/P/g, p));
  return [...out];
}

let hanjaTable: Record<string, string> | undefined;
/**
 * The Sino-Korean (Hangul) reading of each Han character, from the `hanja` package (MIT; one reading per
 * character), loaded on first use: half a megabyte of JSON that only a Han-script query needs.
 */
function hanjaReadings(): Record<string, string> {
  hanjaTable ??= createRequire(import.meta.url)("hanja/lib/data/hanjaeum.json") as Record<string, string>;
  return hanjaTable;
}

/**
 * Korean initial-sound law (두음법칙, Standard Korean Language Orthography articles 10–12): a word-initial ㄹ is
 * read ㄴ, and ㄴ before i or y is read ㅇ (리 → 이: 李 is Lee in the South, Ri in the North).
 */
function initialSoundLaw(syllable: string): string | undefined {
  const s = (syllable.codePointAt(0) as number) - 0xac00;
  if (s < 0 || s > 11171) return undefined;
  let ini = Math.floor(s / 588);
  const vow = Math.floor((s % 588) / 28);
  // Vowels i, ya, yae, yeo, ye, yo, yu (the i/y-initial ones) take ㅇ; the others take ㄴ after ㄹ.
  const iy = [2, 3, 6, 7, 12, 17, 20].includes(vow);
  if (ini === 5) ini = iy ? 11 : 2;
  else if (ini === 2 && iy) ini = 11;
  else return undefined;
  return String.fromCharCode(0xac00 + ini * 588 + (s % 588));
}

/**
 * Korean readings of a word written in Han characters (金正恩 = Kim Jong Un; any-ascii reads Han in Mandarin), as
 * Hangul: each character's Sino-Korean reading, the first also under the initial-sound law, and 金 as a surname
 * read 김 (Kim), its one reading as a family name (the character is otherwise read 금). Empty when a character has
 * no reading. A query-side reading: `names.ts` adds it to Han-only query parts.
 */
export function koreanHanjaHangul(word: string): string[] {
  const table = hanjaReadings();
  let hangul = "";
  for (const ch of word) {
    const h = table[ch];
    if (h === undefined) return [];
    hangul += h;
  }
  const out = [hangul];
  const first = [...hangul][0] as string;
  const law = initialSoundLaw(first);
  if (law !== undefined) out.push(law + hangul.slice(first.length));
  if ([...word][0] === "金") out.push(`김${hangul.slice(first.length)}`);
  return out;
}

/** Latin spellings of a Korean reading of Han characters (see {@link koreanHanjaHangul}), as Hangul parts get. */
export function koreanHanjaReadings(word: string): string[] {
  const out = new Set<string>();
  for (const h of koreanHanjaHangul(word)) for (const t of transliterations(h)) out.add(t.latin);
  return [...out];
}

/** Russian letters common to every table (lower case). */
const RU_COMMON: Table = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  ж: "zh",
  з: "z",
  и: "i",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  ч: "ch",
  ш: "sh",
};

/** GOST 7.79-2000 system B (ц → c, or cz before e/i/y/j; the hard/soft signs' `` and ` marks are dropped). */
const RU_GOST_B: Table = {
  ...RU_COMMON,
  е: "e",
  ё: "yo",
  й: "j",
  х: "x",
  ц: "c",
  щ: "shh",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "yu",
  я: "ya",
};

/** ICAO Doc 9303 (7th ed., 2015), used in Russian international passports since 2014. */
const RU_ICAO: Table = {
  ...RU_COMMON,
  е: "e",
  ё: "e",
  й: "i",
  х: "kh",
  ц: "ts",
  щ: "shch",
  ъ: "ie",
  ы: "y",
  ь: "",
  э: "e",
  ю: "iu",
  я: "ia",
};

/** BGN/PCGN 1947 (ye word-initially and after vowels/й/ъ/ь is handled in {@link applyTable}). */
const RU_BGN: Table = {
  ...RU_COMMON,
  е: "e",
  ё: "e",
  й: "y",
  х: "kh",
  ц: "ts",
  щ: "shch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "yu",
  я: "ya",
};

/** Common English press/list spellings: "Dmitriy", "Yevgeniy", "Aleksey". */
const RU_ENGLISH: Table = { ...RU_BGN, ё: "yo", й: "y" };

/** Common German spellings: "Wladimir", "Chodorkowski", "Schukow", "Jewgeni", "Sergej". */
const RU_GERMAN: Table = {
  ...RU_COMMON,
  в: "w",
  е: "e",
  ё: "jo",
  ж: "sch",
  й: "j",
  х: "ch",
  ц: "z",
  ч: "tsch",
  ш: "sch",
  щ: "schtsch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "ju",
  я: "ja",
};

/**
 * Serbian and Macedonian Cyrillic as the Latin alphabet (Gaj's) writes it, without its diacritics as lists and
 * ASCII systems do: ж ž → z, ч č and ћ ć → c, ш š → s, ђ đ → dj, х → h, ц → c, ј → j, љ → lj, њ → nj; ь after
 * л or н (how Russian spelling writes lj, nj: Желько = Zeljko) → j.
 */
const SR_ASCII: Table = {
  ...RU_COMMON,
  е: "e",
  ж: "z",
  й: "j",
  х: "h",
  ц: "c",
  ч: "c",
  ш: "s",
  щ: "sc",
  ъ: "",
  ы: "y",
  ь: "j",
  э: "e",
  ю: "ju",
  я: "ja",
  ђ: "dj",
  ј: "j",
  љ: "lj",
  њ: "nj",
  ћ: "c",
  џ: "dz",
  ѓ: "dj",
  ќ: "c",
  ѕ: "dz",
};

/**
 * Central Asian and Caucasian names in Russian Cyrillic as their own Latin spellings write them (Uzbek, Tajik,
 * Kazakh, Chechen, Dagestani practice): дж and ж as j (Джахонгир = Jahongir, Ражапович = Rajapovich), otherwise
 * ICAO 9303.
 */
const CENTRAL_ASIAN: Table = { ...RU_ICAO, ж: "j" };

/** Ukrainian national system 2010 (non-initial forms; initial forms in {@link UK_INITIAL}). */
const UK_2010: Table = {
  а: "a",
  б: "b",
  в: "v",
  г: "h",
  ґ: "g",
  д: "d",
  е: "e",
  є: "ie",
  ж: "zh",
  з: "z",
  и: "y",
  і: "i",
  ї: "i",
  й: "i",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ь: "",
  ю: "iu",
  я: "ia",
  // Russian letters that may appear in mixed text: ICAO values.
  ё: "e",
  ъ: "",
  ы: "y",
  э: "e",
};
const UK_INITIAL: Table = { є: "ye", ї: "yi", й: "y", ю: "yu", я: "ya" };

/** Belarusian (passport practice, BGN/PCGN-like). */
const BE: Table = {
  ...RU_BGN,
  г: "h",
  і: "i",
  ў: "w",
  ё: "yo",
  е: "ye",
  ю: "yu",
  я: "ya",
};

/** Greek, ELOT 743 (basic, single letters; digraphs in {@link GREEK_DIGRAPHS}). */
const GREEK: Table = {
  α: "a",
  β: "v",
  γ: "g",
  δ: "d",
  ε: "e",
  ζ: "z",
  η: "i",
  θ: "th",
  ι: "i",
  κ: "k",
  λ: "l",
  μ: "m",
  ν: "n",
  ξ: "x",
  ο: "o",
  π: "p",
  ρ: "r",
  σ: "s",
  ς: "s",
  τ: "t",
  υ: "y",
  φ: "f",
  χ: "ch",
  ψ: "ps",
  ω: "o",
};
const GREEK_DIGRAPHS: [string, string][] = [
  ["ου", "ou"],
  ["αυ", "av"],
  ["ευ", "ev"],
  ["γγ", "ng"],
  ["γκ", "gk"],
  ["μπ", "mp"],
  ["ντ", "nt"],
];

/**
 * Greek spelling of foreign names: μπ, ντ, γκ write b, d, g anywhere in a word (ELOT 743 gives b/d/g only
 * word-initially), and τσ/τς the affricate ch (Βλαντίμιροβιτς = Vladimirovich).
 */
const GREEK_FOREIGN_DIGRAPHS: [string, string][] = [
  ...GREEK_DIGRAPHS.filter(([k]) => !["μπ", "ντ", "γκ"].includes(k)),
  ["μπ", "b"],
  ["ντ", "d"],
  ["γκ", "g"],
  ["τσ", "ch"],
  ["τς", "ch"],
];

/** Georgian, national system 2002 (ejective apostrophes dropped). */
const GEORGIAN: Table = {
  ა: "a",
  ბ: "b",
  გ: "g",
  დ: "d",
  ე: "e",
  ვ: "v",
  ზ: "z",
  თ: "t",
  ი: "i",
  კ: "k",
  ლ: "l",
  მ: "m",
  ნ: "n",
  ო: "o",
  პ: "p",
  ჟ: "zh",
  რ: "r",
  ს: "s",
  ტ: "t",
  უ: "u",
  ფ: "p",
  ქ: "k",
  ღ: "gh",
  ყ: "q",
  შ: "sh",
  ჩ: "ch",
  ც: "ts",
  ძ: "dz",
  წ: "ts",
  ჭ: "ch",
  ხ: "kh",
  ჯ: "j",
  ჰ: "h",
};

/** Armenian, BGN/PCGN 1981 simplified (lower case; `ու` → u, `և` → ev). */
const ARMENIAN: Table = {
  ա: "a",
  բ: "b",
  գ: "g",
  դ: "d",
  ե: "e",
  զ: "z",
  է: "e",
  ը: "y",
  թ: "t",
  ժ: "zh",
  ի: "i",
  լ: "l",
  խ: "kh",
  ծ: "ts",
  կ: "k",
  հ: "h",
  ձ: "dz",
  ղ: "gh",
  ճ: "ch",
  մ: "m",
  յ: "y",
  ն: "n",
  շ: "sh",
  ո: "o",
  չ: "ch",
  պ: "p",
  ջ: "j",
  ռ: "r",
  ս: "s",
  վ: "v",
  տ: "t",
  ր: "r",
  ց: "ts",
  ւ: "v",
  փ: "p",
  ք: "k",
  օ: "o",
  ֆ: "f",
  և: "ev",
};

/**
 * Arabic (and Persian/Urdu letters), simplified: consonants only as written, long vowels alif/waw/ya as a/u/i;
 * short vowels are not written in names, so Arabic names are compared by consonant skeleton (see `names.ts`).
 */
const ARABIC: Table = {
  ا: "a",
  أ: "a",
  إ: "i",
  آ: "a",
  ٱ: "a",
  ب: "b",
  ت: "t",
  ث: "th",
  ج: "j",
  ح: "h",
  خ: "kh",
  د: "d",
  ذ: "dh",
  ر: "r",
  ز: "z",
  س: "s",
  ش: "sh",
  ص: "s",
  ض: "d",
  ط: "t",
  ظ: "z",
  ع: "",
  غ: "gh",
  ف: "f",
  ق: "q",
  ك: "k",
  ل: "l",
  م: "m",
  ن: "n",
  ه: "h",
  و: "u",
  ي: "i",
  ى: "a",
  ة: "a",
  ء: "",
  ؤ: "u",
  ئ: "i",
  پ: "p",
  چ: "ch",
  ژ: "zh",
  گ: "g",
  ک: "k",
  ی: "i",
  ٹ: "t",
  ڈ: "d",
  ڑ: "r",
  ں: "n",
  ھ: "h",
  ہ: "h",
  ے: "e",
  // Pashto: ځ dz, څ ts, ټ ډ ړ retroflex t d r, ږ zh, ښ sh, ڼ n, ې e, ۍ i.
  ځ: "dz",
  څ: "ts",
  ټ: "t",
  ډ: "d",
  ړ: "r",
  ږ: "zh",
  ښ: "sh",
  ڼ: "n",
  ې: "e",
  ۍ: "i",
};
/** Hebrew, simplified (consonants; vav/yod as u/i). */
const HEBREW: Table = {
  א: "",
  ב: "v",
  ג: "g",
  ד: "d",
  ה: "h",
  ו: "u",
  ז: "z",
  ח: "kh",
  ט: "t",
  י: "i",
  כ: "k",
  ך: "kh",
  ל: "l",
  מ: "m",
  ם: "m",
  נ: "n",
  ן: "n",
  ס: "s",
  ע: "",
  פ: "p",
  ף: "f",
  צ: "ts",
  ץ: "ts",
  ק: "k",
  ר: "r",
  ש: "sh",
  ת: "t",
};
/**
 * Other readings of Arabic-script letters, as names from Persian and from spoken Arabic are spelled in Latin:
 * Persian و v, ق gh, ذ ض ظ z, ث s (Davani = دوانی, Bagheri = باقری, Alireza = علیرضا); Gulf, Iraqi and Maghrebi
 * ق g, ذ ظ ث th, ش ch (Ghedeir = قدير, Kathim = كاظم, Alouche = علوش); Egyptian ج g (Gamal = جمال).
 */
const ARABIC_READINGS: Table[] = [
  { و: "v", ق: "gh", ذ: "z", ض: "z", ظ: "z", ث: "s" },
  { ق: "g", ذ: "th", ظ: "th", ث: "th", ش: "ch" },
  { ج: "g" },
];
/** Hebrew ו and ב as the consonants v and b (דוד = David, אברהם = Abraham) instead of the vowel u and v. */
const HEBREW_READINGS: Table[] = [{ ו: "v", ב: "b" }];

/**
 * The Latin spellings of an Arabic- or Hebrew-script word under the other readings of its letters (see
 * {@link ARABIC_READINGS}), each a whole-word reading, only those that differ from the simple table's.
 */
export function abjadReadings(word: string): string[] {
  const script = scriptOf(word);
  const readings = script === "arabic" ? ARABIC_READINGS : script === "hebrew" ? HEBREW_READINGS : [];
  const base = script === "arabic" ? ARABIC : HEBREW;
  const primary = readings.length > 0 ? applySimple(word, base) : "";
  const out: string[] = [];
  for (const r of readings) {
    const latin = applySimple(word, { ...base, ...r });
    if (latin !== primary && !out.includes(latin)) out.push(latin);
  }
  return out;
}

/**
 * The inverse of {@link ARABIC_READINGS} on a Latin spelling: how the letters would be written in Arabic script
 * under the simple table (v as و, gh and g as ق, z as ض, ch as ش, th as ظ, g as ج), each a whole-word reading that
 * differs from the spelling. A Latin query part meets an Arabic-script listed part through these.
 */
export function latinAbjadReadings(latin: string): string[] {
  const out = new Set<string>([
    latin.replace(/v/g, "w").replace(/gh|g/g, "q").replace(/z/g, "d"),
    latin.replace(/gh|g/g, "q").replace(/th/g, "z").replace(/ch/g, "sh"),
    latin.replace(/g/g, "j"),
  ]);
  out.delete(latin);
  return [...out];
}

/**
 * Consonant skeleton of each Arabic-script letter (Arabic, Persian, Urdu, Pashto), in the alphabet of the Latin
 * side's skeleton (`abjadConsonants` in names.ts: vowels dropped, kh → h, gh → g, th → t, dh → d, q → k, v → f,
 * p → b, medial w and y as vowels), every reading a Latin spelling gives the letter: ذ is d (dh) in Arabic and z
 * in Persian (th, as t, in Gulf and Iraqi spellings), ق k or g, ث t or s, ض d or z, ظ z, d or t (Kathim = كاظم), ج j or g (Egyptian), ش sh or ch (Maghrebi), ص s or sh, ځ z or dz,
 * and Persian و v. The long vowels and glides ا و ي ی ى, ة, ع and hamza are written for vowels (or nothing) and
 * give nothing. The first reading of each letter is the primary one.
 */
const ARABIC_SKELETON: Record<string, readonly string[]> = {
  ب: ["b"],
  پ: ["b"],
  ت: ["t"],
  ط: ["t"],
  ټ: ["t"],
  ٹ: ["t"],
  ث: ["t", "s"],
  ج: ["j", "g"],
  چ: ["ch"],
  ح: ["h"],
  // خ is kh, folded to h already (marked H: a digraph fold below must not take it for a Latin h).
  خ: ["H"],
  ه: ["h"],
  ہ: ["h"],
  ھ: ["h"],
  د: ["d"],
  ډ: ["d"],
  ڈ: ["d"],
  ذ: ["d", "z", "t"],
  ر: ["r"],
  ړ: ["r"],
  ڑ: ["r"],
  ز: ["z"],
  ژ: ["zh", "j"],
  ږ: ["zh", "g"],
  س: ["s"],
  ش: ["sh", "ch"],
  ښ: ["sh", "H"],
  ص: ["s", "sh"],
  ض: ["d", "z"],
  ظ: ["z", "d", "t"],
  غ: ["g"],
  ف: ["f"],
  ق: ["k", "g"],
  ك: ["k"],
  ک: ["k"],
  گ: ["g"],
  ل: ["l"],
  م: ["m"],
  ن: ["n"],
  ڼ: ["n"],
  ں: ["n"],
  ځ: ["z", "dz"],
  څ: ["s", "ts"],
  و: ["", "f"],
};

/** Cap on the readings {@link arabicSkeletons} returns (a long word of ambiguous letters has many). */
const MAX_SKELETONS = 16;

/**
 * The consonant skeletons of an Arabic-script word, the primary one first: each letter by
 * {@link ARABIC_SKELETON}, a word-initial و as w (Walid = وليد) or v, the rest (vowels, ع, hamza, ة) as nothing,
 * then the Latin side's rules: a final h dropped (Salah = صلاح, Juma = جمعه; not that of a final sh/ch) only where
 * the word ends in the letter (توخى Tokhi keeps it), and as an alternative kept (طه Taha); ت + ش as ch (the Russian
 * ч: فلاديميروفيتش = Vladimirovich); kh, gh, th, dh also folded as the Latin side folds them; doubled letters collapsed (shadda is rarely written: Hassan = حسن). Digits are
 * kept; Latin letters (the particles bin, al in a run of parts) give their consonants; spaces and other characters
 * nothing. At most {@link MAX_SKELETONS} readings (the first letters' readings are expanded first).
 */
export function arabicSkeletons(word: string): string[] {
  let acc = [""];
  const chars = [...word.replace(/\s+/g, "")];
  chars.forEach((ch, i) => {
    const opts =
      i === 0 && ch === "و"
        ? ["w", "f"]
        : (ARABIC_SKELETON[ch] ??
          (/[0-9]/.test(ARABIC[ch] ?? "") ? [ARABIC[ch] as string] : /[b-df-hj-np-tv-xz]/.test(ch) ? [ch] : [""]));
    if (opts.length === 1) {
      acc = acc.map((a) => a + opts[0]);
      return;
    }
    const next: string[] = [];
    for (const a of acc) for (const o of opts) if (next.length < MAX_SKELETONS) next.push(a + o);
    acc = next;
  });
  const finalH = /^[hH]$/.test((ARABIC_SKELETON[chars[chars.length - 1] ?? ""] ?? [])[0] ?? "");
  const out: string[] = [];
  const add = (s: string, fold: boolean) => {
    let k = s.replace(/tsh/g, "ch");
    // The Latin side's digraph folds (kh → h, gh → g, th → t, dh → d), as a Latin spelling that writes the two
    // letters together gets them (لكحل = Lakhal, فتح الله = Fathallah); the unfolded reading is kept for one
    // that writes a vowel between them (اتحاد = Ittihad).
    if (fold) k = k.replace(/([kgtd])h/g, (_, c: string) => (c === "k" ? "h" : c));
    k = k.replace(/H/g, "h").replace(/(.)\1+/g, "$1");
    if (!out.includes(k) && out.length < MAX_SKELETONS) out.push(k);
  };
  for (const fold of [false, true]) for (const a of acc) add(finalH ? a.replace(/(?<=[^sc])[hH]$/, "") : a, fold);
  if (finalH) for (const a of acc) add(a, false);
  return out;
}

/** Small kana that change the preceding syllable's vowel (ティ = ti, ジェ = je, キャ = kya). */
const SMALL_KANA: Record<string, string> = {
  ァ: "a",
  ィ: "i",
  ゥ: "u",
  ェ: "e",
  ォ: "o",
  ャ: "ya",
  ュ: "yu",
  ョ: "yo",
};

/**
 * Latin consonants a katakana consonant stands for in a foreign name (Japanese loanword orthography, reversed):
 * ラ行 for both r and l, ジ for j, d and z (ウラジーミル = Vladimir), チ for ch and t (プーチン = Putin), ツ for ts and t,
 * シ for sh and s, バ行 for b and v (ラブロフ = Lavrov; ヴ is v), in the alphabet of the Latin skeleton (v → f,
 * p → b; medial y and w are vowels there).
 */
const KANA_CONSONANTS: Record<string, readonly string[]> = {
  r: ["r", "l"],
  j: ["j", "d", "z"],
  ch: ["ch", "t"],
  ts: ["ts", "t"],
  sh: ["sh", "s"],
  b: ["b", "f"],
  v: ["f"],
  p: ["b"],
  y: [""],
  w: [""],
};

const RE_KATAKANA = /^[\u30a0-\u30ff]+$/;
/** Cap on the readings {@link katakanaSkeletons} returns. */
const MAX_KANA_SKELETONS = 64;

/**
 * The consonant skeletons of a foreign name written in katakana (ウラジーミル = Vladimir = `fldmr`, プーチン = Putin =
 * `btn`): the syllables as any-ascii reads them (ー and ッ give nothing: vowel length and gemination), each
 * consonant under its readings ({@link KANA_CONSONANTS}), the vowels dropped — which also drops the vowels Japanese
 * inserts after a consonant (ル = r, フ = f, ト = t) — and a word-initial ウ before a consonant read as v or w as well
 * as nothing (ウラジーミル). Empty for a word not all katakana. At most {@link MAX_KANA_SKELETONS} readings.
 */
export function katakanaSkeletons(word: string): string[] {
  if (!RE_KATAKANA.test(word)) return [];
  const cons: string[] = [];
  for (const ch of word) {
    if (ch === "ー" || ch === "ッ" || ch === "・" || SMALL_KANA[ch] !== undefined) continue;
    const r = anyAscii(ch).toLowerCase();
    cons.push(/^[a-z]*?(?=[aeiou]*$)/.exec(r)?.[0] ?? "");
  }
  let acc = [""];
  cons.forEach((c, i) => {
    const opts =
      i === 0 && c === "" && word[0] === "ウ" && (cons[1] ?? "") !== "" ? ["f", "w", ""] : (KANA_CONSONANTS[c] ?? [c]);
    const next: string[] = [];
    for (const a of acc) for (const o of opts) if (next.length < MAX_KANA_SKELETONS) next.push(a + o);
    acc = next;
  });
  const out: string[] = [];
  for (const a of acc) {
    const s = a.replace(/(?<=[^sc])h$/, "").replace(/(.)\1+/g, "$1");
    if (s !== "" && !out.includes(s)) out.push(s);
  }
  return out;
}

for (let d = 0; d < 10; d++) {
  ARABIC[String.fromCharCode(0x660 + d)] = String(d);
  ARABIC[String.fromCharCode(0x6f0 + d)] = String(d);
}

/** The named standards a Cyrillic token is transliterated under. */
export const CYRILLIC_STANDARDS = [
  "icao",
  "bgn",
  "gost-b",
  "english",
  "german",
  "uk-2010",
  "be",
  "sr-ascii",
  "central-asian",
] as const;
export type TranslitStandard =
  | (typeof CYRILLIC_STANDARDS)[number]
  | "elot-743"
  | "ge-2002"
  | "hy-bgn"
  | "ar-simple"
  | "he-simple"
  | "any-ascii"
  | "ko-common"
  | "given-name-spelling"
  | "given-name-equivalent"
  | "ko-dprk"
  | "ko-loanword"
  | "ko-latin"
  | "ko-hanja"
  | "ja-loanword"
  | "typed"
  | "el-foreign"
  | "inflection"
  | "abjad-reading"
  | "consonant-reading"
  | "east-slavic-name"
  | "ascii";

const CYR_TABLES: Record<(typeof CYRILLIC_STANDARDS)[number], Table> = {
  icao: RU_ICAO,
  bgn: RU_BGN,
  "gost-b": RU_GOST_B,
  english: RU_ENGLISH,
  german: RU_GERMAN,
  "uk-2010": UK_2010,
  be: BE,
  "sr-ascii": SR_ASCII,
  "central-asian": CENTRAL_ASIAN,
};

/** Other Cyrillic letters (Serbian, Macedonian, Kazakh, Kyrgyz, Tajik…), for any table lacking them. */
const CYR_FALLBACK: Table = {
  ...UK_2010,
  ...RU_ICAO,
  ў: "u",
  є: "ie",
  ґ: "g",
  ї: "i",
  і: "i",
  ђ: "dj",
  ј: "j",
  љ: "lj",
  њ: "nj",
  ћ: "c",
  џ: "dz",
  ѓ: "gj",
  ќ: "kj",
  ѕ: "dz",
  ә: "a",
  ғ: "g",
  қ: "k",
  ң: "n",
  ө: "o",
  ұ: "u",
  ү: "u",
  һ: "h",
  ҳ: "h",
  ҷ: "j",
  ӣ: "i",
  ӯ: "u",
  ҕ: "g",
};

const VOWELS_CYR = new Set("аеёиоуыэюяієїў".split(""));
const UK_ONLY = /[ґєії]/;
const BE_ONLY = /[ўі]/;
const RU_ONLY = /[ёъыэ]/;

/** Which script a (lower-case) string is mostly in; `latin` also covers digits-only input. */
export type Script =
  | "latin"
  | "cyrillic"
  | "greek"
  | "georgian"
  | "armenian"
  | "arabic"
  | "hebrew"
  | "hangul"
  | "thai"
  | "indic"
  | "southeast-asian"
  | "other";

/**
 * Scripts whose Latin rendering lacks vowels a Latin spelling has: Arabic and Hebrew do not write short vowels,
 * and any-ascii renders Thai, the Indic scripts and Khmer, Myanmar and Lao letter by letter, without the inherent
 * vowels or with vowel signs spelled apart ("สมชาย" → `smchay`, "नरेन्द्र" → `nrendr`, "ពូទីន" → `poutein`). Names from them
 * are compared by consonant skeleton.
 */
export const ABJADS: ReadonlySet<Script> = new Set<Script>(["arabic", "hebrew", "thai", "indic", "southeast-asian"]);

const RE_CYR = /\p{Script=Cyrillic}/u;
const RE_GREEK = /\p{Script=Greek}/u;
const RE_GEORGIAN = /\p{Script=Georgian}/u;
const RE_ARMENIAN = /\p{Script=Armenian}/u;
const RE_LATIN = /\p{Script=Latin}/u;
const RE_ARABIC = /\p{Script=Arabic}/u;
const RE_HEBREW = /\p{Script=Hebrew}/u;
const RE_HANGUL = /\p{Script=Hangul}/u;
const RE_THAI = /\p{Script=Thai}/u;
/** Khmer, Myanmar and Lao: abugidas any-ascii renders sign by sign, like Thai. */
const RE_SEA = /[\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Lao}]/u;
const RE_INDIC =
  /[\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}]/u;

/** The first non-ASCII, non-Latin script found in `s` (`latin` when there is none). */
export function scriptOf(s: string): Script {
  for (const ch of s) {
    if ((ch.codePointAt(0) as number) < 0x80) continue;
    if (RE_CYR.test(ch)) return "cyrillic";
    if (RE_GREEK.test(ch)) return "greek";
    if (RE_GEORGIAN.test(ch)) return "georgian";
    if (RE_ARMENIAN.test(ch)) return "armenian";
    if (RE_ARABIC.test(ch)) return "arabic";
    if (RE_HEBREW.test(ch)) return "hebrew";
    if (RE_HANGUL.test(ch)) return "hangul";
    if (RE_THAI.test(ch)) return "thai";
    if (RE_INDIC.test(ch)) return "indic";
    if (RE_SEA.test(ch)) return "southeast-asian";
    if (RE_LATIN.test(ch) || !/[\p{L}\p{N}]/u.test(ch)) continue;
    return "other";
  }
  return "latin";
}

function applyCyrillic(word: string, std: (typeof CYRILLIC_STANDARDS)[number]): string {
  const table = CYR_TABLES[std];
  let out = "";
  let prev = "";
  const chars = [...word];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const initialish = prev === "" || VOWELS_CYR.has(prev) || prev === "й" || prev === "ъ" || prev === "ь";
    let v: string | undefined;
    if (std === "uk-2010" && prev === "" && UK_INITIAL[ch] !== undefined) v = UK_INITIAL[ch];
    else if (std === "uk-2010" && ch === "г" && prev === "з")
      v = "gh"; // зг → zgh (resolution No. 55)
    else if ((std === "bgn" || std === "english" || std === "be") && ch === "е" && initialish) v = "ye";
    else if (std === "bgn" && ch === "ё") v = initialish ? "ye" : "e";
    else if (std === "gost-b" && ch === "ц") {
      const next = chars[i + 1];
      v = next !== undefined && "еиыйі".includes(next) ? "cz" : "c";
    } else if (std === "english" && ch === "й" && prev === "и" && i === chars.length - 1)
      v = "y"; // -ий → -iy
    else if (std === "german" && ch === "е" && prev === "") v = "je";
    else if (std === "central-asian" && ch === "д" && chars[i + 1] === "ж") v = "";
    else if (std === "sr-ascii" && ch === "ь") v = prev === "л" || prev === "н" ? "j" : "";
    else v = table[ch] ?? CYR_FALLBACK[ch];
    // A letter no table knows is dropped rather than left in another script.
    out += v ?? (scriptOf(ch) === "cyrillic" ? "" : ch);
    prev = ch;
  }
  return out;
}

function applySimple(word: string, table: Table, digraphs: [string, string][] = []): string {
  let out = "";
  const chars = [...word];
  for (let i = 0; i < chars.length; i++) {
    const two = (chars[i] ?? "") + (chars[i + 1] ?? "");
    const dg = digraphs.find(([k]) => k === two);
    if (dg) {
      out += dg[1];
      i++;
      continue;
    }
    const ch = chars[i] as string;
    out += table[ch] ?? (scriptOf(ch) === "latin" || scriptOf(ch) === "other" ? ch : "");
  }
  return out;
}

/** One transliteration of a word and the standard that produced it. */
export interface Transliteration {
  latin: string;
  standard: TranslitStandard;
}

/**
 * All distinct Latin spellings of a lower-case, accent-free word under the standards that apply to its script.
 * Cyrillic words with letters only Ukrainian (ґ є і ї) skip the Russian-only tables' assumptions but still get
 * every table; words with Russian-only letters (ё ъ ы э) skip the Ukrainian table. Latin input returns itself.
 */
export function transliterations(word: string): Transliteration[] {
  const script = scriptOf(word);
  if (script === "latin") return [];
  const out: Transliteration[] = [];
  const push = (latin: string, standard: TranslitStandard) => {
    if (!out.some((o) => o.latin === latin)) out.push({ latin, standard });
  };
  if (script === "cyrillic") {
    const uk = UK_ONLY.test(word);
    const be = BE_ONLY.test(word) && !/[ґєї]/.test(word);
    const ru = RU_ONLY.test(word);
    const order: (typeof CYRILLIC_STANDARDS)[number][] = uk
      ? ["uk-2010", "icao", "bgn", "english"]
      : be
        ? ["be", "icao", "bgn", "english"]
        : [
            "icao",
            "bgn",
            "english",
            "gost-b",
            "german",
            ...(ru ? [] : (["uk-2010"] as const)),
            "sr-ascii",
            "central-asian",
          ];
    for (const std of order) push(applyCyrillic(word, std), std);
  } else if (script === "greek") {
    push(applySimple(word, GREEK, GREEK_DIGRAPHS), "elot-743");
    push(applySimple(word, GREEK, GREEK_FOREIGN_DIGRAPHS), "el-foreign");
  } else if (script === "georgian") push(applySimple(word, GEORGIAN), "ge-2002");
  else if (script === "armenian") push(applySimple(word.replace(/ու/g, "u"), ARMENIAN), "hy-bgn");
  else if (script === "arabic") push(applySimple(word, ARABIC), "ar-simple");
  else if (script === "hebrew") push(applySimple(word, HEBREW), "he-simple");
  else if (script === "hangul") {
    // Revised Romanization (any-ascii), then the customary spellings: a surname's usual form (김 → Kim) and the
    // McCune-Reischauer-like vowels without breves that North Korean and older names use (eo → o, eu → u).
    const rr = anyAscii(word).toLowerCase();
    const surname = KO_SURNAMES[word];
    if (surname) push(surname, "ko-common");
    push(rr, "any-ascii");
    push(rr.replace(/eo/g, "o").replace(/eu/g, "u"), "ko-common");
    for (const alt of KO_SURNAME_ALTS[word] ?? []) push(alt, "ko-common");
    for (const r of koreanDprkReadings(word)) push(r, "ko-dprk");
    // The South's customary 영 Young.
    if (rr.includes("yeong")) push(rr.replace(/yeong/g, "young"), "ko-common");
    for (const r of koreanLoanwordReadings(word)) push(r, "ko-loanword");
  } else push(anyAscii(word).toLowerCase(), "any-ascii");
  return out;
}

/** The primary (canonical) transliteration: ICAO 9303 for Cyrillic, the single table for the other scripts. */
export function primaryTransliteration(word: string): string {
  const t = transliterations(word);
  return t[0]?.latin ?? word;
}
