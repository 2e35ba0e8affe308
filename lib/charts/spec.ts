import { formatTime, formatValue, type Unit } from "./format";

/** One line or set of bars. `data[i]` belongs to `x[i]`; null is a gap (no data), never drawn as zero. */
export interface ChartSeries {
  key: string;
  label: string;
  color: string;
  unit: Unit;
  data: (number | null)[];
  kind: "line" | "bar";
  /** bars with the same stack are stacked */
  stack?: string;
  /** the right-hand axis */
  right?: boolean;
  dashed?: boolean;
  /** a reference line (limit, timeout): drawn without points, left out of the tooltip's gaps */
  reference?: boolean;
  step?: boolean;
}

/** Everything a chart draws, shaped by a pure function; the chart component only draws it. */
export interface ChartSpec {
  id: string;
  title: string;
  /** a sentence under the title: what the chart shows and how it is computed */
  note?: string;
  /** time buckets (epoch ms starts) or, for histograms, category labels */
  x: number[];
  labels?: string[];
  bucketMs?: number;
  leftUnit: Unit;
  rightUnit?: Unit;
  series: ChartSeries[];
  /** a line under the chart: what it leaves out (a limit far above the data) */
  caption?: string;
  /** true when no series has a single value: the chart shows its empty message instead */
  empty: boolean;
  emptyText: string;
}

export function spec(s: Omit<ChartSpec, "empty">): ChartSpec {
  return { ...s, empty: s.series.every((x) => x.reference || x.data.every((v) => v === null)) };
}

/** The chart as a table: a row per x, a column per series, values with their units (the "show as table" view). */
export function chartTable(c: ChartSpec): { columns: string[]; rows: string[][] } {
  const columns = [c.labels ? "range" : "time (UTC)", ...c.series.map((s) => s.label)];
  const rows = c.x.map((x, i) => [c.labels ? c.labels[i] : formatTime(x, c.bucketMs), ...c.series.map((s) => formatValue(s.data[i], s.unit, true))]);
  return { columns, rows };
}
