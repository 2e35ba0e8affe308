/**
 * Sorts finite values ascending, in place. Exports are mostly in time order, so times
 * taken from them are nearly sorted already: an insertion sort finishes those in about
 * one pass, and hands over to the full sort once it has moved more than a few
 * elements per value.
 */
export function sortNearlySorted(a: Float64Array): Float64Array {
  const n = a.length;
  let budget = 8 * n + 1024;
  for (let i = 1; i < n; i++) {
    const v = a[i];
    if (!(v < a[i - 1])) continue;
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
    budget -= i - 1 - j;
    if (budget < 0) return a.sort();
  }
  return a;
}

/**
 * The k-th smallest of a[lo..hi] (k counted from 0 over the whole array), moving the
 * values so that a[lo..k-1] ≤ a[k] ≤ a[k+1..hi] (Hoare's selection, as Wirth wrote it).
 * Finite values only. Selecting several ranks in ascending order, each from the last
 * one on, costs a few passes instead of a sort.
 */
export function selectKth(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (lo < hi) {
    const x = a[k];
    let i = lo;
    let j = hi;
    do {
      while (a[i] < x) i++;
      while (x < a[j]) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) lo = i;
    if (k < i) hi = j;
  }
  return a[k];
}
