import { selectKth } from "./order";

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array: the smallest value with at least p% at or below it. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  return sorted.length === 0 ? NaN : sorted[rankIndex(sorted.length, p)];
}

/** Where the nearest-rank p-th percentile of n values stands once they are sorted (0-based). */
function rankIndex(n: number, p: number): number {
  return Math.min(n, Math.max(1, Math.ceil((p / 100) * n))) - 1;
}

/** p50/p95/p99/max (nearest rank) of the finite values, or null when there are none. */
export function percentiles(values: Float64Array): Percentiles | null {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  if (n === 0) return null;
  const v = new Float64Array(n);
  let j = 0;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) continue;
    v[j++] = x;
    if (x > max) max = x;
  }
  const k50 = rankIndex(n, 50);
  const k95 = rankIndex(n, 95);
  const k99 = rankIndex(n, 99);
  // each rank is selected among the values at or above the one before
  const p50 = selectKth(v, k50);
  const p95 = selectKth(v, k95, k50);
  const p99 = selectKth(v, k99, k95);
  return { p50, p95, p99, max };
}
