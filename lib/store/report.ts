import type { Sql } from "./sql";
import { aggregateRollups } from "../metrics/minute-rollups";
import { countInits } from "../metrics/inits";
import { summarizeAggregates, type FleetSummary } from "../metrics/summary";
import type { FunctionAggregate } from "../metrics/aggregate";
import { rollupsByFunction } from "./queries/rollups-by-function";
import { functionsWithInits } from "./queries/functions-with-inits";
import { initInput } from "./queries/init-input";
import { dataWindow } from "./queries/data-window";
import type { TimeRange } from "./queries/time-range";
import { storedSummaryOptions, type CommandLineOptions } from "./report-options";
import type { Architecture } from "../metrics/prices";

export interface ReportOptions extends CommandLineOptions {
  functionName?: string;
  /** per function, over what the settings and the Lambda API say */
  architectures?: Record<string, Architecture>;
}

/** The same per-function summary as `analyze`, computed from the database's rollups, with the stored settings. */
export async function reportFromStore(sql: Sql, range: TimeRange, options: ReportOptions = {}): Promise<FleetSummary> {
  const stored = await storedSummaryOptions(sql, options);
  const bucketMs = stored.bucketMs;
  const byFunction = new Map((await rollupsByFunction(sql, range, options.functionName)).map((f) => [f.functionId, f]));
  for (const f of await functionsWithInits(sql, range, options.functionName)) {
    if (!byFunction.has(f.functionId)) byFunction.set(f.functionId, { ...f, rollups: [] });
  }
  const aggregates: FunctionAggregate[] = [];
  for (const f of byFunction.values()) {
    const inits = await initInput(sql, f.functionId, range);
    const a = aggregateRollups(f.name, f.rollups, countInits(inits), inits.runtimes, bucketMs);
    if (a.invocations > 0 || inits.environments.length > 0 || inits.initReportStatuses.length > 0) aggregates.push(a);
  }
  const w = await dataWindow(sql, range);
  return summarizeAggregates(aggregates, w.first, w.last, { ...stored, architectures: { ...stored.architectures, ...options.architectures } });
}
