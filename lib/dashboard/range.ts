import { bucketFor } from "../metrics/buckets";
import { DAY_MS, HOUR_MS } from "../metrics/rollup-period";

export const PRESETS = { "1h": HOUR_MS, "24h": DAY_MS, "7d": 7 * DAY_MS, "30d": 30 * DAY_MS } as const;
export type Preset = keyof typeof PRESETS | "all" | "custom";

/** A dashboard's time range, resolved: what the URL said and the epoch-ms ends it means. */
export interface ResolvedRange {
  preset: Preset;
  /** the figures' range, epoch ms, as `report --since/--until` takes it; both null for "all" */
  since: number | null;
  until: number | null;
  /** what the charts span: the range, or for "all" the data's window in whole buckets (null: no data) */
  chart: { since: number; until: number } | null;
  bucketMs: number;
  label: string;
}

export class RangeError400 extends Error {}

export interface RangeQuery {
  range?: string | null;
  from?: string | null;
  to?: string | null;
}

function parseTime(v: string, field: string): number {
  // a datetime-local input sends no zone: the dashboard shows and takes UTC
  const zoned = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(v) ? `${v}Z` : v;
  const t = /^\d+$/.test(v) ? Number(v) : Date.parse(zoned);
  if (!Number.isFinite(t) || t < 0 || t > 8.64e15) throw new RangeError400(`${field}: expected an ISO time (2024-05-01T00:00:00Z) or epoch milliseconds, got '${v}'`);
  return t;
}

/**
 * The range a query string asks for: a preset (1h, 24h, 7d, 30d) ending now, "all"
 * (the data's own window), or custom `from`/`to`. Preset ranges are widened to whole
 * buckets, so a chart's first and last buckets are whole and long ranges read whole
 * hours. With no range, 24h when the newest data is that recent, else all of it.
 */
export function resolveRange(q: RangeQuery, now: number, data: { first: number; last: number } | null): ResolvedRange {
  const hasData = data !== null && Number.isFinite(data.first) && Number.isFinite(data.last);
  let preset = (q.range ?? "") as Preset | "";
  if (q.from || q.to) preset = "custom";
  if (preset === "") preset = hasData && data!.last >= now - DAY_MS ? "24h" : "all";
  if (preset === "custom") {
    if (!q.from || !q.to) throw new RangeError400("a custom range needs both from and to");
    const since = parseTime(q.from, "from");
    const until = parseTime(q.to, "to");
    if (until <= since) throw new RangeError400(`to (${q.to}) must be after from (${q.from})`);
    return { preset, since, until, chart: { since, until }, bucketMs: bucketFor(until - since), label: `${new Date(since).toISOString()} – ${new Date(until).toISOString()}` };
  }
  if (preset === "all") {
    if (!hasData) return { preset, since: null, until: null, chart: null, bucketMs: bucketFor(DAY_MS), label: "all data" };
    const bucketMs = bucketFor(Math.max(data!.last - data!.first, HOUR_MS));
    const since = Math.floor(data!.first / bucketMs) * bucketMs;
    return { preset, since: null, until: null, chart: { since, until: Math.floor(data!.last / bucketMs) * bucketMs + bucketMs }, bucketMs, label: "all data" };
  }
  if (!(preset in PRESETS)) throw new RangeError400(`range: expected one of 1h, 24h, 7d, 30d, all, or from and to, got '${preset}'`);
  const span = PRESETS[preset as keyof typeof PRESETS];
  const bucketMs = bucketFor(span);
  const until = Math.floor(now / bucketMs) * bucketMs + bucketMs;
  const since = until - span - bucketMs;
  return { preset, since, until, chart: { since, until }, bucketMs, label: `last ${preset}` };
}
