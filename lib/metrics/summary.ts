import { HAS_REPORT, TIMEOUT_LINE, type FleetData, type FunctionData } from "./collector";
import { exactPeakConcurrency, littlesLawBuckets, maxSustainableRps, peakOf, type LittleBucket } from "./concurrency";
import { percentiles, type Percentiles } from "./percentiles";
import { countInits } from "./inits";
import { firstTierPrice, gbSeconds, monthlyCosts, observedCost } from "./cost";
import { DEFAULT_PRICES, type Architecture, type PriceTable } from "./prices";
import { rightsizing } from "./rightsizing";

export interface SummaryOptions {
  /** Architecture of functions not listed in `architectures`; logs do not say. */
  architecture: Architecture;
  architectures?: Record<string, Architecture>;
  /** Account (or reserved) concurrency limit the headroom is measured against. */
  concurrencyLimit: number;
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

/** The per-function figures of `analyze --json` (names and meanings are a contract). */
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
  peakConcurrency: number;
  littlesLawPeak: number;
  concurrencyLimit: number;
  throttleHeadroom: number;
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
  duplicateReports: number;
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

function summarizeFunction(f: FunctionData, arch: Architecture, o: SummaryOptions): Omit<FunctionSummary, "monthlyCostUsd"> {
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
    const ts = f.reportTs[i];
    if (mem === mem && (ts > latestTs || Number.isNaN(memorySize) || (ts === latestTs && mem > memorySize))) {
      memorySize = mem;
      if (ts === ts) latestTs = ts;
    }
    const s = f.intervalStart(i);
    if (s < first) first = s;
    if (ts > last) last = ts;
  }
  const { starts, durations: ivDur } = intervals(f);
  const little = peakOf(littlesLawBuckets(starts, ivDur, o.bucketMs));
  for (let i = 0; i < starts.length; i++) ivDur[i] += starts[i]; // now the interval ends
  const peak = exactPeakConcurrency(starts, ivDur);
  const meanMs = durCount > 0 ? durSum / durCount : null;
  const cost = observedCost(o.prices, arch, gbs, invocations);
  const initCost = initGbs * firstTierPrice(o.prices, arch);
  const memorySizeMB = Number.isFinite(memorySize) ? memorySize : null;
  const maxMemoryUsedMB = Number.isFinite(maxUsed) ? maxUsed : null;
  const sizing = rightsizing(memorySizeMB, maxMemoryUsedMB);
  const initCounts = countInits(f);
  return {
    name: f.name,
      invocations,
      coldStarts,
      snapStartRestores: restores,
      coldStartRate: invocations > 0 ? round(coldStarts / invocations, 6) : null,
      ...initCounts,
      timeouts,
      peakConcurrency: peak,
      littlesLawPeak: round(little, 4),
      concurrencyLimit: o.concurrencyLimit,
      throttleHeadroom: round(1 - peak / o.concurrencyLimit, 6),
      meanDurationMs: meanMs === null ? null : round(meanMs, 3),
      maxSustainableRps: meanMs === null ? null : round(maxSustainableRps(o.concurrencyLimit, meanMs) ?? 0, 3),
      initDurationMs: percentiles(inits),
      durationMs: percentiles(durations),
      memorySizeMB,
      maxMemoryUsedMB,
      ...sizing,
      architecture: arch,
      gbSeconds: round(gbs, 6),
      costUsd: money(cost),
      initGbSeconds: round(initGbs, 6),
      initCostUsd: money(initCost),
      initCostShare: cost > 0 ? round(initCost / cost, 6) : null,
      runtimes: [...f.runtimes].sort(),
      firstSeen: iso(first),
      lastSeen: iso(last),
    duplicateReports: f.duplicateReports,
  };
}

/** Every figure of section 6 of the reference, per function, sorted by name. */
export function summarize(fleet: FleetData, options: Partial<SummaryOptions> = {}): FleetSummary {
  const o: SummaryOptions = { ...DEFAULT_SUMMARY_OPTIONS, ...options };
  // a function known only from START or timeout lines has nothing to report
  const names = [...fleet.functions.keys()].filter((n) => fleet.functions.get(n)!.hasActivity).sort();
  const parts = names.map((n) => {
    const arch = o.architectures?.[n] ?? o.architecture;
    return summarizeFunction(fleet.functions.get(n)!, arch, o);
  });
  const windowSeconds = (fleet.lastTs - fleet.firstTs) / 1000;
  const monthly = monthlyCosts(
    o.prices,
    parts.map((p) => ({ arch: p.architecture, gbSeconds: p.gbSeconds, requests: p.invocations })),
    windowSeconds,
    o.freeTier,
  );
  return {
    functions: parts.map((p, i) => ({ ...p, monthlyCostUsd: monthly[i] === null ? null : money(monthly[i]!) })),
    window: { start: iso(fleet.firstTs), end: iso(fleet.lastTs) },
  };
}
