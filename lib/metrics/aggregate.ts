import type { Percentiles } from "./percentiles";
import type { InitCounts } from "./inits";

/**
 * Everything a function's summary is made from, whichever way it was gathered: exact,
 * from raw records (analyze), or from minute rollups (report). Costs, rates and hints
 * are derived from it in one place (summary.ts).
 */
export interface FunctionAggregate {
  name: string;
  invocations: number;
  coldStarts: number;
  restores: number;
  timeouts: number;
  gbSeconds: number;
  initGbSeconds: number;
  durationSum: number;
  durationCount: number;
  peakConcurrency: number;
  littlesLawPeak: number;
  durationMs: Percentiles | null;
  initDurationMs: Percentiles | null;
  memorySizeMB: number | null;
  maxMemoryUsedMB: number | null;
  inits: InitCounts;
  runtimes: string[];
  firstSeen: number;
  lastSeen: number;
  /** Repeated REPORTs dropped; null where it is not known (reports from the database). */
  duplicateReports: number | null;
}
