import { gbSeconds } from "./cost";
import { addToHistogram, histogramFromJson, histogramPercentile, histogramToJson, mergeHistogram, type Histogram } from "./histogram";
import type { FunctionAggregate } from "./aggregate";
import type { InitCounts } from "./inits";

export const MINUTE_MS = 60_000;

/** An invocation as stored, enough to roll it up. Times are epoch ms. */
export interface StoredInvocation {
  beginTs: number | null;
  startTs: number | null;
  reportTs: number | null;
  timeoutTs: number | null;
  durationMs: number | null;
  billedMs: number | null;
  memoryMB: number | null;
  maxMemoryMB: number | null;
  initMs: number | null;
  restoreMs: number | null;
  billedRestoreMs: number | null;
  status: string | null;
  hasReport: boolean | number;
  timeoutLine: boolean | number;
}

/** One function's minute (by interval start); the database row of the same name. */
export interface MinuteRollup {
  minute: number;
  invocations: number;
  coldStarts: number;
  restores: number;
  timeouts: number;
  durationSum: number;
  durationCount: number;
  gbSeconds: number;
  initGbSeconds: number;
  /** Exact: intervals open at once at some instant of the minute, counting those begun earlier. */
  peakConcurrency: number;
  maxDurationMs: number | null;
  maxInitMs: number | null;
  maxMemoryUsedMB: number | null;
  memoryMB: number | null;
  memoryTs: number | null;
  firstTs: number | null;
  lastTs: number | null;
  durationHist: string;
  initHist: string;
}

function empty(minute: number): MinuteRollup & { dh: Histogram; ih: Histogram } {
  return {
    minute, invocations: 0, coldStarts: 0, restores: 0, timeouts: 0, durationSum: 0, durationCount: 0, gbSeconds: 0, initGbSeconds: 0,
    peakConcurrency: 0, maxDurationMs: null, maxInitMs: null, maxMemoryUsedMB: null, memoryMB: null, memoryTs: null, firstTs: null, lastTs: null,
    durationHist: "{}", initHist: "{}", dh: new Map(), ih: new Map(),
  };
}

const max = (a: number | null, b: number | null) => (b === null ? a : a === null || b > a ? b : a);
const min = (a: number | null, b: number | null) => (b === null ? a : a === null || b < a ? b : a);

/**
 * Rollups of the minutes in [from, to) from the invocations that begin in that range
 * and those that began up to one function timeout before it (they still count towards
 * concurrency). With `from` = null, all rows are one untimed bucket (minute -1).
 */
export function computeMinuteRollups(rows: StoredInvocation[], from: number | null, to: number | null): MinuteRollup[] {
  const byMinute = new Map<number, ReturnType<typeof empty>>();
  const inRange = (t: number | null) => (from === null ? true : t !== null && t >= from && t < to!);
  for (const r of rows) {
    if (!inRange(r.beginTs)) continue;
    const m = from === null ? -1 : Math.floor(r.beginTs! / MINUTE_MS) * MINUTE_MS;
    let u = byMinute.get(m);
    if (!u) byMinute.set(m, (u = empty(m)));
    u.firstTs = min(min(min(u.firstTs, r.startTs), r.reportTs), r.timeoutTs);
    u.lastTs = max(max(max(u.lastTs, r.startTs), r.reportTs), r.timeoutTs);
    if (!r.hasReport) continue;
    u.invocations++;
    if (r.initMs !== null || r.restoreMs !== null) u.coldStarts++;
    if (r.restoreMs !== null) u.restores++;
    if (r.status === "timeout" || r.timeoutLine) u.timeouts++;
    const mem = r.memoryMB ?? NaN;
    u.gbSeconds += gbSeconds(r.billedMs ?? NaN, r.billedRestoreMs ?? NaN, mem);
    if (r.initMs !== null) {
      u.initGbSeconds += gbSeconds(r.initMs, 0, mem);
      addToHistogram(u.ih, r.initMs);
      u.maxInitMs = max(u.maxInitMs, r.initMs);
    }
    if (r.durationMs !== null) {
      u.durationSum += r.durationMs;
      u.durationCount++;
      addToHistogram(u.dh, r.durationMs);
      u.maxDurationMs = max(u.maxDurationMs, r.durationMs);
    }
    u.maxMemoryUsedMB = max(u.maxMemoryUsedMB, r.maxMemoryMB);
    if (r.memoryMB !== null) {
      const ts = r.reportTs ?? -Infinity;
      if (u.memoryMB === null || ts > (u.memoryTs ?? -Infinity) || (ts === (u.memoryTs ?? -Infinity) && r.memoryMB > u.memoryMB)) {
        u.memoryMB = r.memoryMB;
        u.memoryTs = r.reportTs;
      }
    }
  }
  if (from !== null) peaks(rows, byMinute);
  return [...byMinute.values()]
    .sort((a, b) => a.minute - b.minute)
    .map(({ dh, ih, ...u }) => ({ ...u, durationHist: histogramToJson(dh), initHist: histogramToJson(ih) }));
}

