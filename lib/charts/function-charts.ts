import type { FunctionData } from "../dashboard/function-data";
import { METRIC_COLORS as C, statusColor } from "./colors";
import { formatMs } from "./format";
import { spec, type ChartSeries, type ChartSpec } from "./spec";
import { formatBucket } from "../metrics/buckets";

const flat = (n: number, v: number | null) => new Array<number | null>(n).fill(v);

/** Every chart of the function page, in page order. */
export function functionCharts(d: FunctionData): ChartSpec[] {
  return [invocationsChart(d), concurrencyChart(d), durationChart(d), initDurationChart(d), initHistogramChart(d), initsChart(d), costChart(d), memoryChart(d)];
}

export function invocationsChart(d: FunctionData): ChartSpec {
  const b = d.buckets;
  const minus = (a: number | null, c: number | null) => (a === null ? null : a - (c ?? 0));
  return spec({
    id: "invocations",
    title: "Invocations and cold starts",
    note: `Per ${formatBucket(d.range.bucketMs)}: warm invocations, cold starts and SnapStart restores stacked; the cold-start rate on the right.`,
    x: b.map((x) => x.start),
    bucketMs: d.range.bucketMs,
    leftUnit: "count",
    rightUnit: "percent",
    series: [
      { key: "warm", label: "warm", color: C.warm, unit: "count", kind: "bar", stack: "inv", data: b.map((x) => minus(x.invocations, x.coldStarts)) },
      { key: "coldStarts", label: "cold starts", color: C.coldStarts, unit: "count", kind: "bar", stack: "inv", data: b.map((x) => minus(x.coldStarts, x.restores)) },
      { key: "restores", label: "SnapStart restores", color: C.restores, unit: "count", kind: "bar", stack: "inv", data: b.map((x) => x.restores) },
      { key: "coldStartRate", label: "cold-start rate", color: C.coldStartRate, unit: "percent", kind: "line", right: true, data: b.map((x) => x.coldStartRate) },
    ],
    emptyText: "No invocations in this range.",
  });
}

/** A limit more than twice the highest value would flatten the data into the axis: it is named, not drawn. */
const OFF_SCALE = 2;

export function concurrencyChart(d: FunctionData): ChartSpec {
  const b = d.buckets;
  const n = b.length;
  const top = Math.max(0, ...b.flatMap((x) => [x.peakConcurrency ?? 0, x.littlesLaw ?? 0, x.avgConcurrency ?? 0]));
  const threshold = d.limit.limit * d.threshold;
  const references: (ChartSeries & { value: number })[] = [
    { key: "limit", label: `limit (${d.limit.kind === "reserved" ? "reserved" : "account"})`, color: C.limit, unit: "concurrency", kind: "line", reference: true, value: d.limit.limit, data: flat(n, d.limit.limit) },
    { key: "threshold", label: `alert at ${Math.round(d.threshold * 100)}%`, color: C.threshold, unit: "concurrency", kind: "line", reference: true, dashed: true, value: threshold, data: flat(n, threshold) },
  ];
  const drawn = references.filter((r) => r.value <= OFF_SCALE * Math.max(top, 1)).map(({ value: _v, ...r }) => r);
  const hidden = references.filter((r) => r.value > OFF_SCALE * Math.max(top, 1));
  return spec({
    id: "concurrency",
    title: "Concurrency against the limit",
    note:
      `Exact peak: the most invocations running at one instant of each ${formatBucket(d.range.bucketMs)}. ` +
      `Little's Law: requests/s × mean duration of the invocations begun in it. Time-weighted: the average number running, each invocation counted in every bucket it overlaps.`,
    x: b.map((x) => x.start),
    bucketMs: d.range.bucketMs,
    leftUnit: "concurrency",
    series: [
      { key: "peakConcurrency", label: "exact peak", color: C.peakConcurrency, unit: "concurrency", kind: "line", step: true, data: b.map((x) => x.peakConcurrency) },
      { key: "littlesLaw", label: "Little's Law (λ × W)", color: C.littlesLaw, unit: "concurrency", kind: "line", data: b.map((x) => x.littlesLaw) },
      { key: "avgConcurrency", label: "time-weighted average", color: C.avgConcurrency, unit: "concurrency", kind: "line", data: b.map((x) => x.avgConcurrency) },
      ...drawn,
    ],
    caption: hidden.length
      ? `Off the scale, far above the data: ${hidden.map((r) => `${r.label} ${r.value.toLocaleString("en-US")}`).join(", ")}. The highest peak here is ${top.toLocaleString("en-US")}, ${((top / d.limit.limit) * 100).toFixed(1)}% of the limit.`
      : undefined,
    emptyText: "No invocations in this range.",
  });
}

function percentileSeries(b: FunctionData["buckets"], of: "duration" | "init"): ChartSeries[] {
  return (["p50", "p95", "p99"] as const).map((p) => {
    const field = `${of}${p.toUpperCase()}` as `${typeof of}P50`;
    return { key: p, label: p, color: C[p], unit: "ms", kind: "line", data: b.map((x) => x[field]) };
  });
}

