export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array: the smallest value with at least p% at or below it. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  return sorted[Math.min(n, rank) - 1];
}

/** p50/p95/p99/max of the finite values, or null when there are none. */
export function percentiles(values: Float64Array): Percentiles | null {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  if (n === 0) return null;
  const v = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) v[j++] = values[i];
  v.sort();
  return { p50: nearestRank(v, 50), p95: nearestRank(v, 95), p99: nearestRank(v, 99), max: v[n - 1] };
}
