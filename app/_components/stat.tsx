import type { ReactNode } from "react";

/** A headline figure: a label, the value with its unit, and a line saying what it means. */
export function Stat({ label, value, sub, tone, id }: { label: string; value: ReactNode; sub?: ReactNode; tone?: "warn" | "critical"; id?: string }) {
  return (
    <div className={`stat ${tone ?? ""}`} data-stat={id}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {sub !== undefined && <div className="stat-sub">{sub}</div>}
    </div>
  );
}
