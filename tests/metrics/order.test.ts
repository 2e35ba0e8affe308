import { describe, expect, it } from "vitest";
import { selectKth, sortNearlySorted } from "../../lib/metrics/order";
import { nearestRank, percentiles } from "../../lib/metrics/percentiles";
import { exactPeakConcurrency } from "../../lib/metrics/concurrency";
import { Rng } from "../../lib/synth/random";

const rng = new Rng(42);
const uniform = () => rng.nextU32() / 2 ** 32;

/** Arrays of the shapes the metrics meet: in order, nearly so, reversed, random, few distinct values. */
function shapes(n: number): Record<string, Float64Array> {
  const sorted = Float64Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 37);
  const nearly = sorted.map((v) => v + Math.floor(uniform() * 500));
  return {
    sorted,
    nearly,
    reversed: sorted.slice().reverse(),
    random: Float64Array.from({ length: n }, () => Math.round(uniform() * 1e6) / 100),
    duplicates: Float64Array.from({ length: n }, () => Math.floor(uniform() * 7)),
    equal: new Float64Array(n).fill(3.5),
  };
}

const byValue = (a: Float64Array) => a.slice().sort();

describe("ordering helpers", () => {
  for (const n of [0, 1, 2, 3, 10, 1000, 50_000]) {
    for (const [shape, values] of Object.entries(shapes(n))) {
      it(`sortNearlySorted sorts ${n} values (${shape})`, () => {
        expect(sortNearlySorted(values.slice())).toEqual(byValue(values));
      });

      it(`selectKth finds p50, p95, p99 among ${n} values (${shape}) as a full sort does`, () => {
        if (n === 0) return expect(percentiles(values)).toBeNull();
        const want = byValue(values);
        expect(percentiles(values)).toEqual({ p50: nearestRank(want, 50), p95: nearestRank(want, 95), p99: nearestRank(want, 99), max: want[n - 1] });
        const v = values.slice();
        const k = Math.floor(n / 3);
        expect(selectKth(v, k)).toBe(want[k]);
        for (let i = 0; i < k; i++) expect(v[i]).toBeLessThanOrEqual(v[k]);
        for (let i = k + 1; i < n; i++) expect(v[i]).toBeGreaterThanOrEqual(v[k]);
      });
    }
  }

  it("exact peak concurrency is the same whether the times come sorted, nearly sorted or shuffled", () => {
    const starts = shapes(20_000).nearly;
    const durations = starts.map(() => 100 + Math.floor(uniform() * 5000));
    const ends = starts.map((s, i) => s + durations[i]);
    const brute = (() => {
      // every start instant, counted directly
      const s = byValue(starts);
      const e = byValue(ends);
      let peak = 0;
      for (let i = 0, j = 0; i < s.length; i++) {
        while (j < e.length && e[j] <= s[i]) j++;
        peak = Math.max(peak, i + 1 - j);
      }
      return peak;
    })();
    expect(brute).toBeGreaterThan(50);
    expect(exactPeakConcurrency(starts.slice(), ends.slice())).toBe(brute);
    const order = Array.from(starts.keys()).sort(() => uniform() - 0.5);
    expect(exactPeakConcurrency(Float64Array.from(order, (i) => starts[i]), Float64Array.from(order, (i) => ends[i]))).toBe(brute);
  });
});
