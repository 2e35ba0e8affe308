/**
 * One colour per metric, on every page and in every chart (Okabe–Ito based, readable
 * for the common colour-vision deficiencies, on white).
 */
export const METRIC_COLORS = {
  invocations: "#4c78a8",
  warm: "#9ecae9",
  coldStarts: "#e45756",
  restores: "#b279a2",
  coldStartRate: "#d62728",
  p50: "#54a24b",
  p95: "#f58518",
  p99: "#8c564b",
  peakConcurrency: "#1f4e79",
  littlesLaw: "#e69f00",
  avgConcurrency: "#56b4e9",
  limit: "#d62728",
  threshold: "#f58518",
  timeout: "#d62728",
  cost: "#2ca02c",
  initCost: "#e45756",
  otherArchitecture: "#7f7f7f",
  memoryUsed: "#9467bd",
  memorySize: "#7f7f7f",
  preInvoke: "#009e73",
  unused: "#bab0ac",
  onDemand: "#9ecae9",
  initFailures: "#d62728",
  timeouts: "#8c564b",
  initDuration: "#e45756",
} as const;

export type MetricKey = keyof typeof METRIC_COLORS;

/** Further init-failure statuses, after the first (timeout, error, failure, ...). */
const STATUS_COLORS = ["#d62728", "#ff9da6", "#8c564b", "#bcbd22"];

export function statusColor(i: number): string {
  return STATUS_COLORS[i % STATUS_COLORS.length];
}
