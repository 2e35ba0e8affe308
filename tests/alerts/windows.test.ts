import { describe, expect, it } from "vitest";
import { birthsPerInterval, slidingMax, slidingSum } from "../../lib/alerts/windows";
import { transitions } from "../../lib/alerts/state-machine";
import { globMatcher } from "../../lib/alerts/glob";
import { retryDelay, nextAttemptAt } from "../../lib/alerts/backoff";
import { signatureHeader, verifySignature } from "../../lib/alerts/signature";

const M = 60_000;

describe("sliding windows", () => {
  const points = [0, 1, 2, 5, 6].map((i, k) => ({ minute: i * M, value: [3, 9, 4, 1, 2][k] }));
  it("max over (end − window, end], with the minute it was reached, 0 when empty", () => {
    expect(slidingMax(points, 0, 9 * M, 3 * M).map((s) => [s.end / M, s.value, s.at === null ? null : s.at / M])).toEqual([
      [0, 3, 0], [1, 9, 1], [2, 9, 1], [3, 9, 1], [4, 4, 2], [5, 1, 5], [6, 2, 6], [7, 2, 6], [8, 2, 6], [9, 0, null],
    ]);
  });
  it("a window starting after earlier points ignores them", () => {
    expect(slidingMax(points, 5 * M, 5 * M, 2 * M)).toEqual([{ end: 5 * M, value: 1, at: 5 * M }]);
  });
  it("sums over windows", () => {
    const p = [0, 1, 4].map((i) => ({ minute: i * M, a: i + 1, b: 10 }));
    expect(slidingSum(p, 0, 5 * M, 2 * M).map((s) => [s.a, s.b])).toEqual([[1, 10], [3, 20], [2, 10], [0, 0], [5, 10], [5, 10]]);
  });
  it("counts the most births in any 10 s, by the minute the 10 s begin", () => {
    const births = [0, 1000, 9999, 10_000, 59_000, 61_000, 62_000, 65_000, 120_000];
    expect(birthsPerInterval(births, 10_000)).toEqual([
      // the 10 s from 59 s hold 59, 61, 62 and 65 s: counted in minute 0, where they begin
      { minute: 0, value: 4 },
      { minute: M, value: 3 },
      { minute: 2 * M, value: 1 },
    ]);
  });
});

describe("hysteresis", () => {
  const s = (value: number, eligible = true) => ({ end: value, value, eligible });
  it("fires at the threshold, resolves at or below the resolve threshold, nothing in between", () => {
    const r = transitions("ok", [s(50), s(80), s(75), s(85), s(71), s(70), s(79), s(90)], 80, 70);
    expect(r.transitions.map((t) => [t.state, t.sample.value, t.threshold])).toEqual([["firing", 80, 80], ["resolved", 70, 70], ["firing", 90, 80]]);
    expect(r.state).toBe("firing");
  });
  it("never fires on a window with too little data, and resolves on one", () => {
    expect(transitions("ok", [s(0.5, false)], 0.05, 0.03).transitions).toEqual([]);
    expect(transitions("firing", [s(0.5, false)], 0.05, 0.03).transitions.map((t) => t.state)).toEqual(["resolved"]);
  });
});

describe("small pieces", () => {
  it("globs match whole names", () => {
    const m = globMatcher("orders-*");
    expect(["orders-api", "orders-", "my-orders-api", "orders"].map(m)).toEqual([true, true, false, false]);
    expect(globMatcher("api-?")("api-1")).toBe(true);
    expect(globMatcher("a.b")("axb")).toBe(false);
    expect(globMatcher(null)("anything")).toBe(true);
  });
  it("backoff doubles with jitter between half and all of it, and stops at the deadline", () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 1000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 1000, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelay(30, 1000, () => 1)).toBe(600_000);
    expect(nextAttemptAt(0, 3, 3999, 1000, () => 1)).toBeNull();
    expect(nextAttemptAt(0, 3, 4000, 1000, () => 1)).toBe(4000);
  });
  it("signatures verify with the secret and within the tolerance only", () => {
    const h = signatureHeader("k", '{"id":"x"}', 1_700_000_000);
    expect(h).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature("k", '{"id":"x"}', h, 1_700_000_100)).toBe(true);
    expect(verifySignature("k", '{"id":"y"}', h, 1_700_000_100)).toBe(false);
    expect(verifySignature("k", '{"id":"x"}', h, 1_700_000_400)).toBe(false);
  });
});
