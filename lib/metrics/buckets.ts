import { MINUTE_MS } from "./minute-rollups";
import { DAY_MS, HOUR_MS } from "./rollup-period";

/** Bucket lengths a chart may use: each divides the next larger grain, so rollup periods fit whole. */
export const BUCKETS_MS = [
  MINUTE_MS, 2 * MINUTE_MS, 5 * MINUTE_MS, 10 * MINUTE_MS, 15 * MINUTE_MS, 30 * MINUTE_MS,
  HOUR_MS, 2 * HOUR_MS, 3 * HOUR_MS, 4 * HOUR_MS, 6 * HOUR_MS, 12 * HOUR_MS,
  DAY_MS, 2 * DAY_MS, 7 * DAY_MS, 14 * DAY_MS, 30 * DAY_MS,
];

export const MAX_POINTS = 200;

/** The shortest bucket that keeps a range to at most 200 points (a minute at least: rollups go no finer). */
export function bucketFor(spanMs: number): number {
  for (const b of BUCKETS_MS) if (spanMs / b <= MAX_POINTS) return b;
  return BUCKETS_MS[BUCKETS_MS.length - 1];
}

/** Bucket starts covering [since, until), aligned to the bucket length. */
export function bucketStarts(since: number, until: number, bucketMs: number): number[] {
  const out: number[] = [];
  for (let t = Math.floor(since / bucketMs) * bucketMs; t < until; t += bucketMs) out.push(t);
  return out;
}

/** The rollup grains a chart of this bucket can read: only those that fit whole in a bucket. */
export function grainsFor(bucketMs: number): number[] {
  return [DAY_MS, HOUR_MS, MINUTE_MS].filter((g) => bucketMs % g === 0);
}

export function formatBucket(ms: number): string {
  if (ms % DAY_MS === 0) return ms === DAY_MS ? "1 day" : `${ms / DAY_MS} days`;
  if (ms % HOUR_MS === 0) return ms === HOUR_MS ? "1 hour" : `${ms / HOUR_MS} hours`;
  return ms === MINUTE_MS ? "1 minute" : `${ms / MINUTE_MS} minutes`;
}
