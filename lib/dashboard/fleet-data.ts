import type { Sql } from "../store/sql";
import { summarizeStored } from "../store/report";
import { storedSummaryOptions } from "../store/report-options";
import { dataWindow } from "../store/queries/data-window";
import { regionPeaks } from "../store/queries/region-peaks";
import { accountLimit, type ResolvedLimit } from "../metrics/limits";
import type { FunctionSummary } from "../metrics/summary";
import { resolveRange, type RangeQuery, type ResolvedRange } from "./range";

export interface RegionTotal {
  region: string;
  /** the largest sum of the functions' exact peaks in one minute: an upper bound of the region's concurrency */
  peakSum: number;
  limit: ResolvedLimit;
}

/** The fleet page: every function's figures for the range (the same as `report --json`), and totals. */
export interface FleetData {
  range: ResolvedRange;
  functions: FunctionSummary[];
  /** functions in the database, with data in the range or not */
  known: number;
  window: { start: string | null; end: string | null };
  dataWindow: { first: string | null; last: string | null };
  totals: { invocations: number; costUsd: number; monthlyCostUsd: number | null; regions: RegionTotal[] };
}

const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);

export async function fleetData(sql: Sql, q: RangeQuery, now = Date.now()): Promise<FleetData> {
  const [stored, all] = await Promise.all([storedSummaryOptions(sql), dataWindow(sql, { since: null, until: null })]);
  const range = resolveRange(q, now, all);
  const figures = { since: range.since, until: range.until };
  const [report, peaks] = await Promise.all([summarizeStored(sql, figures, stored), regionPeaks(sql, figures)]);
  const monthly = report.functions.map((f) => f.monthlyCostUsd);
  return {
    range,
    functions: report.functions,
    known: stored.facts.length,
    window: report.window,
    dataWindow: { first: iso(all.first), last: iso(all.last) },
    totals: {
      invocations: report.functions.reduce((a, f) => a + f.invocations, 0),
      costUsd: report.functions.reduce((a, f) => a + f.costUsd, 0),
      monthlyCostUsd: monthly.some((m) => m === null) ? null : monthly.reduce<number>((a, m) => a + m!, 0),
      regions: peaks.map((p) => {
        const region = p.region || stored.settings.defaultRegion;
        const fromApi = stored.facts.find((f) => (f.region ?? stored.settings.defaultRegion) === region && f.accountConcurrencyLimit !== null)?.accountConcurrencyLimit;
        return { region, peakSum: p.peakSum, limit: accountLimit(region, stored.settings, undefined, fromApi) };
      }),
    },
  };
}
