import type { Sql } from "./sql";
import { countInits } from "../metrics/inits";
import { summarizeAggregates, type FleetSummary } from "../metrics/summary";
import type { FunctionAggregate } from "../metrics/aggregate";
import { aggregatePeriods } from "../metrics/rollup-period";
import { GRAINS } from "../metrics/range-parts";
import { MINUTE_MS } from "../metrics/minute-rollups";
import type { Architecture } from "../metrics/prices";
import { rollupPeriods } from "./queries/rollup-periods";
import { initInputs } from "./queries/init-input";
import { dataWindow } from "./queries/data-window";
import type { TimeRange } from "./queries/time-range";
import { storedSummaryOptions, type CommandLineOptions, type StoredSummaryOptions } from "./report-options";

export interface ReportOptions extends CommandLineOptions {
  functionName?: string;
  /** per function, over what the settings and the Lambda API say */
  architectures?: Record<string, Architecture>;
}

const NO_INITS = { environments: [], virtualColdStarts: [], virtualLastStart: -Infinity, initReportStatuses: [], runtimes: [] };

/** Per-function aggregates over a range, read from rollups and init events. */
export async function aggregatesFromStore(sql: Sql, range: TimeRange, functionName: string | undefined, bucketMs: number): Promise<FunctionAggregate[]> {
  // Little's Law over buckets other than a minute needs every minute of the range
  const grains = bucketMs === MINUTE_MS ? GRAINS : [MINUTE_MS];
  const [byFunction, inits] = await Promise.all([rollupPeriods(sql, range, { functionName, grains }), initInputs(sql, range, functionName)]);
  const names = new Map<number, string>(byFunction.map((f) => [f.functionId, f.name]));
  for (const [id, i] of inits) names.set(id, i.name);
  const periods = new Map(byFunction.map((f) => [f.functionId, f.periods]));
  const out: FunctionAggregate[] = [];
  for (const [id, name] of names) {
    const i = inits.get(id) ?? NO_INITS;
    const a = aggregatePeriods(name, periods.get(id) ?? [], countInits(i), i.runtimes, bucketMs);
    if (a.invocations > 0 || i.environments.length > 0 || i.initReportStatuses.length > 0) out.push(a);
  }
  return out;
}

/** The same per-function summary as `analyze`, computed from the database's rollups, with the stored settings. */
export async function reportFromStore(sql: Sql, range: TimeRange, options: ReportOptions = {}): Promise<FleetSummary> {
  const stored = await storedSummaryOptions(sql, options);
  return summarizeStored(sql, range, stored, options);
}

export async function summarizeStored(sql: Sql, range: TimeRange, stored: StoredSummaryOptions, options: ReportOptions = {}): Promise<FleetSummary> {
  const [aggregates, w] = await Promise.all([aggregatesFromStore(sql, range, options.functionName, stored.bucketMs), dataWindow(sql, range)]);
  return summarizeAggregates(aggregates, w.first, w.last, { ...stored, architectures: { ...stored.architectures, ...options.architectures } });
}
