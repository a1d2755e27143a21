/**
 * "Did you mean": the nearest of a set of known words by optimal-string-alignment (Damerau–Levenshtein)
 * distance, for mistyped commands, sub-commands and options. Dependency-free, so `embargo --help` stays light.
 */

/** Optimal string alignment distance (insertions, deletions, substitutions, adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = new Array<number>(n + 1).fill(0);
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (prev2[j - 2] as number) + 1);
      cur[j] = d;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n] as number;
}

/** The known words within `max` edits of `word` (default 2), nearest first; a prefix match also counts. */
export function suggest(word: string, known: readonly string[], max = 2): string[] {
  const w = word.toLowerCase();
  return known
    .map((k) => ({ k, d: k.startsWith(w) && w.length >= 3 ? 0.5 : editDistance(w, k.toLowerCase()) }))
    .filter((x) => x.d <= max && x.k !== word)
    .sort((x, y) => x.d - y.d || x.k.localeCompare(y.k))
    .map((x) => x.k);
}

/** " — did you mean 'x'?" (or "'x' or 'y'"), or "" when nothing is near. */
export function didYouMean(word: string, known: readonly string[], quote = (s: string) => `'${s}'`): string {
  const near = suggest(word, known).slice(0, 3);
  return near.length === 0 ? "" : ` — did you mean ${near.map(quote).join(" or ")}?`;
}
