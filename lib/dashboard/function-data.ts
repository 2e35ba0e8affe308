import type { Sql } from "../store/sql";
import { summarizeStored } from "../store/report";
import { storedSummaryOptions } from "../store/report-options";
import { rollupPeriods } from "../store/queries/rollup-periods";
import { initInputs } from "../store/queries/init-input";
import { initReportsOf } from "../store/queries/init-reports";
import { environmentsOf, type EnvironmentRow } from "../store/queries/environments";
import { slowestInvocations } from "../store/queries/slowest-invocations";
import { functionWindow } from "../store/queries/data-window";
import type { FunctionFacts } from "../store/queries/function-facts";
import { bucketSeries, histogramBars, type BucketStats } from "../metrics/bucket-series";
import { bucketStarts, grainsFor } from "../metrics/buckets";
import { classifyInits } from "../metrics/inits";
import { combinePeriods, type SlowInvocation } from "../metrics/rollup-period";
import { histogramFromJson } from "../metrics/histogram";
import { adviseFunction, type Advice } from "../metrics/advice";
import { firstTierPrice, observedCost, monthlyCosts } from "../metrics/cost";
import type { FunctionSummary } from "../metrics/summary";
import type { ResolvedLimit } from "../metrics/limits";
import type { Architecture } from "../metrics/prices";
import { DAY_MS } from "../metrics/rollup-period";
import { resolveRange, type RangeQuery, type ResolvedRange } from "./range";

/** The alert rule's default: concurrency at 80% of the limit. */
export const DEFAULT_ALERT_THRESHOLD = 0.8;

export interface InitBucket {
  start: number;
  preInvoke: number | null;
  unused: number | null;
  onDemand: number | null;
  failures: Record<string, number> | null;
}

export interface CostBucket {
  start: number;
  costUsd: number | null;
  initCostUsd: number | null;
  otherArchitectureCostUsd: number | null;
}

/** Everything the function page shows, for one range: each figure from rollups, init events and environments. */
export interface FunctionData {
  name: string;
  range: ResolvedRange;
  facts: FunctionFacts;
  limit: ResolvedLimit;
  threshold: number;
  /** null when the function has no data in the range */
  summary: FunctionSummary | null;
  buckets: BucketStats[];
  inits: InitBucket[];
  costBucketMs: number;
  costs: CostBucket[];
  otherArchitecture: { architecture: Architecture; costUsd: number; monthlyCostUsd: number | null };
  initHistogram: { from: number; to: number; count: number }[];
  environments: { rows: EnvironmentRow[]; total: number };
  slowest: { durationMs: number; requestId: string; startedAt: number }[];
  advice: Advice[];
}

export class NotFound extends Error {}

