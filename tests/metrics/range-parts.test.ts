import { describe, expect, it } from "vitest";
import { rangeParts } from "../../lib/metrics/range-parts";

const MIN = 60_000;
const H = 3_600_000;
const D = 86_400_000;
const t = (iso: string) => Date.parse(iso);

describe("rangeParts", () => {
  it("tiles a month as minutes, hours, days, hours, minutes", () => {
    const parts = rangeParts(t("2024-05-01T10:20:30Z"), t("2024-05-31T08:15:00Z"));
    expect(parts).toEqual([
      { grainMs: MIN, from: t("2024-05-01T10:21:00Z"), to: t("2024-05-01T11:00:00Z") },
      { grainMs: H, from: t("2024-05-01T11:00:00Z"), to: t("2024-05-02T00:00:00Z") },
      { grainMs: D, from: t("2024-05-02T00:00:00Z"), to: t("2024-05-31T00:00:00Z") },
      { grainMs: H, from: t("2024-05-31T00:00:00Z"), to: t("2024-05-31T08:00:00Z") },
      { grainMs: MIN, from: t("2024-05-31T08:00:00Z"), to: t("2024-05-31T08:15:00Z") },
    ]);
  });

  it("leaves out what is empty and what the grains exclude", () => {
    expect(rangeParts(t("2024-05-01T10:00:00Z"), t("2024-05-01T12:00:00Z"))).toEqual([{ grainMs: H, from: t("2024-05-01T10:00:00Z"), to: t("2024-05-01T12:00:00Z") }]);
    expect(rangeParts(t("2024-05-01T10:05:00Z"), t("2024-05-01T10:50:00Z"))).toEqual([{ grainMs: MIN, from: t("2024-05-01T10:05:00Z"), to: t("2024-05-01T10:50:00Z") }]);
    expect(rangeParts(t("2024-05-01T00:00:00Z"), t("2024-05-03T00:00:00Z"), [H, MIN])).toEqual([{ grainMs: H, from: t("2024-05-01T00:00:00Z"), to: t("2024-05-03T00:00:00Z") }]);
    expect(rangeParts(t("2024-05-01T10:00:00Z"), t("2024-05-01T10:00:00Z"))).toEqual([]);
  });

  it("keeps open ends open", () => {
    expect(rangeParts(null, null)).toEqual([{ grainMs: D, from: null, to: null }]);
    expect(rangeParts(t("2024-05-01T23:59:00Z"), null)).toEqual([
      { grainMs: MIN, from: t("2024-05-01T23:59:00Z"), to: t("2024-05-02T00:00:00Z") },
      { grainMs: D, from: t("2024-05-02T00:00:00Z"), to: null },
    ]);
  });

  it("covers every minute of the range exactly once", () => {
    for (const [a, b] of [[1_714_560_000_000 + 37 * MIN + 5000, 1_714_560_000_000 + 3 * D + 7 * H + 11 * MIN], [5 * D - MIN, 9 * D + 2 * MIN]]) {
      const covered: number[] = [];
      for (const p of rangeParts(a, b)) for (let m = p.from!; m < p.to!; m += MIN) covered.push(m);
      const expected: number[] = [];
      for (let m = Math.ceil(a / MIN) * MIN; m < Math.ceil(b / MIN) * MIN; m += MIN) expected.push(m);
      expect(covered).toEqual(expected);
    }
  });
});
