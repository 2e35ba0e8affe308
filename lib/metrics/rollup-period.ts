import { histogramFromJson, histogramPercentile, histogramToJson, mergeHistogram, type Histogram } from "./histogram";
import { MINUTE_MS, type MinuteRollup, type StoredInvocation } from "./minute-rollups";
import type { FunctionAggregate } from "./aggregate";
import type { InitCounts } from "./inits";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** How many of a period's slowest invocations it keeps. */
export const SLOWEST_KEPT = 10;

/** One of a function's slowest invocations: [durationMs, requestId, beginTs]. */
export type SlowInvocation = [number, string, number];

/**
 * A function's rollup over one period: a minute, an hour or a (UTC) day. Every field
 * adds up exactly from the smaller periods inside it, so a range is read as a few days,
 * the hours at its ends and the minutes at its very ends, with the same result as
 * reading all of its minutes.
 */
export interface RollupPeriod extends Omit<MinuteRollup, "minute"> {
  start: number;
  grainMs: number;
  /** The largest durationSum of one minute inside: Little's Law peak at 60 s buckets. */
  maxMinuteDurationSum: number;
  /** JSON SlowInvocation[], slowest first; "[]" for minutes (kept only from hours up). */
  slowest: string;
}

export function periodFromMinute(m: MinuteRollup): RollupPeriod {
  const { minute, ...rest } = m;
  return { ...rest, start: minute, grainMs: MINUTE_MS, maxMinuteDurationSum: m.durationSum, slowest: "[]" };
}

const max = (a: number | null, b: number | null) => (b === null ? a : a === null || b > a ? b : a);
const min = (a: number | null, b: number | null) => (b === null ? a : a === null || b < a ? b : a);

/** The slowest invocations of rows, slowest first (ties by request id, so the result does not depend on order). */
export function slowestOf(rows: StoredInvocation[], from: number, to: number, keep = SLOWEST_KEPT): SlowInvocation[] {
  const out: SlowInvocation[] = [];
  for (const r of rows) {
    if (!r.hasReport || r.durationMs === null || r.beginTs === null || r.beginTs < from || r.beginTs >= to || r.requestId === undefined) continue;
    out.push([r.durationMs, r.requestId, r.beginTs]);
  }
  return mergeSlowest([out], keep);
}

export function mergeSlowest(lists: SlowInvocation[][], keep = SLOWEST_KEPT): SlowInvocation[] {
  return lists
    .flat()
    .sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .slice(0, keep);
}

/** The sum of periods as one period of `grainMs` starting at `start` (an hour from its minutes, a day from its hours). */
export function combinePeriods(parts: RollupPeriod[], grainMs: number, start: number, slowest?: SlowInvocation[]): RollupPeriod {
  const out: RollupPeriod = {
    start, grainMs, invocations: 0, coldStarts: 0, restores: 0, timeouts: 0, durationSum: 0, durationCount: 0, maxMinuteDurationSum: 0,
    gbSeconds: 0, initGbSeconds: 0, peakConcurrency: 0, busyMs: 0, maxDurationMs: null, maxInitMs: null, maxMemoryUsedMB: null,
    memoryMB: null, memoryTs: null, firstTs: null, lastTs: null, durationHist: "{}", initHist: "{}", slowest: "[]",
  };
  const dh: Histogram = new Map();
  const ih: Histogram = new Map();
  for (const p of parts) {
    out.invocations += p.invocations;
    out.coldStarts += p.coldStarts;
    out.restores += p.restores;
    out.timeouts += p.timeouts;
    out.durationSum += p.durationSum;
    out.durationCount += p.durationCount;
    out.gbSeconds += p.gbSeconds;
    out.initGbSeconds += p.initGbSeconds;
    out.busyMs += p.busyMs;
    if (p.maxMinuteDurationSum > out.maxMinuteDurationSum) out.maxMinuteDurationSum = p.maxMinuteDurationSum;
    if (p.peakConcurrency > out.peakConcurrency) out.peakConcurrency = p.peakConcurrency;
    out.maxDurationMs = max(out.maxDurationMs, p.maxDurationMs);
    out.maxInitMs = max(out.maxInitMs, p.maxInitMs);
    out.maxMemoryUsedMB = max(out.maxMemoryUsedMB, p.maxMemoryUsedMB);
    takeLatestMemory(out, p);
    out.firstTs = min(out.firstTs, p.firstTs);
    out.lastTs = max(out.lastTs, p.lastTs);
    mergeHistogram(dh, histogramFromJson(p.durationHist));
    mergeHistogram(ih, histogramFromJson(p.initHist));
  }
  out.durationHist = histogramToJson(dh);
  out.initHist = histogramToJson(ih);
  out.slowest = JSON.stringify(slowest ?? mergeSlowest(parts.map((p) => JSON.parse(p.slowest) as SlowInvocation[])));
  return out;
}

