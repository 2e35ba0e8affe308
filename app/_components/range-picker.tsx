import Link from "next/link";
import type { ResolvedRange } from "@/lib/dashboard/range";

const PRESETS = [
  ["1h", "1 h"],
  ["24h", "24 h"],
  ["7d", "7 d"],
  ["30d", "30 d"],
  ["all", "All"],
] as const;

const local = (ms: number | null) => (ms === null ? "" : new Date(ms).toISOString().slice(0, 16));

/** Preset links and a custom range form; the range lives in the URL (?range= or ?from=&to=), so it works without script and can be shared. */
export function RangePicker({ path, range }: { path: string; range: ResolvedRange }) {
  return (
    <div className="range-picker" role="group" aria-label="Time range">
      <div className="range-presets">
        {PRESETS.map(([key, label]) => (
          <Link key={key} href={`${path}?range=${key}`} className="chip" aria-current={range.preset === key ? "true" : undefined}>
            {label}
          </Link>
        ))}
      </div>
      <form className="range-custom" method="get" action={path}>
        <label>
          from <input type="datetime-local" name="from" defaultValue={local(range.since ?? range.chart?.since ?? null)} required />
        </label>
        <label>
          to <input type="datetime-local" name="to" defaultValue={local(range.until ?? range.chart?.until ?? null)} required />
        </label>
        <span className="muted">UTC</span>
        <button type="submit" className={range.preset === "custom" ? "chip" : "chip"} aria-current={range.preset === "custom" ? "true" : undefined}>
          Apply
        </button>
      </form>
    </div>
  );
}