export function durationChart(d: FunctionData): ChartSpec {
  const b = d.buckets;
  const timeout: ChartSeries[] =
    d.facts.timeoutSec === null
      ? []
      : [{ key: "timeout", label: `timeout (${formatMs(d.facts.timeoutSec * 1000)})`, color: C.timeout, unit: "ms", kind: "line", reference: true, dashed: true, data: flat(b.length, d.facts.timeoutSec * 1000) }];
  return spec({
    id: "duration",
    title: "Duration",
    note: `p50, p95 and p99 of Duration per ${formatBucket(d.range.bucketMs)} (within 1%: from 2% histogram buckets)${d.facts.timeoutSec === null ? "" : ", and the configured timeout"}.`,
    x: b.map((x) => x.start),
    bucketMs: d.range.bucketMs,
    leftUnit: "ms",
    series: [...percentileSeries(b, "duration"), ...timeout],
    emptyText: "No invocations in this range.",
  });
}

export function initDurationChart(d: FunctionData): ChartSpec {
  const b = d.buckets;
  return spec({
    id: "init-duration",
    title: "Init duration",
    note: `p50, p95 and p99 of Init Duration on cold-start reports, per ${formatBucket(d.range.bucketMs)}; buckets without a cold start are gaps.`,
    x: b.map((x) => x.start),
    bucketMs: d.range.bucketMs,
    leftUnit: "ms",
    series: percentileSeries(b, "init"),
    emptyText: "No cold start in this range.",
  });
}

export function initHistogramChart(d: FunctionData): ChartSpec {
  const h = d.initHistogram;
  return spec({
    id: "init-histogram",
    title: "Init durations over the range",
    note: "How many cold starts took how long (log-spaced ranges).",
    x: h.map((_, i) => i),
    labels: h.map((x) => `${formatMs(x.from)} – ${formatMs(x.to)}`),
    leftUnit: "count",
    series: [{ key: "initDuration", label: "cold starts", color: C.initDuration, unit: "count", kind: "bar", data: h.map((x) => x.count) }],
    emptyText: "No cold start in this range.",
  });
}

export function initsChart(d: FunctionData): ChartSpec {
  const statuses = [...new Set(d.inits.flatMap((x) => Object.keys(x.failures ?? {})))].sort();
  return spec({
    id: "inits",
    title: "Pre-invoke inits, unused inits, init failures and timeouts",
    note: `Per ${formatBucket(d.range.bucketMs)}, counted at the INIT_START: pre-invoke (initialized before any request: provisioned concurrency, proactive init), unused (no invocation followed), failed inits by status, and timed-out invocations.`,
    x: d.inits.map((x) => x.start),
    bucketMs: d.range.bucketMs,
    leftUnit: "count",
    series: [
      { key: "preInvoke", label: "pre-invoke inits", color: C.preInvoke, unit: "count", kind: "bar", stack: "events", data: d.inits.map((x) => x.preInvoke) },
      { key: "unused", label: "unused inits", color: C.unused, unit: "count", kind: "bar", stack: "events", data: d.inits.map((x) => x.unused) },
      ...statuses.map(
        (s, i): ChartSeries => ({ key: `failures-${s}`, label: `init failures: ${s}`, color: statusColor(i), unit: "count", kind: "bar", stack: "events", data: d.inits.map((x) => (x.failures === null ? null : (x.failures[s] ?? 0))) }),
      ),
      { key: "timeouts", label: "timeouts", color: C.timeouts, unit: "count", kind: "bar", stack: "events", data: d.buckets.map((x) => x.timeouts) },
    ],
    emptyText: "No inits or timeouts in this range.",
  });
}

export function costChart(d: FunctionData): ChartSpec {
  const per = formatBucket(d.costBucketMs);
  return spec({
    id: "cost",
    title: `Cost per ${per === "1 day" ? "day" : per}`,
    note: `Observed invocations at list prices (first tier, no free tier) on ${d.summary?.architecture ?? "its architecture"}; init priced on its own; and the same work on ${d.otherArchitecture.architecture}.`,
    x: d.costs.map((x) => x.start),
    bucketMs: d.costBucketMs,
    leftUnit: "usd",
    series: [
      { key: "cost", label: "cost", color: C.cost, unit: "usd", kind: "bar", data: d.costs.map((x) => x.costUsd) },
      { key: "initCost", label: "of which init", color: C.initCost, unit: "usd", kind: "line", data: d.costs.map((x) => x.initCostUsd) },
      { key: "otherArchitecture", label: `on ${d.otherArchitecture.architecture}`, color: C.otherArchitecture, unit: "usd", kind: "line", dashed: true, data: d.costs.map((x) => x.otherArchitectureCostUsd) },
    ],
    emptyText: "No invocations in this range.",
  });
}

export function memoryChart(d: FunctionData): ChartSpec {
  const b = d.buckets;
  return spec({
    id: "memory",
    title: "Memory used against memory size",
    note: `Max Memory Used and Memory Size per ${formatBucket(d.range.bucketMs)}.`,
    x: b.map((x) => x.start),
    bucketMs: d.range.bucketMs,
    leftUnit: "mb",
    series: [
      { key: "memoryUsed", label: "max memory used", color: C.memoryUsed, unit: "mb", kind: "line", data: b.map((x) => x.maxMemoryUsedMB) },
      { key: "memorySize", label: "memory size", color: C.memorySize, unit: "mb", kind: "line", step: true, dashed: true, data: b.map((x) => x.memoryMB) },
    ],
    emptyText: "No invocations in this range.",
  });
}
