import { HAS_REPORT, TIMEOUT_LINE, type FleetData, type FunctionData } from "./collector";
import { exactPeakConcurrency, littlesLawBuckets, maxSustainableRps, peakOf, type LittleBucket } from "./concurrency";
import { percentiles, type Percentiles } from "./percentiles";
import { countInits, initInputFrom } from "./inits";
import { firstTierPrice, gbSeconds, monthlyCosts, observedCost } from "./cost";
import { DEFAULT_PRICES, type Architecture, type PriceTable } from "./prices";
import { rightsizing } from "./rightsizing";
import type { FunctionAggregate } from "./aggregate";
import type { ResolvedLimit } from "./limits";

export interface SummaryOptions {
  /** Architecture of functions not listed in `architectures`; logs do not say. */
  architecture: Architecture;
  architectures?: Record<string, Architecture>;
  /** Account concurrency limit the headroom is measured against, where `limits` names none. */
  concurrencyLimit: number;
  /** Where concurrencyLimit came from. */
  concurrencyLimitFrom?: ResolvedLimit["from"];
  /** Per function name: its reserved concurrency or its region's account limit (lib/metrics/limits.ts). */
  limits?: Record<string, ResolvedLimit>;
  bucketMs: number;
  prices: PriceTable;
  freeTier: boolean;
}

export const DEFAULT_SUMMARY_OPTIONS: SummaryOptions = {
  architecture: "x86_64",
  concurrencyLimit: 1000,
  bucketMs: 60_000,
  prices: DEFAULT_PRICES,
  freeTier: false,
};

/** The per-function figures of `analyze --json` and `report --json` (names and meanings are a contract). */
export interface FunctionSummary {
  name: string;
  invocations: number;
  coldStarts: number;
  snapStartRestores: number;
  coldStartRate: number | null;
  preInvokeInits: number;
  unusedInits: number;
  initFailures: number;
  initFailuresByStatus: Record<string, number>;
  timeouts: number;
  /** null when no invocation's interval is known (an input without timestamps). */
  peakConcurrency: number | null;
  littlesLawPeak: number;
  concurrencyLimit: number;
  /** reserved concurrency, or the account limit of the function's region */
  concurrencyLimitKind: ResolvedLimit["kind"];
  concurrencyLimitFrom: ResolvedLimit["from"];
  throttleHeadroom: number | null;
  meanDurationMs: number | null;
  maxSustainableRps: number | null;
  initDurationMs: Percentiles | null;
  durationMs: Percentiles | null;
  memorySizeMB: number | null;
  maxMemoryUsedMB: number | null;
  memoryUtilization: number | null;
  suggestedMemoryMB: number | null;
  architecture: Architecture;
  gbSeconds: number;
  costUsd: number;
  monthlyCostUsd: number | null;
  initGbSeconds: number;
  initCostUsd: number;
  initCostShare: number | null;
  runtimes: string[];
  firstSeen: string | null;
  lastSeen: string | null;
  duplicateReports: number | null;
}

