import { describe, expect, it } from "vitest";
import { exactPeakConcurrency, littlesLawBuckets, maxSustainableRps, peakOf } from "../../lib/metrics/concurrency";

const f = (a: number[]) => Float64Array.from(a);

describe("exact peak concurrency", () => {
  it("treats intervals as half-open: one ending at t does not overlap one starting at t", () => {
    expect(exactPeakConcurrency(f([0, 100]), f([100, 200]))).toBe(1);
    expect(exactPeakConcurrency(f([0, 99]), f([100, 200]))).toBe(2);
  });

  it("finds the deepest overlap whatever the order", () => {
    const starts = [50, 0, 10, 20, 300];
    const ends = [60, 100, 30, 25, 400];
    expect(exactPeakConcurrency(f(starts), f(ends))).toBe(3);
    expect(exactPeakConcurrency(f([...starts].reverse()), f([...ends].reverse()))).toBe(3);
  });

  it("is zero with no intervals", () => {
    expect(exactPeakConcurrency(f([]), f([]))).toBe(0);
  });
});

describe("Little's Law", () => {
  it("L = λ × W per bucket, each invocation in the bucket of its start", () => {
    // 120 invocations of 500 ms in the first minute: λ = 2/s, W = 0.5 s, L = 1
    const starts = Array.from({ length: 120 }, (_, i) => i * 500);
    const buckets = littlesLawBuckets(f(starts), f(starts.map(() => 500)), 60_000);
    expect(buckets).toEqual([{ start: 0, invocations: 120, concurrency: 1 }]);
  });

  it("leaves empty buckets out (a gap, not a zero) and finds the peak", () => {
    const buckets = littlesLawBuckets(f([0, 1000, 180_000]), f([30_000, 30_000, 6_000]), 60_000);
    expect(buckets.map((b) => b.start)).toEqual([0, 180_000]);
    expect(peakOf(buckets)).toBe(1);
  });

  it("has no buckets without invocations", () => {
    expect(littlesLawBuckets(f([]), f([]), 60_000)).toEqual([]);
  });

  it("keeps buckets far apart (a window of years, mostly empty) in order", () => {
    const year = 365 * 86_400_000;
    const buckets = littlesLawBuckets(f([3 * year + 5_000, 0, 3 * year, 1_000]), f([60_000, 30_000, 60_000, 30_000]), 60_000);
    expect(buckets).toEqual([
      { start: 0, invocations: 2, concurrency: 1 },
      { start: 3 * year, invocations: 2, concurrency: 2 },
    ]);
  });

  it("max sustainable rate: 3,000 concurrency with 600 s functions throttles above 5 requests/s", () => {
    expect(maxSustainableRps(3000, 600_000)).toBe(5);
    expect(maxSustainableRps(1000, 0)).toBeNull();
  });
});
