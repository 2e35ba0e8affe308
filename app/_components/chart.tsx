"use client";

import { useMemo, useRef, useState } from "react";
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartData,
  type ChartOptions,
  type Plugin,
} from "chart.js";
import { Chart } from "react-chartjs-2";
import { chartTable, type ChartSpec } from "@/lib/charts/spec";
import { formatTick, formatTime, formatValue, timeTicks, unitLabel } from "@/lib/charts/format";

ChartJS.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

type Point = { x: number; y: number | null };

/** Most values stand alone between gaps: a line would draw nothing there. */
function sparse(data: (number | null)[]): boolean {
  let alone = 0;
  let values = 0;
  data.forEach((v, i) => {
    if (v === null) return;
    values++;
    if ((data[i - 1] ?? null) === null && (data[i + 1] ?? null) === null) alone++;
  });
  return values > 0 && alone / values > 0.2;
}

/**
 * The one chart component: draws what a prepare function in lib/charts shaped, with
 * exact values in tooltips and the same figures as a table on request. The wrapper's
 * data-loading-state turns "drawn" once chart.js has painted, for tests to wait on.
 */
export function ChartCard({ spec }: { spec: ChartSpec }) {
  const [asTable, setAsTable] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const categorical = spec.labels !== undefined;
  const span = spec.x.length > 1 ? spec.x[spec.x.length - 1] - spec.x[0] : (spec.bucketMs ?? 0);

  const data = useMemo<ChartData<"bar" | "line", Point[] | (number | null)[]>>(
    () => ({
      labels: categorical ? spec.labels : undefined,
      datasets: spec.series.map((s) => ({
        type: s.kind,
        label: s.label,
        data: categorical ? s.data : s.data.map((y, i) => ({ x: spec.x[i], y })),
        backgroundColor: s.kind === "bar" ? s.color : s.color + "22",
        borderColor: s.color,
        borderWidth: s.kind === "bar" ? 0 : s.reference || s.right ? 1.5 : 2,
        borderDash: s.dashed ? [6, 4] : undefined,
        // points where a line cannot show: few buckets, or values mostly between gaps
        pointRadius: s.kind === "line" && !s.reference && (spec.x.length <= 60 || sparse(s.data)) ? 2.5 : 0,
        barPercentage: 1,
        categoryPercentage: categorical ? 0.9 : 0.95,
        pointHoverRadius: s.reference ? 0 : 4,
        stepped: s.step ? ("before" as const) : false,
        stack: s.stack ?? s.key,
        yAxisID: s.right ? "right" : "left",
        spanGaps: false,
        order: s.kind === "line" ? 0 : 1,
      })),
    }),
    [spec, categorical],
  );

  const options = useMemo<ChartOptions<"bar" | "line">>(() => {
    const hasRight = spec.series.some((s) => s.right);
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      parsing: categorical ? undefined : { xAxisKey: "x", yAxisKey: "y" },
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12, boxHeight: 12, padding: 10 } },
        tooltip: {
          callbacks: {
            title: (items) => (categorical ? String(items[0]?.label ?? "") : items[0] ? `${formatTime(spec.x[items[0].dataIndex], spec.bucketMs)} UTC` : ""),
            label: (item) => {
              const s = spec.series[item.datasetIndex];
              return `${s.label}: ${formatValue(s.data[item.dataIndex], s.unit, true)}`;
            },
          },
        },
      },
      scales: {
        x: categorical
          ? { type: "category", ticks: { maxRotation: 45, autoSkip: true, maxTicksLimit: 8 }, grid: { display: false } }
          : {
              type: "linear",
              min: spec.x[0],
              max: spec.x.length ? spec.x[spec.x.length - 1] + (spec.bucketMs ?? 0) : undefined,
              stacked: spec.series.some((s) => s.stack),
              offset: false,
              ticks: { callback: (v) => formatTick(Number(v), span), maxRotation: 0 },
              afterBuildTicks: (axis) => {
                axis.ticks = timeTicks(axis.min, axis.max, 6).map((value) => ({ value }));
              },
              grid: { display: false },
            },
        left: {
          type: "linear",
          position: "left",
          beginAtZero: true,
          stacked: spec.series.some((s) => s.stack && !s.right),
          title: { display: true, text: unitLabel(spec.leftUnit) },
          ticks: { maxTicksLimit: 6, precision: spec.leftUnit === "count" ? 0 : undefined, callback: (v) => formatValue(Number(v), spec.leftUnit) },
        },
        ...(hasRight
          ? {
              right: {
                type: "linear" as const,
                position: "right" as const,
                beginAtZero: true,
                grid: { drawOnChartArea: false },
                title: { display: true, text: unitLabel(spec.rightUnit ?? "percent") },
                ticks: { maxTicksLimit: 6, callback: (v: string | number) => formatValue(Number(v), spec.rightUnit ?? "percent") },
              },
            }
          : {}),
      },
    };
  }, [spec, categorical, span]);

  const drawn = useMemo<Plugin>(
    () => ({
      id: "lambdalens-drawn",
      afterRender: () => {
        if (box.current) box.current.dataset.loadingState = "drawn";
      },
    }),
    [],
  );

  const table = asTable ? chartTable(spec) : null;
  return (
    <section className="panel chart-card" aria-labelledby={`chart-${spec.id}-title`}>
      <header className="chart-head">
        <h3 id={`chart-${spec.id}-title`}>{spec.title}</h3>
        {!spec.empty && (
          <button type="button" className="link-button" onClick={() => setAsTable((t) => !t)} aria-pressed={asTable}>
            {asTable ? "Show as chart" : "Show as table"}
          </button>
        )}
      </header>
      {spec.note && <p className="chart-note">{spec.note}</p>}
      {spec.caption && !spec.empty && <p className="chart-caption">{spec.caption}</p>}
      {spec.empty ? (
        <p className="chart-empty" data-chart-id={spec.id} data-loading-state="empty">
          {spec.emptyText}
        </p>
      ) : table ? (
        <div className="table-scroll">
          <table className="data-table" data-chart-table={spec.id}>
            <thead>
              <tr>{table.columns.map((c) => <th key={c}>{c}</th>)}</tr>
            </thead>
            <tbody>
              {table.rows.map((r, i) => (
                <tr key={i}>{r.map((c, j) => (j === 0 ? <th key={j} scope="row">{c}</th> : <td key={j}>{c}</td>))}</tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="chart-box" ref={box} data-chart-id={spec.id} data-loading-state="loading">
          <Chart type="bar" data={data as ChartData<"bar">} options={options as ChartOptions<"bar">} plugins={[drawn]} aria-label={spec.title} role="img" />
        </div>
      )}
    </section>
  );
}
