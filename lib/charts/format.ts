/** Units a figure can carry; every number on a page is shown with one. */
export type Unit = "count" | "percent" | "ms" | "usd" | "mb" | "concurrency" | "rps";

const DASH = "–";

function grouped(v: number, digits: number): string {
  return v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Milliseconds as ms below a second, seconds below ten minutes, then minutes. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${grouped(ms, ms < 10 ? 2 : ms < 100 ? 1 : 0)} ms`;
  if (ms < 600_000) return `${grouped(ms / 1000, ms < 10_000 ? 2 : 1)} s`;
  return `${grouped(ms / 60_000, 1)} min`;
}

export function formatUsd(v: number): string {
  if (v === 0) return "$0";
  if (Math.abs(v) < 0.01) return `$${Number(v.toPrecision(2))}`;
  return `$${grouped(v, Math.abs(v) >= 1000 ? 0 : 2)}`;
}

/** A figure with its unit, for tables, tooltips and cards; null is a dash (not known, not zero). */
export function formatValue(v: number | null | undefined, unit: Unit, exact = false): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  switch (unit) {
    case "count":
      return grouped(v, Number.isInteger(v) ? 0 : 2);
    case "percent":
      return `${grouped(v * 100, exact ? 3 : v !== 0 && Math.abs(v) < 0.1 ? 2 : 1)}%`;
    case "ms":
      return exact ? `${grouped(v, 2)} ms` : formatMs(v);
    case "usd":
      return exact ? `$${Number(v.toPrecision(6))}` : formatUsd(v);
    case "mb":
      return `${grouped(v, 0)} MB`;
    case "concurrency":
      return grouped(v, Number.isInteger(v) ? 0 : exact ? 3 : 2);
    case "rps":
      return `${grouped(v, v < 10 ? 2 : 0)} req/s`;
  }
}

export function unitLabel(unit: Unit): string {
  return { count: "count", percent: "%", ms: "ms", usd: "USD", mb: "MB", concurrency: "concurrent invocations", rps: "requests/s" }[unit];
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A time in UTC, as precise as the bucket needs: "2024-05-01 14:30" or "2024-05-01". */
export function formatTime(ms: number, stepMs = 60_000): string {
  const d = new Date(ms);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (stepMs >= 86_400_000) return day;
  return `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A compact axis tick: the time of day within a day, the date otherwise. */
export function formatTick(ms: number, spanMs: number): string {
  const d = new Date(ms);
  const month = d.toLocaleString("en-US", { month: "short", timeZone: "UTC" });
  if (spanMs <= 2 * 86_400_000) return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return `${month} ${d.getUTCDate()}`;
}

const TICK_STEPS = [60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000, 2_592_000_000];

/** Axis ticks at round UTC times (every 3 hours, every day...), at most `max` of them. */
export function timeTicks(min: number, max: number, most = 7): number[] {
  const span = max - min;
  const step = TICK_STEPS.find((s) => span / s <= most) ?? TICK_STEPS[TICK_STEPS.length - 1];
  const out: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) out.push(t);
  return out;
}