export async function functionData(sql: Sql, name: string, q: RangeQuery, now = Date.now()): Promise<FunctionData> {
  const stored = await storedSummaryOptions(sql);
  const facts = stored.facts.find((f) => f.name === name);
  if (!facts) throw new NotFound(`no function named '${name}' in the database; ingest its logs first (the fleet page lists the functions there are)`);
  const custom = Boolean(q.from || q.to) || (q.range !== undefined && q.range !== null && q.range !== "" && q.range !== "all");
  // "all" spans the function's own data, which may be a day in a month of the fleet's
  const range = resolveRange(q, now, custom ? null : await functionWindow(sql, facts.id));
  const figures = { since: range.since, until: range.until };
  const chart = range.chart;
  const bucketMs = range.bucketMs;
  const starts = chart ? bucketStarts(chart.since, chart.until, bucketMs) : [];
  const [report, periodsByFunction, inits, reports, environments] = await Promise.all([
    summarizeStored(sql, figures, stored, { functionName: name }),
    chart ? rollupPeriods(sql, chart, { functionName: name, grains: grainsFor(bucketMs) }) : Promise.resolve([]),
    initInputs(sql, figures, name),
    initReportsOf(sql, facts.id, figures),
    environmentsOf(sql, facts.id, figures),
  ]);
  const summary = report.functions[0] ?? null;
  const periods = periodsByFunction[0]?.periods ?? [];
  const limit = stored.limits[name];
  const arch = summary?.architecture ?? facts.architecture ?? stored.architecture;
  const other: Architecture = arch === "arm64" ? "x86_64" : "arm64";
  const buckets = bucketSeries(periods, starts, bucketMs);

  const initBuckets = bucketInits(starts, bucketMs, classifyInits(inits.get(facts.id) ?? { environments: [], virtualColdStarts: [], virtualLastStart: -Infinity, initReportStatuses: [] }), reports, buckets);
  const costBucketMs = chart && chart.until - chart.since >= 3 * DAY_MS && bucketMs <= DAY_MS ? DAY_MS : bucketMs;
  const costStarts = costBucketMs === bucketMs ? starts : chart ? bucketStarts(chart.since, chart.until, costBucketMs) : [];
  const costStats = costBucketMs === bucketMs ? buckets : bucketSeries(periods, costStarts, costBucketMs);
  const firstTier = firstTierPrice(stored.prices, arch);
  const costs = costStats.map((b) => ({
    start: b.start,
    costUsd: b.invocations === null ? null : observedCost(stored.prices, arch, b.gbSeconds!, b.invocations),
    initCostUsd: b.invocations === null ? null : b.initGbSeconds! * firstTier,
    otherArchitectureCostUsd: b.invocations === null ? null : observedCost(stored.prices, other, b.gbSeconds!, b.invocations),
  }));
  const windowSec = report.window.start && report.window.end ? (Date.parse(report.window.end) - Date.parse(report.window.start)) / 1000 : 0;
  const monthlyAt = (a: Architecture, gbs: number) =>
    summary ? (monthlyCosts(stored.prices, [{ arch: a, gbSeconds: gbs, requests: summary.invocations }], windowSec, stored.freeTier)[0] ?? null) : null;
  const whole = combinePeriods(periods, 0, 0, []);
  const slowest: SlowInvocation[] = await slowestInvocations(sql, facts.id, periods);
  const maxInitFromReports = reports.reduce<number | null>((m, r) => (r.durationMs !== null && (m === null || r.durationMs > m) ? r.durationMs : m), null);
  const maxInitMs = Math.max(summary?.initDurationMs?.max ?? -Infinity, maxInitFromReports ?? -Infinity);
  const rightsizedMonthlyUsd =
    summary && summary.suggestedMemoryMB !== null && summary.memorySizeMB !== null ? monthlyAt(arch, summary.gbSeconds * (summary.suggestedMemoryMB / summary.memorySizeMB)) : null;
  return {
    name,
    range,
    facts,
    limit,
    threshold: DEFAULT_ALERT_THRESHOLD,
    summary,
    buckets,
    inits: initBuckets,
    costBucketMs,
    costs,
    otherArchitecture: {
      architecture: other,
      costUsd: summary ? observedCost(stored.prices, other, summary.gbSeconds, summary.invocations) : 0,
      monthlyCostUsd: summary ? monthlyAt(other, summary.gbSeconds) : null,
    },
    initHistogram: histogramBars(histogramFromJson(whole.initHist)),
    environments,
    slowest: slowest.map(([durationMs, requestId, startedAt]) => ({ durationMs, requestId, startedAt })),
    advice: summary
      ? adviseFunction({
          summary,
          limit,
          threshold: DEFAULT_ALERT_THRESHOLD,
          maxInitMs: Number.isFinite(maxInitMs) ? maxInitMs : null,
          timeoutSec: facts.timeoutSec,
          codeSizeBytes: facts.codeSizeBytes,
          rightsizedMonthlyUsd,
        })
      : [],
  };
}

function bucketInits(
  starts: number[],
  bucketMs: number,
  uses: ReturnType<typeof classifyInits>,
  reports: { ts: number | null; status: string | null }[],
  buckets: BucketStats[],
): InitBucket[] {
  const out = new Map<number, InitBucket>(starts.map((s) => [s, { start: s, preInvoke: null, unused: null, onDemand: null, failures: null }]));
  const at = (ts: number | null) => (ts === null || !Number.isFinite(ts) ? undefined : out.get(Math.floor(ts / bucketMs) * bucketMs));
  const touch = (b: InitBucket) => {
    b.preInvoke ??= 0;
    b.unused ??= 0;
    b.onDemand ??= 0;
    b.failures ??= {};
  };
  // a bucket with invocations but no inits is a zero, not a gap
  for (const s of buckets) if (s.invocations !== null) touch(out.get(s.start)!);
  for (const u of uses) {
    const b = at(u.ts);
    if (!b) continue;
    touch(b);
    b[u.kind]!++;
  }
  for (const r of reports) {
    if (r.status === null || r.status === "success") continue;
    const b = at(r.ts);
    if (!b) continue;
    touch(b);
    b.failures![r.status] = (b.failures![r.status] ?? 0) + 1;
  }
  return [...out.values()];
}
