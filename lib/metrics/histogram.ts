/**
 * Fixed logarithmic buckets for durations, shared by every rollup so histograms can be
 * added up: bucket i holds values in [MIN·R^i, MIN·R^(i+1)). With R = 1.02 a value read
 * back as the bucket's geometric middle is within 1% of the truth.
 */
export const HIST_MIN_MS = 0.01;
export const HIST_RATIO = 1.02;
const LOG_RATIO = Math.log(HIST_RATIO);

export type Histogram = Map<number, number>;

export function bucketOf(ms: number): number {
  if (!(ms > HIST_MIN_MS)) return 0;
  return Math.floor(Math.log(ms / HIST_MIN_MS) / LOG_RATIO);
}

export function bucketValue(i: number): number {
  return i === 0 ? HIST_MIN_MS : HIST_MIN_MS * HIST_RATIO ** (i + 0.5);
}

/** The smallest value bucket i holds. */
export function bucketFloor(i: number): number {
  return i === 0 ? 0 : HIST_MIN_MS * HIST_RATIO ** i;
}

export function addToHistogram(h: Histogram, ms: number): void {
  const b = bucketOf(ms);
  h.set(b, (h.get(b) ?? 0) + 1);
}

export function mergeHistogram(into: Histogram, from: Histogram): void {
  for (const [b, n] of from) into.set(b, (into.get(b) ?? 0) + n);
}

export function histogramToJson(h: Histogram): string {
  const o: Record<string, number> = {};
  for (const [b, n] of [...h.entries()].sort((x, y) => x[0] - y[0])) o[b] = n;
  return JSON.stringify(o);
}

export function histogramFromJson(text: string): Histogram {
  const h: Histogram = new Map();
  for (const [b, n] of Object.entries(JSON.parse(text) as Record<string, number>)) h.set(Number(b), n);
  return h;
}

/** Nearest-rank percentile read from a histogram, never above the exact maximum. */
export function histogramPercentile(h: Histogram, p: number, max: number): number {
  let total = 0;
  for (const n of h.values()) total += n;
  if (total === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const b of [...h.keys()].sort((x, y) => x - y)) {
    seen += h.get(b)!;
    if (seen >= rank) return Math.min(bucketValue(b), max);
  }
  return max;
}
