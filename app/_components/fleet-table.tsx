"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import type { FunctionSummary } from "@/lib/metrics/summary";
import { formatMs, formatValue } from "@/lib/charts/format";

type Key = "name" | "invocations" | "coldStartRate" | "initP95" | "peak" | "throttleRps" | "monthly" | "initShare";

const COLUMNS: { key: Key; label: string; title: string; numeric: boolean }[] = [
  { key: "name", label: "Function", title: "Function name", numeric: false },
  { key: "invocations", label: "Invocations", title: "Invocations (REPORT lines) in the range", numeric: true },
  { key: "coldStartRate", label: "Cold starts", title: "Cold starts ÷ invocations", numeric: true },
  { key: "initP95", label: "Init p95", title: "95th percentile of Init Duration", numeric: true },
  { key: "peak", label: "Peak concurrency", title: "Exact peak concurrency against the limit (reserved concurrency, else the region's account limit)", numeric: true },
  { key: "throttleRps", label: "Throttles above", title: "The request rate at which it throttles at its mean duration: limit ÷ mean duration", numeric: true },
  { key: "monthly", label: "Monthly spend", title: "Observed rate × 30 days, at the account's price tiers", numeric: true },
  { key: "initShare", label: "Init share", title: "What init costs when priced on its own, as a share of the invocations' cost", numeric: true },
];

function sortValue(f: FunctionSummary, k: Key): number | string {
  switch (k) {
    case "name":
      return f.name;
    case "invocations":
      return f.invocations;
    case "coldStartRate":
      return f.coldStartRate ?? -1;
    case "initP95":
      return f.initDurationMs?.p95 ?? -1;
    case "peak":
      return f.peakConcurrency === null ? -1 : f.peakConcurrency / f.concurrencyLimit;
    case "throttleRps":
      return f.maxSustainableRps ?? Infinity;
    case "monthly":
      return f.monthlyCostUsd ?? -1;
    case "initShare":
      return f.initCostShare ?? -1;
  }
}

/** The fleet's functions, sortable by any column and filtered by name as you type. */
export function FleetTable({ functions, query }: { functions: FunctionSummary[]; query: string }) {
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: "invocations", desc: true });
  const rows = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const shown = functions.filter((x) => x.name.toLowerCase().includes(f));
    return shown.sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      const c = x < y ? -1 : x > y ? 1 : 0;
      return sort.desc ? -c : c;
    });
  }, [functions, filter, sort]);
  const click = (key: Key) => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== "name" }));
  return (
    <div className="panel">
      <div className="table-tools">
        <label className="filter">
          <span>Filter</span>
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="function name" aria-label="Filter functions by name" />
        </label>
        <span className="muted">
          {rows.length} of {functions.length} functions
        </span>
      </div>
      <div className="table-scroll">
        <table className="data-table fleet-table">
          <thead>
            <tr className="sort-row">
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col" className={c.numeric ? "num" : undefined} aria-sort={sort.key === c.key ? (sort.desc ? "descending" : "ascending") : "none"} title={c.title}>
                  <button type="button" onClick={() => click(c.key)}>
                    {c.label}
                    <span aria-hidden="true">{sort.key === c.key ? (sort.desc ? " ▼" : " ▲") : ""}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((f) => {
              const share = f.peakConcurrency === null ? null : f.peakConcurrency / f.concurrencyLimit;
              return (
                <tr key={f.name}>
                  <th scope="row">
                    <Link href={`/functions/${encodeURIComponent(f.name)}${query}`}>{f.name}</Link>
                  </th>
                  <td className="num" data-label="Invocations">{formatValue(f.invocations, "count")}</td>
                  <td className="num" data-label="Cold starts">{formatValue(f.coldStartRate, "percent")}</td>
                  <td className="num" data-label="Init p95">{f.initDurationMs ? formatMs(f.initDurationMs.p95) : "–"}</td>
                  <td className="num meter-cell" data-label="Peak concurrency">
                    <div className="meter" title={`${f.peakConcurrency ?? "–"} of ${f.concurrencyLimit} (${f.concurrencyLimitKind === "reserved" ? "reserved concurrency" : "account limit"})`}>
                      <span className="meter-text">
                        {formatValue(f.peakConcurrency, "concurrency")} / {formatValue(f.concurrencyLimit, "count")}
                        {f.concurrencyLimitKind === "reserved" ? " R" : ""}
                      </span>
                      <span className="meter-track">
                        <span className={`meter-fill ${share !== null && share >= 0.8 ? "hot" : ""}`} style={{ width: `${Math.min(100, (share ?? 0) * 100)}%` }} />
                      </span>
                    </div>
                  </td>
                  <td className="num" data-label="Throttles above">{formatValue(f.maxSustainableRps, "rps")}</td>
                  <td className="num" data-label="Monthly spend">{formatValue(f.monthlyCostUsd, "usd")}</td>
                  <td className="num" data-label="Init share">{formatValue(f.initCostShare, "percent")}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="footnote">R: the function&apos;s reserved concurrency is its limit; otherwise its region&apos;s account limit. Percentiles from 2% histogram buckets (within 1%).</p>
    </div>
  );
}
