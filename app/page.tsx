import Link from "next/link";
import type { Metadata } from "next";
import { serverStore } from "@/lib/store/server-store";
import { fleetData } from "@/lib/dashboard/fleet-data";
import { formatValue } from "@/lib/charts/format";
import { describeLimit } from "@/lib/metrics/limits";
import { env } from "@/lib/config/env";
import { RangePicker } from "./_components/range-picker";
import { FleetTable } from "./_components/fleet-table";
import { UploadArea } from "./_components/upload-area";
import { DemoButton } from "./_components/demo-button";
import { Stat } from "./_components/stat";
import { RangeNotice } from "./_components/range-notice";
import { activeAlerts } from "@/lib/alerts/store/listing";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Functions" };

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function FleetPage({ searchParams }: { searchParams: Search }) {
  const sp = await searchParams;
  const q = { range: one(sp.range), from: one(sp.from), to: one(sp.to) };
  const store = await serverStore();
  const data = await fleetData(store.sql, q);
  const query = q.from && q.to ? `?from=${encodeURIComponent(q.from)}&to=${encodeURIComponent(q.to)}` : `?range=${data.range.preset}`;
  if (data.known === 0) {
    return (
      <>
        <h1>Your Lambda functions</h1>
        <section className="panel empty-start">
          <h2>No logs yet</h2>
          <p>
            Drop CloudWatch log exports of your functions here, or read them live with <code>npx lambdalens ingest --cloudwatch --region REGION --follow</code>. Or try the dashboard on a
            synthetic fleet first.
          </p>
          <UploadArea maxBytes={env().LAMBDALENS_UPLOAD_MAX_BYTES} />
          <DemoButton />
        </section>
      </>
    );
  }
  const t = data.totals;
  const firing = await activeAlerts(store.sql);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Your Lambda functions</h1>
          <p className="muted">
            {data.range.label}
            {data.window.start && data.window.end ? ` · data from ${data.window.start.slice(0, 16).replace("T", " ")} to ${data.window.end.slice(0, 16).replace("T", " ")} UTC` : ""}
          </p>
        </div>
        <RangePicker path="/" range={data.range} />
      </div>
      {firing.length > 0 && (
        <p className="alert-banner" role="status">
          <strong>
            {firing.length} alert{firing.length === 1 ? "" : "s"} firing
          </strong>
          : {[...new Set(firing.map((a) => a.function ?? a.region ?? "all functions"))].slice(0, 5).join(", ")}
          {firing.length > 5 ? "…" : ""} · <Link href="/alerts">see alerts</Link>
        </p>
      )}
      {data.functions.length === 0 ? (
        <RangeNotice first={data.dataWindow.first} last={data.dataWindow.last} />
      ) : (
        <>
          <div className="stats">
            <Stat id="invocations" label="Invocations" value={formatValue(t.invocations, "count")} sub={`${data.functions.length} functions`} />
            <Stat id="cost" label="Cost in range" value={formatValue(t.costUsd, "usd")} sub="list prices, first tier" />
            <Stat id="monthly" label="Monthly projection" value={formatValue(t.monthlyCostUsd, "usd")} sub="observed rate × 30 days" />
            {t.regions.map((r) => {
              const share = r.peakSum / r.limit.limit;
              return (
                <Stat
                  key={r.region}
                  id={`region-${r.region}`}
                  label={`${r.region} concurrency`}
                  tone={share >= 1 ? "critical" : share >= 0.8 ? "warn" : undefined}
                  value={
                    <>
                      ≤ {formatValue(r.peakSum, "count")} <span className="of">of {formatValue(r.limit.limit, "count")}</span>
                    </>
                  }
                  sub={
                    <>
                      <span className="meter-track">
                        <span className={`meter-fill ${share >= 0.8 ? "hot" : ""}`} style={{ width: `${Math.min(100, share * 100)}%` }} />
                      </span>
                      <span title={`The largest sum, over one minute, of the functions' exact peaks: an upper bound, as their peaks need not coincide. Against the ${describeLimit(r.limit)}.`}>
                        upper bound (sum of per-minute peaks), {r.limit.from === "default" ? "AWS default limit" : describeLimit(r.limit)}
                      </span>
                    </>
                  }
                />
              );
            })}
          </div>
          <FleetTable functions={data.functions} query={query} />
        </>
      )}
      <p className="footnote">
        Every figure here is what <code>npx lambdalens report --json</code> gives for the same range (<Link href={`/api/fleet${query}`}>JSON</Link>).
      </p>
    </>
  );
}
