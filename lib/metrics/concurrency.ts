import { sortNearlySorted } from "./order";

/**
 * Largest number of half-open intervals [start, end) open at one instant: an invocation
 * that ends at t does not overlap one that starts at t. Order of input does not matter;
 * both arrays are sorted in place.
 */
export function exactPeakConcurrency(starts: Float64Array, ends: Float64Array): number {
  const n = starts.length;
  if (n === 0) return 0;
  const s = sortNearlySorted(starts);
  const e = sortNearlySorted(ends);
  let open = 0;
  let peak = 0;
  let j = 0;
  for (let i = 0; i < n; i++) {
    while (j < n && e[j] <= s[i]) {
      j++;
      open--;
    }
    open++;
    if (open > peak) peak = open;
  }
  return peak;
}

export interface LittleBucket {
  /** Bucket start, epoch ms. */
  start: number;
  invocations: number;
  /** L = λ × W = (invocations / bucket seconds) × mean duration seconds. */
  concurrency: number;
}

/**
 * Little's Law concurrency per bucket, each invocation counted in the bucket of its
 * start. λ × W reduces to the summed duration over the bucket length. Empty buckets
 * are absent (a gap, not a zero).
 */
export function littlesLawBuckets(starts: Float64Array, durationsMs: Float64Array, bucketMs: number): LittleBucket[] {
  if (starts.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < starts.length; i++) {
    const b = Math.floor(starts[i] / bucketMs);
    if (b < lo) lo = b;
    if (b > hi) hi = b;
  }
  const span = hi - lo + 1;
  // buckets in an array where they are dense (a day of minutes); in a map where the
  // window is long and mostly empty
  if (!(span <= 4 * starts.length + 4096)) return sparseBuckets(starts, durationsMs, bucketMs);
  const count = new Int32Array(span);
  const busy = new Float64Array(span);
  for (let i = 0; i < starts.length; i++) {
    const k = Math.floor(starts[i] / bucketMs) - lo;
    count[k]++;
    busy[k] += durationsMs[i];
  }
  const out: LittleBucket[] = [];
  for (let k = 0; k < span; k++) {
    if (count[k] > 0) out.push({ start: (lo + k) * bucketMs, invocations: count[k], concurrency: busy[k] / bucketMs });
  }
  return out;
}

function sparseBuckets(starts: Float64Array, durationsMs: Float64Array, bucketMs: number): LittleBucket[] {
  const count = new Map<number, number>();
  const busy = new Map<number, number>();
  for (let i = 0; i < starts.length; i++) {
    const b = Math.floor(starts[i] / bucketMs) * bucketMs;
    count.set(b, (count.get(b) ?? 0) + 1);
    busy.set(b, (busy.get(b) ?? 0) + durationsMs[i]);
  }
  return [...count.keys()]
    .sort((a, b) => a - b)
    .map((start) => ({ start, invocations: count.get(start)!, concurrency: busy.get(start)! / bucketMs }));
}

export function peakOf(buckets: LittleBucket[]): number {
  let peak = 0;
  for (const b of buckets) if (b.concurrency > peak) peak = b.concurrency;
  return peak;
}

/** Requests per second a concurrency limit sustains at a mean duration W: limit / W. */
export function maxSustainableRps(limit: number, meanDurationMs: number): number | null {
  return meanDurationMs > 0 ? limit / (meanDurationMs / 1000) : null;
}
