/** A rule's samples, one per window end, from the per-minute inputs the store gives. Pure. */
import { bucketOf, histogramFromJson } from "../metrics/histogram";
import type { Contributor } from "./event";
import { INIT_LIMIT_MS, SCALING_INTERVAL_MS, type RuleKind } from "./kinds";
import type { Sample } from "./state-machine";
import { birthsPerInterval, MINUTE_MS, slidingMax, slidingSum, type SumPoint } from "./windows";

export interface MinuteInput {
  functionId: number;
  minute: number;
  peakConcurrency: number;
  invocations: number;
  coldStarts: number;
  timeouts: number;
  initHist: string;
}

export interface SampleDetail {
  peakAtMs?: number | null;
  invocations?: number;
  topContributors?: Contributor[];
}

const LONG_INIT_BUCKET = bucketOf(INIT_LIMIT_MS);

/** Cold starts whose Init Duration is surely over 10 s: histogram buckets wholly above it (2% resolution). */
export function longInits(initHist: string): number {
  let n = 0;
  for (const [b, count] of histogramFromJson(initHist)) if (b > LONG_INIT_BUCKET) n += count;
  return n;
}

const perMinute = (times: readonly number[]): SumPoint[] => {
  const m = new Map<number, number>();
  for (const t of times) {
    const k = Math.floor(t / MINUTE_MS) * MINUTE_MS;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m].sort((a, b) => a[0] - b[0]).map(([minute, a]) => ({ minute, a, b: 0 }));
};

export interface FunctionInputs {
  rows: readonly MinuteInput[];
  /** scaling-rate: environment births, sorted */
  births?: readonly number[];
  /** init-failures: times of failed inits */
  initFailures?: readonly number[];
}

/** Samples of a function rule for windows ending at every minute from `from` to `to`. */
export function functionSamples(kind: Exclude<RuleKind, "region-concurrency" | "spend">, x: FunctionInputs, from: number, to: number, windowMs: number, minInvocations: number | null): Sample<SampleDetail>[] {
  switch (kind) {
    case "concurrency":
      return slidingMax(x.rows.map((r) => ({ minute: r.minute, value: r.peakConcurrency })), from, to, windowMs).map((s) => ({ end: s.end, value: s.value, eligible: true, detail: { peakAtMs: s.at } }));
    case "scaling-rate":
      return slidingMax(birthsPerInterval(x.births ?? [], SCALING_INTERVAL_MS), from, to, windowMs).map((s) => ({ end: s.end, value: s.value, eligible: true, detail: { peakAtMs: s.at } }));
    case "cold-start-rate":
      return slidingSum(x.rows.map((r) => ({ minute: r.minute, a: r.coldStarts, b: r.invocations })), from, to, windowMs).map((s) => ({
        end: s.end,
        value: s.b > 0 ? s.a / s.b : 0,
        eligible: s.b >= (minInvocations ?? 0) && s.b > 0,
        detail: { invocations: s.b },
      }));
    case "timeouts":
    case "long-inits":
      return slidingSum(x.rows.map((r) => ({ minute: r.minute, a: kind === "timeouts" ? r.timeouts : longInits(r.initHist), b: r.invocations })), from, to, windowMs).map((s) => ({
        end: s.end,
        value: s.a,
        eligible: true,
        detail: { invocations: s.b },
      }));
    case "init-failures":
      return slidingSum(perMinute(x.initFailures ?? []), from, to, windowMs).map((s) => ({ end: s.end, value: s.a, eligible: true }));
  }
}

const TOP = 5;

/**
 * A region's samples: per minute, the sum of its functions' exact peaks (an upper bound
 * on the region's concurrency, since they need not peak at the same instant), and the
 * functions that contributed most in the minute of the window's maximum.
 */
export function regionSamples(rows: readonly MinuteInput[], names: ReadonlyMap<number, string>, from: number, to: number, windowMs: number): Sample<SampleDetail>[] {
  const byMinute = new Map<number, MinuteInput[]>();
  for (const r of rows) {
    const list = byMinute.get(r.minute);
    if (list) list.push(r);
    else byMinute.set(r.minute, [r]);
  }
  const points = [...byMinute].sort((a, b) => a[0] - b[0]).map(([minute, list]) => ({ minute, value: list.reduce((s, r) => s + r.peakConcurrency, 0) }));
  return slidingMax(points, from, to, windowMs).map((s) => {
    const top =
      s.at === null
        ? []
        : [...byMinute.get(s.at)!]
            .sort((a, b) => b.peakConcurrency - a.peakConcurrency)
            .slice(0, TOP)
            .map((r) => ({ function: names.get(r.functionId) ?? String(r.functionId), peak: r.peakConcurrency }));
    return { end: s.end, value: s.value, eligible: true, detail: { peakAtMs: s.at, topContributors: top } };
  });
}
