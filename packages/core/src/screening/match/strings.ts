/** String similarity primitives used by the scorers. */

/**
 * `words` sorted in place as `words.sort()` sorts strings (by UTF-16 code units), joined by `sep`. A name has a few
 * words: an insertion sort allocates nothing, where `Array.prototype.sort` allocates its work arrays on every call
 * (100 MB over the ~120,000 name keys of one index build).
 */
export function sortedJoin(words: string[], sep: string): string {
  const n = words.length;
  if (n > 16) return words.sort().join(sep);
  for (let i = 1; i < n; i++) {
    const x = words[i] as string;
    let j = i - 1;
    while (j >= 0 && (words[j] as string) > x) {
      words[j + 1] = words[j] as string;
      j--;
    }
    words[j + 1] = x;
  }
  return words.join(sep);
}

/** Jaro similarity in [0, 1]. */
export function jaro(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 1 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const ma = new Uint8Array(la);
  const mb = new Uint8Array(lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (mb[j] || a.charCodeAt(i) !== b.charCodeAt(j)) continue;
      ma[i] = 1;
      mb[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let k = 0;
  let transpositions = 0;
  for (let i = 0; i < la; i++) {
    if (!ma[i]) continue;
    while (!mb[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/**
 * Jaro-Winkler. `boostThreshold` is the Jaro score above which the prefix bonus applies (0.7 classically);
 * pass 0 for the SimMetrics variant the OFAC tool appears to use (bonus always applied).
 */
export function jaroWinkler(a: string, b: string, boostThreshold = 0.7, prefixScale = 0.1, maxPrefix = 4): number {
  const j = jaro(a, b);
  if (j < boostThreshold) return j;
  let p = 0;
  const lim = Math.min(maxPrefix, a.length, b.length);
  while (p < lim && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return j + p * prefixScale * (1 - j);
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (la === 0) return lb;
  if (lb === 0) return la;
  let prev2 = new Array<number>(lb + 1).fill(0);
  let prev = Array.from({ length: lb + 1 }, (_, j) => j);
  let cur = new Array<number>(lb + 1).fill(0);
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb)
        v = Math.min(v, (prev2[j - 2] as number) + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[lb] as number;
}

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/**
 * {@link editDistance} bounded by `max`: returns the distance when ≤ `max`, else `max + 1`, stopping as soon as a
 * whole row exceeds the bound (the scorer only needs to know whether two parts are within a few edits).
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0 || lb === 0) return Math.max(la, lb) <= max ? Math.max(la, lb) : max + 1;
  if (lb + 1 > rowA.length) {
    rowA = new Int32Array(lb * 2 + 2);
    rowB = new Int32Array(lb * 2 + 2);
    rowC = new Int32Array(lb * 2 + 2);
  }
  // Only the band |i - j| <= max is computed: a cell outside it is more than `max` edits, and a cell within `max`
  // never depends on one that is not (costs are never negative), so the cells just outside the band are set to
  // `max + 1` for the next row (and the transposition two rows on) to read.
  const over = max + 1;
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  const init = Math.min(lb, over);
  for (let j = 0; j <= init; j++) prev[j] = j;
  if (init < lb) prev[init + 1] = over;
  for (let i = 1; i <= la; i++) {
    const lo = Math.max(i - max, 1);
    const hi = Math.min(i + max, lb);
    cur[lo - 1] = lo === 1 ? i : over;
    let rowMin = over;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = (prev[j - 1] as number) + (ca === cb ? 0 : 1);
      const del = (prev[j] as number) + 1;
      if (del < v) v = del;
      const ins = (cur[j - 1] as number) + 1;
      if (ins < v) v = ins;
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        const t = (prev2[j - 2] as number) + 1;
        if (t < v) v = t;
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < lb) cur[hi + 1] = over;
    if (rowMin > max) return over;
    const tmp = prev2;
    prev2 = prev;
    prev = cur;
    cur = tmp;
  }
  const d = prev[lb] as number;
  return d <= max ? d : over;
}

/** The edits tolerated in a token of this length before it stops being the same name part. */
export function maxEditsFor(length: number): number {
  if (length <= 3) return 0;
  if (length <= 5) return 1;
  if (length <= 9) return 2;
  return 3;
}

/**
 * `fn` memoised by its string argument, up to `max` entries, then forgotten all at once: for the folds the matcher
 * asks again and again for the same name parts (chains of regular expressions). `fn` must be pure.
 */
export function memoisedByString(fn: (s: string) => string, max = 65_536): (s: string) => string {
  const memo = new Map<string, string>();
  return (s) => {
    let out = memo.get(s);
    if (out === undefined) {
      out = fn(s);
      if (memo.size >= max) memo.clear();
      memo.set(s, out);
    }
    return out;
  };
}