export interface FleetSummary {
  functions: FunctionSummary[];
  window: { start: string | null; end: string | null };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Costs span $1e-7 to $1e6: keep significant digits, not decimals. */
function money(v: number): number {
  return Number(v.toPrecision(10));
}

function iso(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** Start times and durations of the invocations that have both, for concurrency. */
export function intervals(f: FunctionData): { starts: Float64Array; durations: Float64Array } {
  const starts = new Float64Array(f.n);
  const durations = new Float64Array(f.n);
  let k = 0;
  for (let i = 0; i < f.n; i++) {
    if (!(f.flags[i] & HAS_REPORT)) continue;
    const s = f.intervalStart(i);
    const d = f.duration[i];
    if (Number.isFinite(s) && d >= 0) {
      starts[k] = s;
      durations[k++] = d;
    }
  }
  return { starts: starts.subarray(0, k), durations: durations.subarray(0, k) };
}

export function littlesLawSeries(f: FunctionData, bucketMs: number): LittleBucket[] {
  const { starts, durations } = intervals(f);
  return littlesLawBuckets(starts, durations, bucketMs);
}

/** The exact aggregate of one function's raw records. */
export function aggregateRecords(f: FunctionData, bucketMs: number): FunctionAggregate {
  let invocations = 0;
  let coldStarts = 0;
  let restores = 0;
  let timeouts = 0;
  let gbs = 0;
  let initGbs = 0;
  let durSum = 0;
  let durCount = 0;
  let maxUsed = -Infinity;
  let latestTs = -Infinity;
  let memorySize = NaN;
  let first = Infinity;
  let last = -Infinity;
  const durations = new Float64Array(f.n).fill(NaN);
  const inits = new Float64Array(f.n).fill(NaN);
  for (let i = 0; i < f.n; i++) {
    if (!(f.flags[i] & HAS_REPORT)) continue;
    invocations++;
    const init = f.init[i];
    const restore = f.restore[i];
    if (init === init || restore === restore) coldStarts++;
    if (restore === restore) restores++;
    if (f.status[i] === "timeout" || f.flags[i] & TIMEOUT_LINE) timeouts++;
    const mem = f.memory[i];
    gbs += gbSeconds(f.billed[i], f.billedRestore[i], mem);
    if (init === init) {
      initGbs += gbSeconds(init, 0, mem);
      inits[i] = init;
    }
    const d = f.duration[i];
    if (d === d) {
      durations[i] = d;
      durSum += d;
      durCount++;
    }
    if (f.maxMemory[i] > maxUsed) maxUsed = f.maxMemory[i];
    // memory size can change mid-window: the latest report tells the current setting
    // (reports without a time count as earliest, as in the rollups, whatever their order)
    const ts = f.reportTs[i];
    const when = ts === ts ? ts : -Infinity;
    if (mem === mem && (when > latestTs || Number.isNaN(memorySize) || (when === latestTs && mem > memorySize))) {
      memorySize = mem;
      latestTs = when;
    }
    const s = f.intervalStart(i);
    if (s < first) first = s;
    if (ts > last) last = ts;
  }
  const { starts, durations: ivDur } = intervals(f);
  const little = peakOf(littlesLawBuckets(starts, ivDur, bucketMs));
  for (let i = 0; i < starts.length; i++) ivDur[i] += starts[i]; // now the interval ends
  const peak = exactPeakConcurrency(starts, ivDur);
  return {
    name: f.name,
    invocations,
    coldStarts,
    restores,
    timeouts,
    gbSeconds: gbs,
    initGbSeconds: initGbs,
    durationSum: durSum,
    durationCount: durCount,
    peakConcurrency: peak,
    littlesLawPeak: little,
    durationMs: percentiles(durations),
    initDurationMs: percentiles(inits),
    memorySizeMB: Number.isFinite(memorySize) ? memorySize : null,
    maxMemoryUsedMB: Number.isFinite(maxUsed) ? maxUsed : null,
    inits: countInits(initInputFrom(f)),
    runtimes: [...f.runtimes].sort(),
    firstSeen: first,
    lastSeen: last,
    duplicateReports: f.duplicateReports,
  };
}

/** Section 6 figures of one function, from its aggregate. */
export function toSummary(a: FunctionAggregate, arch: Architecture, o: SummaryOptions): Omit<FunctionSummary, "monthlyCostUsd"> {
  const meanMs = a.durationCount > 0 ? a.durationSum / a.durationCount : null;
  // every known interval opens at least one: invocations with a peak of 0 had none known
  const peak = a.invocations > 0 && a.peakConcurrency === 0 ? null : a.peakConcurrency;
  const cost = observedCost(o.prices, arch, a.gbSeconds, a.invocations);
  const initCost = a.initGbSeconds * firstTierPrice(o.prices, arch);
  const limit = o.limits?.[a.name] ?? { limit: o.concurrencyLimit, kind: "account", from: o.concurrencyLimitFrom ?? "default" };
  return {
    name: a.name,
    invocations: a.invocations,
    coldStarts: a.coldStarts,
    snapStartRestores: a.restores,
    coldStartRate: a.invocations > 0 ? round(a.coldStarts / a.invocations, 6) : null,
    ...a.inits,
    timeouts: a.timeouts,
    peakConcurrency: peak,
    littlesLawPeak: round(a.littlesLawPeak, 4),
    concurrencyLimit: limit.limit,
    concurrencyLimitKind: limit.kind,
    concurrencyLimitFrom: limit.from,
    throttleHeadroom: peak === null ? null : round(1 - peak / limit.limit, 6),
    meanDurationMs: meanMs === null ? null : round(meanMs, 3),
    maxSustainableRps: meanMs === null ? null : round(maxSustainableRps(limit.limit, meanMs) ?? 0, 3),
    initDurationMs: a.initDurationMs,
    durationMs: a.durationMs,
    memorySizeMB: a.memorySizeMB,
    maxMemoryUsedMB: a.maxMemoryUsedMB,
    ...rightsizing(a.memorySizeMB, a.maxMemoryUsedMB),
    architecture: arch,
    gbSeconds: round(a.gbSeconds, 6),
    costUsd: money(cost),
    initGbSeconds: round(a.initGbSeconds, 6),
    initCostUsd: money(initCost),
    initCostShare: cost > 0 ? round(initCost / cost, 6) : null,
    runtimes: a.runtimes,
    firstSeen: iso(a.firstSeen),
    lastSeen: iso(a.lastSeen),
    duplicateReports: a.duplicateReports,
  };
}

/** Summaries of a fleet's aggregates, with the monthly projection over the observed window. */
export function summarizeAggregates(aggregates: FunctionAggregate[], windowStart: number, windowEnd: number, options: Partial<SummaryOptions> = {}): FleetSummary {
  const o: SummaryOptions = { ...DEFAULT_SUMMARY_OPTIONS, ...options };
  const parts = [...aggregates].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((a) => toSummary(a, o.architectures?.[a.name] ?? o.architecture, o));
  const monthly = monthlyCosts(
    o.prices,
    parts.map((p) => ({ arch: p.architecture, gbSeconds: p.gbSeconds, requests: p.invocations })),
    (windowEnd - windowStart) / 1000,
    o.freeTier,
  );
  return {
    functions: parts.map((p, i) => ({ ...p, monthlyCostUsd: monthly[i] === null ? null : money(monthly[i]!) })),
    window: { start: iso(windowStart), end: iso(windowEnd) },
  };
}

/** Every figure of section 6 of the reference, per function, sorted by name. */
export function summarize(fleet: FleetData, options: Partial<SummaryOptions> = {}): FleetSummary {
  const bucketMs = options.bucketMs ?? DEFAULT_SUMMARY_OPTIONS.bucketMs;
  // a function known only from START or timeout lines has nothing to report
  const aggregates = [...fleet.functions.values()].filter((f) => f.hasActivity).map((f) => aggregateRecords(f, bucketMs));
  return summarizeAggregates(aggregates, fleet.firstTs, fleet.lastTs, options);
}
