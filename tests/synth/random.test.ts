import { describe, expect, it } from "vitest";
import { Rng, hashString } from "../../lib/synth/index";

describe("Rng", () => {
  it("repeats the same sequence for the same seed", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 1000 }, () => a.nextU32());
    const ys = Array.from({ length: 1000 }, () => b.nextU32());
    expect(xs).toEqual(ys);
    expect(new Set(xs).size).toBeGreaterThan(995);
  });

  it("gives a different sequence for a different seed", () => {
    const a = new Rng(1);
    const b = new Rng(2);
    const xs = Array.from({ length: 20 }, () => a.nextU32());
    const ys = Array.from({ length: 20 }, () => b.nextU32());
    expect(xs).not.toEqual(ys);
  });

  it("pins its first outputs so the generator's bytes cannot drift silently", () => {
    const r = new Rng(1);
    expect([r.nextU32(), r.nextU32(), r.nextU32()]).toEqual([2442144158, 3238099751, 3819917871]);
  });

  it("derives independent streams per label", () => {
    expect(Rng.derive(1, "function:orders-api").nextU32()).not.toBe(Rng.derive(1, "function:thumbnailer").nextU32());
    expect(Rng.derive(1, "x").nextU32()).toBe(Rng.derive(1, "x").nextU32());
    expect(hashString("orders-api")).toBe(hashString("orders-api"));
  });

  it("makes UUID v4-shaped request ids and hex strings", () => {
    const r = new Rng(7);
    for (let i = 0; i < 200; i++) {
      expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(r.hex(32)).toMatch(/^[0-9a-f]{32}$/);
    expect(r.hex(5)).toMatch(/^[0-9a-f]{5}$/);
  });

  it("draws floats in [0, 1) with a sane mean, and lognormals around their median", () => {
    const r = new Rng(3);
    const xs = Array.from({ length: 20_000 }, () => r.float());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(0.5, 1);
    const samples = Array.from({ length: 5001 }, () => r.lognormal(100, 0.5)).sort((a, b) => a - b);
    expect(samples[2500]).toBeGreaterThan(90);
    expect(samples[2500]).toBeLessThan(110);
  });

  it("keeps binomial draws within [0, n] and near n*p", () => {
    const r = new Rng(5);
    let total = 0;
    for (let i = 0; i < 500; i++) {
      const k = r.binomial(1000, 0.3);
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThanOrEqual(1000);
      total += k;
    }
    expect(total / 500).toBeGreaterThan(290);
    expect(total / 500).toBeLessThan(310);
    expect(r.binomial(10, 1)).toBe(10);
    expect(r.binomial(10, 0)).toBe(0);
  });
});