/** The exact peak of each minute: the most intervals open right after one of its starts. */
function peaks(rows: StoredInvocation[], byMinute: Map<number, MinuteRollup>): void {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const r of rows) {
    if (!r.hasReport || r.beginTs === null || r.durationMs === null || !(r.durationMs >= 0)) continue;
    starts.push(r.beginTs);
    ends.push(r.beginTs + r.durationMs);
  }
  const s = Float64Array.from(starts).sort();
  const e = Float64Array.from(ends).sort();
  let open = 0;
  let j = 0;
  for (let i = 0; i < s.length; i++) {
    while (j < e.length && e[j] <= s[i]) {
      j++;
      open--;
    }
    open++;
    const u = byMinute.get(Math.floor(s[i] / MINUTE_MS) * MINUTE_MS);
    if (u && open > u.peakConcurrency) u.peakConcurrency = open;
  }
}

/** A function's aggregate over a range of its minute rollups; percentiles come from the histograms. */
export function aggregateRollups(
  name: string,
  rollups: MinuteRollup[],
  inits: InitCounts,
  runtimes: string[],
  bucketMs: number,
): FunctionAggregate {
  const dh: Histogram = new Map();
  const ih: Histogram = new Map();
  const busy = new Map<number, number>();
  const a: FunctionAggregate = {
    name, invocations: 0, coldStarts: 0, restores: 0, timeouts: 0, gbSeconds: 0, initGbSeconds: 0, durationSum: 0, durationCount: 0,
    peakConcurrency: 0, littlesLawPeak: 0, durationMs: null, initDurationMs: null, memorySizeMB: null, maxMemoryUsedMB: null, inits, runtimes,
    firstSeen: Infinity, lastSeen: -Infinity, duplicateReports: null,
  };
  let maxDuration: number | null = null;
  let maxInit: number | null = null;
  let memoryTs = -Infinity;
  for (const r of rollups) {
    a.invocations += r.invocations;
    a.coldStarts += r.coldStarts;
    a.restores += r.restores;
    a.timeouts += r.timeouts;
    a.gbSeconds += r.gbSeconds;
    a.initGbSeconds += r.initGbSeconds;
    a.durationSum += r.durationSum;
    a.durationCount += r.durationCount;
    if (r.peakConcurrency > a.peakConcurrency) a.peakConcurrency = r.peakConcurrency;
    if (r.minute >= 0) {
      const b = Math.floor(r.minute / bucketMs) * bucketMs;
      busy.set(b, (busy.get(b) ?? 0) + r.durationSum);
    }
    maxDuration = max(maxDuration, r.maxDurationMs);
    maxInit = max(maxInit, r.maxInitMs);
    a.maxMemoryUsedMB = max(a.maxMemoryUsedMB, r.maxMemoryUsedMB);
    if (r.memoryMB !== null) {
      const ts = r.memoryTs ?? -Infinity;
      if (a.memorySizeMB === null || ts > memoryTs || (ts === memoryTs && r.memoryMB > a.memorySizeMB)) {
        a.memorySizeMB = r.memoryMB;
        memoryTs = ts;
      }
    }
    if (r.firstTs !== null && r.firstTs < a.firstSeen) a.firstSeen = r.firstTs;
    if (r.lastTs !== null && r.lastTs > a.lastSeen) a.lastSeen = r.lastTs;
    mergeHistogram(dh, histogramFromJson(r.durationHist));
    mergeHistogram(ih, histogramFromJson(r.initHist));
  }
  for (const v of busy.values()) if (v / bucketMs > a.littlesLawPeak) a.littlesLawPeak = v / bucketMs;
  const pct = (h: Histogram, m: number | null) =>
    m === null ? null : { p50: histogramPercentile(h, 50, m), p95: histogramPercentile(h, 95, m), p99: histogramPercentile(h, 99, m), max: m };
  a.durationMs = pct(dh, maxDuration);
  a.initDurationMs = pct(ih, maxInit);
  return a;
}
