import { describe, expect, it } from "vitest";
import { RangeError400, resolveRange } from "../../lib/dashboard/range";

const now = Date.parse("2026-11-30T15:47:12Z");
const recent = { first: Date.parse("2026-11-01T00:00:00Z"), last: now - 60_000 };

describe("resolveRange", () => {
  it("sizes buckets to 60-200 points and widens presets to whole buckets", () => {
    for (const [range, bucket, points] of [["1h", 60_000, 61], ["24h", 600_000, 145], ["7d", 3_600_000, 169], ["30d", 4 * 3_600_000, 181]] as const) {
      const r = resolveRange({ range }, now, recent);
      expect(r.bucketMs).toBe(bucket);
      expect((r.until! - r.since!) / r.bucketMs).toBe(points);
      expect(r.until! % bucket).toBe(0);
      expect(r.until).toBeGreaterThan(now);
      expect(r.chart).toEqual({ since: r.since, until: r.until });
    }
  });

  it("defaults to 24 h when data is that recent, else to all of it", () => {
    expect(resolveRange({}, now, recent).preset).toBe("24h");
    const old = resolveRange({}, now, { first: Date.parse("2024-05-01T00:00:00Z"), last: Date.parse("2024-05-03T12:00:00Z") });
    expect(old.preset).toBe("all");
    expect([old.since, old.until]).toEqual([null, null]);
    expect(old.chart).toEqual({ since: Date.parse("2024-05-01T00:00:00Z"), until: Date.parse("2024-05-03T12:30:00Z") });
    expect(old.bucketMs).toBe(30 * 60_000);
    expect(resolveRange({}, now, { first: Infinity, last: -Infinity })).toMatchObject({ preset: "all", chart: null });
  });

  it("takes custom ranges in UTC, from datetime-local inputs too", () => {
    const r = resolveRange({ from: "2024-05-01T10:00", to: "2024-05-02T10:00" }, now, recent);
    expect([r.preset, r.since, r.until, r.bucketMs]).toEqual(["custom", Date.parse("2024-05-01T10:00:00Z"), Date.parse("2024-05-02T10:00:00Z"), 600_000]);
  });

  it("refuses what it cannot read, naming the field", () => {
    expect(() => resolveRange({ range: "2w" }, now, recent)).toThrow(RangeError400);
    expect(() => resolveRange({ range: "2w" }, now, recent)).toThrow(/range: expected one of 1h, 24h, 7d, 30d, all/);
    expect(() => resolveRange({ from: "yesterday", to: "2024-05-02T00:00:00Z" }, now, recent)).toThrow(/from: expected an ISO time/);
    expect(() => resolveRange({ from: "2024-05-02T00:00:00Z", to: "2024-05-01T00:00:00Z" }, now, recent)).toThrow(/must be after/);
    expect(() => resolveRange({ from: "2024-05-02T00:00:00Z" }, now, recent)).toThrow(/needs both from and to/);
  });
});