/** Memory size can change mid-range: the latest report tells the current setting (the larger on a tie). */
function takeLatestMemory(into: { memoryMB: number | null; memoryTs: number | null }, p: { memoryMB: number | null; memoryTs: number | null }): void {
  if (p.memoryMB === null) return;
  const ts = p.memoryTs ?? -Infinity;
  const cur = into.memoryTs ?? -Infinity;
  if (into.memoryMB === null || ts > cur || (ts === cur && p.memoryMB > into.memoryMB)) {
    into.memoryMB = p.memoryMB;
    into.memoryTs = p.memoryTs;
  }
}

/**
 * A function's aggregate over periods; percentiles come from the merged histograms.
 * Little's Law at 60 s buckets comes from each period's busiest minute; other bucket
 * lengths need minute periods.
 */
export function aggregatePeriods(name: string, periods: RollupPeriod[], inits: InitCounts, runtimes: string[], bucketMs: number): FunctionAggregate {
  const whole = combinePeriods(periods, 0, 0, []);
  let littlesLawPeak = 0;
  if (bucketMs === MINUTE_MS) {
    for (const p of periods) if (p.start >= 0 && p.maxMinuteDurationSum / MINUTE_MS > littlesLawPeak) littlesLawPeak = p.maxMinuteDurationSum / MINUTE_MS;
  } else {
    const busy = new Map<number, number>();
    for (const p of periods) {
      if (p.start < 0) continue;
      if (p.grainMs !== MINUTE_MS) throw new Error(`Little's Law over ${bucketMs / 1000} s buckets needs minute rollups, got a ${p.grainMs / 1000} s period`);
      const b = Math.floor(p.start / bucketMs) * bucketMs;
      busy.set(b, (busy.get(b) ?? 0) + p.durationSum);
    }
    for (const v of busy.values()) if (v / bucketMs > littlesLawPeak) littlesLawPeak = v / bucketMs;
  }
  return {
    name,
    invocations: whole.invocations,
    coldStarts: whole.coldStarts,
    restores: whole.restores,
    timeouts: whole.timeouts,
    gbSeconds: whole.gbSeconds,
    initGbSeconds: whole.initGbSeconds,
    durationSum: whole.durationSum,
    durationCount: whole.durationCount,
    peakConcurrency: whole.peakConcurrency,
    littlesLawPeak,
    durationMs: percentilesOf(histogramFromJson(whole.durationHist), whole.maxDurationMs),
    initDurationMs: percentilesOf(histogramFromJson(whole.initHist), whole.maxInitMs),
    memorySizeMB: whole.memoryMB,
    maxMemoryUsedMB: whole.maxMemoryUsedMB,
    inits,
    runtimes,
    firstSeen: whole.firstTs ?? Infinity,
    lastSeen: whole.lastTs ?? -Infinity,
    duplicateReports: null,
  };
}

export function percentilesOf(h: Histogram, maxMs: number | null): { p50: number; p95: number; p99: number; max: number } | null {
  return maxMs === null ? null : { p50: histogramPercentile(h, 50, maxMs), p95: histogramPercentile(h, 95, maxMs), p99: histogramPercentile(h, 99, maxMs), max: maxMs };
}
