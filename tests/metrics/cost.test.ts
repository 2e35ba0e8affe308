import { describe, expect, it } from "vitest";
import { gbSeconds, monthlyCosts, observedCost, SECONDS_PER_MONTH, tieredDurationCost } from "../../lib/metrics/cost";
import { DEFAULT_PRICES, mergePrices } from "../../lib/metrics/prices";

describe("cost (reference sections 6 and 7)", () => {
  it("GB-seconds use Billed Duration plus Billed Restore Duration, never Init on top", () => {
    expect(gbSeconds(1000, NaN, 1024)).toBe(1);
    expect(gbSeconds(610, 303, 3009)).toBeCloseTo((913 / 1000) * (3009 / 1024), 12);
    expect(gbSeconds(NaN, NaN, 128)).toBe(0);
  });

  it("prices observed use at the first tier plus requests", () => {
    // 1M requests of 1 GB-s on x86_64: 1e6 × 0.0000166667 + 0.20
    expect(observedCost(DEFAULT_PRICES, "x86_64", 1e6, 1e6)).toBeCloseTo(16.6667 + 0.2, 6);
    expect(observedCost(DEFAULT_PRICES, "arm64", 1e6, 0)).toBeCloseTo(13.3334, 6);
  });

  it("walks the monthly tiers", () => {
    const gbs = 7e9; // 6 B at tier 1, 1 B at tier 2
    expect(tieredDurationCost(DEFAULT_PRICES, "x86_64", gbs)).toBeCloseTo(6e9 * 0.0000166667 + 1e9 * 0.000015, 3);
    expect(tieredDurationCost(DEFAULT_PRICES, "x86_64", 20e9)).toBeCloseTo(6e9 * 0.0000166667 + 9e9 * 0.000015 + 5e9 * 0.0000133334, 3);
  });

  it("projects the observed rate over 30 days, free tier only when asked", () => {
    // one hour observed: 100 GB-s and 1000 requests → ×720 a month
    const usage = [{ arch: "x86_64" as const, gbSeconds: 100, requests: 1000 }];
    const [noFree] = monthlyCosts(DEFAULT_PRICES, usage, 3600, false);
    expect(noFree).toBeCloseTo(72_000 * 0.0000166667 + 0.72 * 0.2, 9);
    const [free] = monthlyCosts(DEFAULT_PRICES, usage, 3600, true);
    expect(free).toBe(0);
    expect(monthlyCosts(DEFAULT_PRICES, usage, 0, false)).toEqual([null]);
    expect(SECONDS_PER_MONTH).toBe(2_592_000);
  });

  it("shares tiered account totals between functions by use", () => {
    const usage = [
      { arch: "x86_64" as const, gbSeconds: 3e9 / 720, requests: 0 },
      { arch: "x86_64" as const, gbSeconds: 9e9 / 720, requests: 0 },
    ];
    const [a, b] = monthlyCosts(DEFAULT_PRICES, usage, 3600, false) as number[];
    const total = tieredDurationCost(DEFAULT_PRICES, "x86_64", 12e9);
    expect(a + b).toBeCloseTo(total, 3);
    expect(b / a).toBeCloseTo(3, 9);
  });

  it("lets the user override prices, and names a bad field", () => {
    const p = mergePrices({ requestPerMillion: 0.25, architectures: { arm64: { tiers: [{ upToGbSeconds: null, pricePerGbSecond: 0.00001 }] } } });
    expect(p.requestPerMillion).toBe(0.25);
    expect(p.architectures.arm64.tiers).toHaveLength(1);
    expect(p.architectures.x86_64.tiers[0].pricePerGbSecond).toBe(0.0000166667);
    expect(() => mergePrices({ architectures: { arm64: { tiers: [{ pricePerGbSecond: "cheap" }] } } })).toThrow(/architectures\.arm64\.tiers\[0\]\.pricePerGbSecond/);
    expect(() => mergePrices({ architectures: { mips: {} } })).toThrow(/architectures\.mips/);
  });
});
