import { gbSeconds } from "./cost";
import { addToHistogram, histogramToJson, type Histogram } from "./histogram";

export const MINUTE_MS = 60_000;

/** An invocation as stored, enough to roll it up. Times are epoch ms. */
export interface StoredInvocation {
  /** only where the slowest invocations are picked out */
  requestId?: string;
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
  /** Invocation time inside the minute, each invocation counted in every minute it overlaps in proportion. */
  busyMs: number;
}

function empty(minute: number): MinuteRollup & { dh: Histogram; ih: Histogram } {
  return {
    minute, invocations: 0, coldStarts: 0, restores: 0, timeouts: 0, durationSum: 0, durationCount: 0, gbSeconds: 0, initGbSeconds: 0,
    peakConcurrency: 0, maxDurationMs: null, maxInitMs: null, maxMemoryUsedMB: null, memoryMB: null, memoryTs: null, firstTs: null, lastTs: null,
    durationHist: "{}", initHist: "{}", busyMs: 0, dh: new Map(), ih: new Map(),
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
  if (from !== null) {
    busy(rows, byMinute, from, to!);
    peaks(rows, byMinute);
  }
  return [...byMinute.values()]
    .sort((a, b) => a.minute - b.minute)
    .map(({ dh, ih, ...u }) => ({ ...u, durationHist: histogramToJson(dh), initHist: histogramToJson(ih) }));
}

/** True when an invocation has an interval: a REPORT with a start and a duration. */
function hasInterval(r: StoredInvocation): r is StoredInvocation & { beginTs: number; durationMs: number } {
  return Boolean(r.hasReport) && r.beginTs !== null && r.durationMs !== null && r.durationMs >= 0;
}

/**
 * Busy time of each minute of [from, to): every interval's overlap with it, including
 * intervals begun earlier. A minute that only such an interval reaches gets a row of
 * its own (no invocation began in it, yet the function was running).
 */
function busy(rows: StoredInvocation[], byMinute: Map<number, ReturnType<typeof empty>>, from: number, to: number): void {
  for (const r of rows) {
    if (!hasInterval(r) || r.durationMs === 0) continue;
    const end = r.beginTs + r.durationMs;
    for (let m = Math.max(from, Math.floor(r.beginTs / MINUTE_MS) * MINUTE_MS); m < to && m < end; m += MINUTE_MS) {
      let u = byMinute.get(m);
      if (!u) byMinute.set(m, (u = empty(m)));
      u.busyMs += Math.min(end, m + MINUTE_MS) - Math.max(r.beginTs, m);
    }
  }
}

/** The latest end of the intervals begun in [from, to): past `to`, the next window's minutes depend on them too. */
export function latestEnd(rows: StoredInvocation[], from: number, to: number): number {
  let latest = -Infinity;
  for (const r of rows) if (hasInterval(r) && r.beginTs >= from && r.beginTs < to && r.beginTs + r.durationMs > latest) latest = r.beginTs + r.durationMs;
  return latest;
}

/**
 * The exact peak of each minute: the most intervals open at one instant of it, that is
 * right after one of its starts or at its first instant (intervals begun earlier).
 */
function peaks(rows: StoredInvocation[], byMinute: Map<number, MinuteRollup>): void {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const r of rows) {
    if (!hasInterval(r)) continue;
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
  for (const u of byMinute.values()) {
    const atStart = upperBound(s, u.minute) - upperBound(e, u.minute);
    if (atStart > u.peakConcurrency) u.peakConcurrency = atStart;
  }
}

/** How many values of the sorted array are <= v. */
function upperBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
