import { expect } from "vitest";
import type { FleetSummary, FunctionSummary } from "../../lib/metrics/summary";

const EXACT: (keyof FunctionSummary)[] = [
  "name", "invocations", "coldStarts", "snapStartRestores", "coldStartRate", "preInvokeInits", "unusedInits", "initFailures", "initFailuresByStatus",
  "timeouts", "peakConcurrency", "memorySizeMB", "maxMemoryUsedMB", "architecture", "runtimes",
];
const CLOSE: (keyof FunctionSummary)[] = ["littlesLawPeak", "gbSeconds", "costUsd", "monthlyCostUsd", "initGbSeconds", "meanDurationMs"];

/** report (from rollups) against analyze (from records): counts exact, sums to rounding, percentiles within 2%. */
export function expectSameSummary(fromStore: FleetSummary, fromRecords: FleetSummary): void {
  expect(fromStore.functions.map((f) => f.name)).toEqual(fromRecords.functions.map((f) => f.name));
  expect(fromStore.window).toEqual(fromRecords.window);
  fromRecords.functions.forEach((want, i) => {
    const got = fromStore.functions[i];
    for (const k of EXACT) expect(got[k], `${want.name}.${k}`).toEqual(want[k]);
    for (const k of CLOSE) {
      const a = got[k] as number | null;
      const b = want[k] as number | null;
      if (b === null) expect(a, `${want.name}.${k}`).toBeNull();
      else expect(Math.abs(a! - b), `${want.name}.${k}: ${a} vs ${b}`).toBeLessThanOrEqual(Math.abs(b) * 1e-6 + 1e-9);
    }
    for (const k of ["durationMs", "initDurationMs"] as const) {
      const a = got[k];
      const b = want[k];
      if (b === null) {
        expect(a, `${want.name}.${k}`).toBeNull();
        continue;
      }
      expect(a!.max).toBe(b.max);
      for (const p of ["p50", "p95", "p99"] as const) expect(Math.abs(a![p] - b[p]), `${want.name}.${k}.${p}: ${a![p]} vs ${b[p]}`).toBeLessThanOrEqual(b[p] * 0.02);
    }
  });
}
