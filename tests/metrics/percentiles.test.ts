import { describe, expect, it } from "vitest";
import { nearestRank, percentiles } from "../../lib/metrics/percentiles";

describe("percentiles", () => {
  it("nearest rank: the smallest value with at least p% at or below it", () => {
    const v = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(nearestRank(v, 50)).toBe(50);
    expect(nearestRank(v, 95)).toBe(95);
    expect(nearestRank(v, 99)).toBe(99);
    expect(nearestRank(Float64Array.from([7]), 99)).toBe(7);
  });

  it("ignores missing values and gives null when none are left", () => {
    expect(percentiles(Float64Array.from([NaN, 3, 1, 2, NaN]))).toEqual({ p50: 2, p95: 3, p99: 3, max: 3 });
    expect(percentiles(Float64Array.from([NaN]))).toBeNull();
  });
});
