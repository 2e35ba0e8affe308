import { bucketFloor, histogramFromJson, histogramPercentile, mergeHistogram, type Histogram } from "./histogram";
import type { RollupPeriod } from "./rollup-period";

/** One chart bucket's figures; every field is null for a bucket with no data (a gap, not a zero). */
export interface BucketStats {
  start: number;
  invocations: number | null;
  coldStarts: number | null;
  restores: number | null;
  timeouts: number | null;
  coldStartRate: number | null;
  durationP50: number | null;
  durationP95: number | null;
  durationP99: number | null;
  initP50: number | null;
  initP95: number | null;
  initP99: number | null;
  /** exact: the most invocations open at one instant of the bucket */
  peakConcurrency: number | null;
  /** λ × W over the bucket: summed duration of the invocations begun in it / bucket length */
  littlesLaw: number | null;
  /** time-weighted: busy time inside the bucket / bucket length */
  avgConcurrency: number | null;
  gbSeconds: number | null;
  initGbSeconds: number | null;
  maxMemoryUsedMB: number | null;
  memoryMB: number | null;
}

interface Acc {
  periods: RollupPeriod[];
}

/** Rollup periods (each inside one bucket: see grainsFor) summed into chart buckets. */
export function bucketSeries(periods: RollupPeriod[], starts: number[], bucketMs: number): BucketStats[] {
  const index = new Map<number, Acc>(starts.map((s) => [s, { periods: [] }]));
  for (const p of periods) {
    if (p.start < 0) continue;
    index.get(Math.floor(p.start / bucketMs) * bucketMs)?.periods.push(p);
  }
  return starts.map((start) => stats(start, index.get(start)!.periods, bucketMs));
}

function stats(start: number, ps: RollupPeriod[], bucketMs: number): BucketStats {
  if (ps.length === 0) {
    return {
      start, invocations: null, coldStarts: null, restores: null, timeouts: null, coldStartRate: null, durationP50: null, durationP95: null, durationP99: null,
      initP50: null, initP95: null, initP99: null, peakConcurrency: null, littlesLaw: null, avgConcurrency: null, gbSeconds: null, initGbSeconds: null,
      maxMemoryUsedMB: null, memoryMB: null,
    };
  }
  const dh: Histogram = new Map();
  const ih: Histogram = new Map();
  let invocations = 0, coldStarts = 0, restores = 0, timeouts = 0, durationSum = 0, busy = 0, gbs = 0, initGbs = 0, peak = 0;
  let maxDuration: number | null = null;
  let maxInit: number | null = null;
  let maxUsed: number | null = null;
  let memory: number | null = null;
  let memoryTs = -Infinity;
  for (const p of ps) {
    invocations += p.invocations;
    coldStarts += p.coldStarts;
    restores += p.restores;
    timeouts += p.timeouts;
    durationSum += p.durationSum;
    busy += p.busyMs;
    gbs += p.gbSeconds;
    initGbs += p.initGbSeconds;
    if (p.peakConcurrency > peak) peak = p.peakConcurrency;
    if (p.maxDurationMs !== null && (maxDuration === null || p.maxDurationMs > maxDuration)) maxDuration = p.maxDurationMs;
    if (p.maxInitMs !== null && (maxInit === null || p.maxInitMs > maxInit)) maxInit = p.maxInitMs;
    if (p.maxMemoryUsedMB !== null && (maxUsed === null || p.maxMemoryUsedMB > maxUsed)) maxUsed = p.maxMemoryUsedMB;
    if (p.memoryMB !== null && (p.memoryTs ?? -Infinity) >= memoryTs) {
      memory = p.memoryMB;
      memoryTs = p.memoryTs ?? -Infinity;
    }
    if (p.durationHist !== "{}") mergeHistogram(dh, histogramFromJson(p.durationHist));
    if (p.initHist !== "{}") mergeHistogram(ih, histogramFromJson(p.initHist));
  }
  const pct = (h: Histogram, p: number, max: number | null) => (max === null ? null : histogramPercentile(h, p, max));
  return {
    start,
    invocations,
    coldStarts,
    restores,
    timeouts,
    coldStartRate: invocations > 0 ? coldStarts / invocations : null,
    durationP50: pct(dh, 50, maxDuration),
    durationP95: pct(dh, 95, maxDuration),
    durationP99: pct(dh, 99, maxDuration),
    initP50: pct(ih, 50, maxInit),
    initP95: pct(ih, 95, maxInit),
    initP99: pct(ih, 99, maxInit),
    peakConcurrency: peak,
    littlesLaw: durationSum / bucketMs,
    avgConcurrency: busy / bucketMs,
    gbSeconds: gbs,
    initGbSeconds: initGbs,
    maxMemoryUsedMB: maxUsed,
    memoryMB: memory,
  };
}

/** Bins of a duration histogram for a bar chart: about `bins` log-spaced ranges between its smallest and largest value. */
export function histogramBars(h: Histogram, bins = 24): { from: number; to: number; count: number }[] {
  const keys = [...h.keys()].sort((a, b) => a - b);
  if (keys.length === 0) return [];
  const lo = keys[0];
  const hi = keys[keys.length - 1] + 1;
  const width = Math.max(1, Math.ceil((hi - lo) / bins));
  const out: { from: number; to: number; count: number }[] = [];
  for (let b = lo; b < hi; b += width) out.push({ from: bucketFloor(b), to: bucketFloor(b + width), count: 0 });
  for (const k of keys) out[Math.floor((k - lo) / width)].count += h.get(k)!;
  return out;
}
