import Link from "next/link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { serverStore } from "@/lib/store/server-store";
import { functionData, NotFound } from "@/lib/dashboard/function-data";
import { functionCharts } from "@/lib/charts/function-charts";
import { formatMs, formatTime, formatValue } from "@/lib/charts/format";
import { describeLimit } from "@/lib/metrics/limits";
import type { EnvironmentRow } from "@/lib/store/queries/environments";
import { RangePicker } from "../../_components/range-picker";
import { ChartCard } from "../../_components/chart";
import { Stat } from "../../_components/stat";
import { RangeNotice } from "../../_components/range-notice";
import { FunctionAlerts } from "../../_components/alerts/function-alerts";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const ENV_ROWS = 20;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

export default async function FunctionPage({ params, searchParams }: Props) {
  const name = decodeURIComponent((await params).name);
  const sp = await searchParams;
  const store = await serverStore();
  let d;
  try {
    d = await functionData(store.sql, name, { range: one(sp.range), from: one(sp.from), to: one(sp.to) });
  } catch (e) {
    if (e instanceof NotFound) notFound();
    throw e;
  }
  const s = d.summary;
  const path = `/functions/${encodeURIComponent(name)}`;
  const facts = [
    s?.runtimes.length ? s.runtimes.join(", ") : d.facts.runtime,
    s?.architecture ?? d.facts.architecture ?? "x86_64",
    s?.memorySizeMB ? `${formatValue(s.memorySizeMB, "mb")} memory` : d.facts.memoryMB ? `${formatValue(d.facts.memoryMB, "mb")} memory` : null,
    d.facts.timeoutSec !== null ? `${d.facts.timeoutSec} s timeout` : null,
    d.facts.region,
    describeLimit(d.limit),
  ].filter(Boolean);
  const share = s && s.peakConcurrency !== null ? s.peakConcurrency / d.limit.limit : null;
  return (
    <>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link href={`/?range=${d.range.preset}`}>Functions</Link> / <span>{name}</span>
      </nav>
      <div className="page-head">
        <div>
          <h1 className="fn-name">{name}</h1>
          <p className="muted">{facts.join(" · ")}</p>
        </div>
        <RangePicker path={path} range={d.range} />
      </div>
      <FunctionAlerts name={name} />
      {!s ? (
        <RangeNotice first={null} last={null} path={path} />
      ) : (
        <>
          <div className="stats">
            <Stat id="invocations" label="Invocations" value={formatValue(s.invocations, "count")} sub={`${formatValue(s.timeouts, "count")} timed out`} />
            <Stat
              id="cold-start-rate"
              label="Cold starts"
              value={formatValue(s.coldStartRate, "percent")}
              sub={`${formatValue(s.coldStarts, "count")} cold, ${formatValue(s.snapStartRestores, "count")} SnapStart restores`}
              tone={s.coldStartRate !== null && s.coldStartRate > 0.05 && s.invocations >= 100 ? "warn" : undefined}
            />
            <Stat id="pre-invoke" label="Pre-invoke inits" value={formatValue(s.preInvokeInits, "count")} sub={`${formatValue(s.unusedInits, "count")} unused, ${formatValue(s.initFailures, "count")} failed`} />
            <Stat
              id="peak"
              label="Peak concurrency"
              value={
                <>
                  {formatValue(s.peakConcurrency, "concurrency")} <span className="of">of {formatValue(d.limit.limit, "count")}</span>
                </>
              }
              sub={`Little's Law peak ${formatValue(s.littlesLawPeak, "concurrency")}`}
              tone={share !== null && share >= 1 ? "critical" : share !== null && share >= d.threshold ? "warn" : undefined}
            />
            <Stat id="throttle" label="Throttles above" value={formatValue(s.maxSustainableRps, "rps")} sub={`at a mean duration of ${s.meanDurationMs === null ? "–" : formatMs(s.meanDurationMs)}`} />
            <Stat id="duration" label="Duration p95" value={s.durationMs ? formatMs(s.durationMs.p95) : "–"} sub={s.durationMs ? `p50 ${formatMs(s.durationMs.p50)}, p99 ${formatMs(s.durationMs.p99)}` : "no durations"} />
            <Stat
              id="monthly"
              label="Monthly spend"
              value={formatValue(s.monthlyCostUsd, "usd")}
              sub={`init ${formatValue(s.initCostShare, "percent")} of cost; on ${d.otherArchitecture.architecture} ${formatValue(d.otherArchitecture.monthlyCostUsd, "usd")}`}
            />
          </div>
          <section className="panel advice" aria-labelledby="advice-title">
            <h2 id="advice-title">What the numbers say</h2>
            <ul>
              {d.advice.map((a) => (
                <li key={a.id} className={`advice-${a.level}`} data-advice={a.id}>
                  {a.text}
                </li>
              ))}
            </ul>
          </section>
          <div className="charts">
            {functionCharts(d).map((c) => (
              <ChartCard key={c.id} spec={c} />
            ))}
          </div>
          <section className="panel" aria-labelledby="env-title">
            <h2 id="env-title">Execution environments</h2>
            <p className="muted">
              One log stream per environment; {formatValue(d.environments.total, "count")} alive in this range
              {d.environments.total > d.environments.rows.length ? `, the ${d.environments.rows.length} most recent shown` : ""}.
            </p>
            <div className="table-scroll">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Stream</th>
                    <th scope="col">Init</th>
                    <th scope="col">Runtime</th>
                    <th scope="col">First invocation (UTC)</th>
                    <th scope="col">Last invocation (UTC)</th>
                    <th scope="col" className="num">
                      Invocations
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.environments.rows.slice(0, ENV_ROWS).map((e) => (
                    <EnvironmentRowView key={e.stream} e={e} />
                  ))}
                </tbody>
              </table>
            </div>
            {d.environments.rows.length > ENV_ROWS && (
              <details>
                <summary>{d.environments.rows.length - ENV_ROWS} more</summary>
                <div className="table-scroll">
                  <table className="data-table">
                    <tbody>
                      {d.environments.rows.slice(ENV_ROWS).map((e) => (
                        <EnvironmentRowView key={e.stream} e={e} />
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            )}
          </section>
          <section className="panel" aria-labelledby="slow-title">
            <h2 id="slow-title">Slowest invocations</h2>
            <div className="table-scroll">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Request id</th>
                    <th scope="col">Started (UTC)</th>
                    <th scope="col" className="num">
                      Duration
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.slowest.map((x) => (
                    <tr key={x.requestId}>
                      <td className="mono">{x.requestId}</td>
                      <td>{formatTime(x.startedAt, 1000)}</td>
                      <td className="num">{formatMs(x.durationMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
      <p className="footnote">
        Every figure is what <code>npx lambdalens report --json --function {name}</code> gives for the same range (
        <Link href={`/api/functions/${encodeURIComponent(name)}?range=${d.range.preset}${d.range.preset === "custom" ? `&from=${d.range.since}&to=${d.range.until}` : ""}`}>JSON</Link>).
      </p>
    </>
  );
}

function EnvironmentRowView({ e }: { e: EnvironmentRow }) {
  return (
    <tr>
      <td className="mono">{e.stream}</td>
      <td>{initLabel(e)}</td>
      <td>{e.runtime ?? "–"}</td>
      <td>{e.firstInvocationTs === null ? "–" : formatTime(e.firstInvocationTs, 1000)}</td>
      <td>{e.lastInvocationTs === null ? "–" : formatTime(e.lastInvocationTs, 1000)}</td>
      <td className="num">{formatValue(e.invocationCount, "count")}</td>
    </tr>
  );
}

function initLabel(e: { initType: string | null; initTs: number | null; firstInvocationTs: number | null; firstInvocationCold: boolean | null }): string {
  if (e.initType) return e.initType;
  if (e.initTs === null) return "–";
  if (e.firstInvocationTs === null) return "unused";
  return e.firstInvocationCold === false || e.firstInvocationTs - e.initTs > 10_000 ? "pre-invoke" : "on demand";
}
