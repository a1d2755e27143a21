/**
 * Text search over nomenclature descriptions: an inverted index (term → postings) over a sorted vocabulary, so that
 * a query token matches exact terms and, by binary search over the vocabulary, terms it is a prefix of ("semicond"
 * → "semiconductor"). Scoring is BM25 with a coverage factor, so hits containing every query token come first and
 * short, specific descriptions ("Electronic integrated circuits") beat long ones that merely mention the words.
 */

/** Words too common in tariff texts to discriminate. */
const STOPWORDS = new Set(
  (
    "a an and any are as at be but by for from in into is it its no nor not of on or other otherwise such than that " +
    "the their them these this those to whether which with without thereof n.e.s nes elsewhere specified included"
  ).split(" "),
);

/** A crude English stemmer: enough to make "circuits"/"circuit" and "batteries"/"battery" meet. */
export function stem(token: string): string {
  if (token.length > 4 && token.endsWith("ies")) return `${token.slice(0, -3)}y`;
  if (token.length > 4 && /(ches|shes|sses|xes|oes)$/.test(token)) return token.slice(0, -2);
  if (token.length > 3 && token.endsWith("s") && !/(ss|us|is)$/.test(token)) return token.slice(0, -1);
  return token;
}

/** Lower-cases, strips diacritics, splits on anything not a letter or digit, drops stopwords, stems. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  // NFKD only when needed: almost every description is plain ASCII.
  const ascii = /^[\x00-\x7f]*$/.test(text);
  const norm = (ascii ? text : text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")).toLowerCase();
  for (const raw of norm.split(/[^a-z0-9]+/)) {
    if (raw.length < 2 || STOPWORDS.has(raw)) continue;
    out.push(stem(raw));
  }
  return out;
}

interface Postings {
  docs: number[];
}

/** Weight of a prefix (not exact) term match relative to an exact one. */
const PREFIX_WEIGHT = 0.6;
const K1 = 1.2;
const B = 0.75;

/** An immutable inverted index over `docs` (positions in the array are the doc ids). */
export class InvertedIndex {
  private readonly postings = new Map<string, Postings>();
  private readonly vocabulary: string[];
  private readonly lengths: Uint16Array;
  private readonly norms: Float64Array;
  private scratch: { scores: Float64Array; best: Float64Array; matched: Uint8Array; accepted: Int8Array } | undefined;
  readonly size: number;

  constructor(texts: readonly string[]) {
    this.size = texts.length;
    this.lengths = new Uint16Array(texts.length);
    let total = 0;
    texts.forEach((text, id) => {
      // Binary term frequency over distinct tokens: CN full labels repeat their heading's words ("integrated
      // circuits › … › multi-component integrated circuits"), which must not outrank the heading itself.
      const tokens = new Set(tokenize(text));
      this.lengths[id] = Math.min(tokens.size, 65535);
      total += tokens.size;
      for (const t of tokens) {
        let p = this.postings.get(t);
        if (!p) {
          p = { docs: [] };
          this.postings.set(t, p);
        }
        p.docs.push(id);
      }
    });
    const avgLength = texts.length > 0 ? total / texts.length : 1;
    // BM25 length normalisation (binary tf), precomputed per doc.
    this.norms = new Float64Array(texts.length);
    for (let i = 0; i < texts.length; i++)
      this.norms[i] = 1 + K1 * (1 - B + (B * (this.lengths[i] as number)) / avgLength);
    this.vocabulary = [...this.postings.keys()].sort();
  }

  /** Vocabulary terms starting with `prefix` (binary search for the first, then scan while they match). */
  private termsWithPrefix(prefix: string): string[] {
    let lo = 0;
    let hi = this.vocabulary.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.vocabulary[mid] as string) < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < this.vocabulary.length; i++) {
      const t = this.vocabulary[i] as string;
      if (!t.startsWith(prefix)) break;
      out.push(t);
    }
    return out;
  }

  /**
   * Scores every doc matching at least one query token; `accept(id)` filters (edition, level).
   * Returns doc ids and scores, best first.
   */
  query(text: string, accept: (id: number) => boolean): { id: number; score: number }[] {
    const tokens = [...new Set(tokenize(text))];
    if (tokens.length === 0) return [];
    // Dense scratch arrays instead of maps (a query touches a few thousand of ~17k docs), allocated once per index
    // and reset below for the docs this query touched (queries are synchronous, so they never overlap).
    this.scratch ??= {
      scores: new Float64Array(this.size),
      best: new Float64Array(this.size),
      matched: new Uint8Array(this.size),
      accepted: new Int8Array(this.size), // 0 = not asked yet, 1 = yes, -1 = no
    };
    const { scores, best, matched, accepted } = this.scratch;
    const touched: number[] = [];
    const asked: number[] = [];
    for (const token of tokens) {
      // Best contribution of this token per doc (exact beats prefix; one token counts once). The token also
      // expands as a prefix ("semicond" → "semiconductor"), so typing-as-you-go works.
      const terms = token.length >= 3 ? this.termsWithPrefix(token) : this.postings.has(token) ? [token] : [];
      const hit: number[] = [];
      for (const term of terms) {
        const p = this.postings.get(term);
        if (!p) continue;
        const weight = term === token ? 1 : PREFIX_WEIGHT;
        const idf = Math.log(1 + (this.size - p.docs.length + 0.5) / (p.docs.length + 0.5));
        const w = weight * idf * (K1 + 1);
        for (let i = 0; i < p.docs.length; i++) {
          const id = p.docs[i] as number;
          let ok = accepted[id] as number;
          if (ok === 0) {
            ok = accept(id) ? 1 : -1;
            accepted[id] = ok;
            asked.push(id);
          }
          if (ok < 0) continue;
          const s = w / (this.norms[id] as number);
          if (best[id] === 0) hit.push(id);
          if (s > (best[id] as number)) best[id] = s;
        }
      }
      for (const id of hit) {
        if (matched[id] === 0) touched.push(id);
        scores[id] = (scores[id] as number) + (best[id] as number);
        matched[id] = (matched[id] as number) + 1;
        best[id] = 0;
      }
    }
    const out: { id: number; score: number }[] = [];
    for (const id of touched) {
      const coverage = (matched[id] as number) / tokens.length;
      out.push({ id, score: (scores[id] as number) * coverage * coverage });
      scores[id] = 0;
      matched[id] = 0;
    }
    for (const id of asked) accepted[id] = 0;
    out.sort((a, b) => b.score - a.score || a.id - b.id);
    return out;
  }
}
