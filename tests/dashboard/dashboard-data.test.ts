import { describe, expect, it } from "vitest";
import { ingestFile } from "../../lib/pipeline/ingest-file";
import { reportFromStore } from "../../lib/store/report";
import { fleetData } from "../../lib/dashboard/fleet-data";
import { functionData, NotFound } from "../../lib/dashboard/function-data";
import { functionCharts } from "../../lib/charts/function-charts";
import { chartTable } from "../../lib/charts/spec";
import { writeFunctionOverrides, writeSettings } from "../../lib/store/settings";
import { KINDS, useTestStore } from "../store/databases";
import { synthFleet } from "../store/fleet";

// the fleet runs 2025-09-01 00:00 to 24:00 UTC; "now" is just after
const fleet = synthFleet(["--invocations", "20000", "--functions", "4", "--format", "firehose", "--seed", "5"], "fleet.gz");
const NOW = Date.parse("2025-09-02T00:05:00Z");

const sum = (xs: (number | null)[]) => xs.reduce<number>((a, x) => a + (x ?? 0), 0);

describe.each(KINDS)("dashboard data on %s", (kind) => {
  const shared = useTestStore(kind);

  it("the fleet's figures are report --json's for the same range, with exact region sums", async () => {
    const store = shared();
    await ingestFile(store, fleet.path);
    for (const range of ["24h", "7d", "1h", "all"]) {
      const f = await fleetData(store.sql, { range }, NOW);
      const r = await reportFromStore(store.sql, { since: f.range.since, until: f.range.until });
      expect(f.functions, range).toEqual(r.functions);
      expect(f.window).toEqual(r.window);
      expect(f.totals.invocations).toBe(r.functions.reduce((a, x) => a + x.invocations, 0));
    }
    const f = await fleetData(store.sql, { range: "24h" }, NOW);
    const [direct] = await store.sql.query<{ m: number | string }>(
      `SELECT MAX(s) AS "m" FROM (SELECT SUM("peakConcurrency") AS s FROM "minute_rollups" WHERE "minute" >= ? AND "minute" < ? GROUP BY "minute") t`,
      [f.range.since, f.range.until],
    );
    expect(f.totals.regions.map((x) => [x.region, x.peakSum, x.limit.limit])).toEqual([["us-east-1", Number(direct.m), 1000]]);
    expect(f.totals.regions[0].peakSum).toBeGreaterThanOrEqual(Math.max(...f.functions.map((x) => x.peakConcurrency ?? 0)));
  });

  it("the function page's charts add up to its figures, with gaps where there is no data", async () => {
    const store = shared();
    const name = (await reportFromStore(store.sql, { since: null, until: null })).functions[0].name;
    const d = await functionData(store.sql, name, { range: "24h" }, NOW);
    const s = d.summary!;
    expect(s).toEqual((await reportFromStore(store.sql, { since: d.range.since, until: d.range.until }, { functionName: name })).functions[0]);
    const charts = Object.fromEntries(functionCharts(d).map((c) => [c.id, c]));
    const series = (chart: string, key: string) => charts[chart].series.find((x) => x.key === key)!.data;
    expect(sum(series("invocations", "warm")) + sum(series("invocations", "coldStarts")) + sum(series("invocations", "restores"))).toBe(s.invocations);
    expect(sum(series("invocations", "coldStarts")) + sum(series("invocations", "restores"))).toBe(s.coldStarts);
    expect(Math.max(...series("concurrency", "peakConcurrency").map((x) => x ?? 0))).toBe(s.peakConcurrency);
    expect(Math.max(...series("concurrency", "littlesLaw").map((x) => x ?? 0))).toBeLessThanOrEqual(s.littlesLawPeak + 1e-9);
    expect(sum(series("cost", "cost"))).toBeCloseTo(s.costUsd, 9);
    expect(sum(series("inits", "preInvoke"))).toBe(s.preInvokeInits);
    expect(sum(series("inits", "unused"))).toBe(s.unusedInits);
    expect(sum(series("inits", "timeouts"))).toBe(s.timeouts);
    expect(sum(charts["init-histogram"].series[0].data)).toBe(s.coldStarts);
    // the last bucket, after the data ends, is a gap, not a zero
    const last = d.buckets.length - 1;
    expect(new Date(d.buckets[last].start).toISOString()).toBe("2025-09-02T00:00:00.000Z");
    expect(series("invocations", "warm")[last]).toBeNull();
    expect(chartTable(charts.invocations).rows[last]).toEqual(["2025-09-02 00:00", "–", "–", "–", "–"]);
    expect(series("invocations", "warm")[0]).toBeGreaterThan(0);
    expect(chartTable(charts.invocations).rows).toHaveLength(d.buckets.length);
    const [top] = await store.sql.query<{ durationMs: number }>(
      `SELECT i."durationMs" FROM "invocations" i JOIN "functions" f ON f."id" = i."functionId" WHERE f."name" = ? AND i."hasReport" ORDER BY i."durationMs" DESC LIMIT 1`,
      [name],
    );
    expect(d.slowest[0].durationMs).toBe(top.durationMs);
    const [envs] = await store.sql.query<{ n: number | string }>(`SELECT COUNT(*) AS "n" FROM "environments" e JOIN "functions" f ON f."id" = e."functionId" WHERE f."name" = ?`, [name]);
    expect(d.environments.total).toBe(Number(envs.n));
    expect(d.environments.rows.reduce((a, e) => a + e.invocationCount, 0)).toBeLessThanOrEqual(s.invocations);
    expect(d.advice.map((a) => a.id)).toContain("throttle-rate");
    await expect(functionData(store.sql, "no-such-function", {}, NOW)).rejects.toThrow(NotFound);
  });

  it("settings change the figures at once: prices, reserved concurrency, architecture", async () => {
    const store = shared();
    const name = (await reportFromStore(store.sql, { since: null, until: null })).functions[0].name;
    const before = (await functionData(store.sql, name, { range: "24h" }, NOW)).summary!;
    await writeSettings(store.sql, { prices: { requestPerMillion: 0.4, architectures: { x86_64: { tiers: [{ upToGbSeconds: null, pricePerGbSecond: 0.0000333334 }] } } } });
    await writeFunctionOverrides(store.sql, name, { reservedConcurrency: 50 });
    const after = await functionData(store.sql, name, { range: "24h" }, NOW);
    expect(after.summary!.costUsd).toBeCloseTo(before.gbSeconds * 0.0000333334 + (before.invocations / 1e6) * 0.4, 9);
    expect([after.limit, after.summary!.concurrencyLimit, after.summary!.concurrencyLimitKind]).toEqual([{ limit: 50, kind: "reserved", from: "settings" }, 50, "reserved"]);
    await writeFunctionOverrides(store.sql, name, { architecture: "arm64", reservedConcurrency: null });
    const arm = (await reportFromStore(store.sql, { since: null, until: null }, { functionName: name })).functions[0];
    expect([arm.architecture, arm.concurrencyLimitKind]).toEqual(["arm64", "account"]);
    await writeSettings(store.sql, { accountLimits: { "us-east-1": 200 } });
    const limited = (await fleetData(store.sql, { range: "24h" }, NOW)).totals.regions[0].limit;
    expect(limited).toEqual({ limit: 200, kind: "account", from: "settings" });
  });
});
