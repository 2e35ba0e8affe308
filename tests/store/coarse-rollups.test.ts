import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingestFile } from "../../lib/pipeline/ingest-file";
import { aggregatesFromStore } from "../../lib/store/report";
import { rollupPeriods } from "../../lib/store/queries/rollup-periods";
import { aggregatePeriods } from "../../lib/metrics/rollup-period";
import { MINUTE_MS } from "../../lib/metrics/minute-rollups";
import { countInits } from "../../lib/metrics/inits";
import { KINDS, useTestStore } from "./databases";
import { synthFleet } from "./fleet";

const fleet = synthFleet(["--invocations", "20000", "--functions", "4", "--format", "firehose", "--seed", "11", "--hours", "72"], "fleet.gz");
const dir = mkdtempSync(join(tmpdir(), "lambdalens-coarse-"));
const S = "2025/10/01/[$LATEST]33333333333333333333333333333333";
const T = "2025/10/01/[$LATEST]44444444444444444444444444444444";
const at = (iso: string) => iso.replace("Z", "000").slice(0, 26);
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const line = (stream: string, iso: string, msg: string) => `${stream} ${at(iso)} ${msg}`;
const report = (n: number, ms: number) => `REPORT RequestId: ${id(n)}\tDuration: ${ms.toFixed(2)} ms\tBilled Duration: ${Math.ceil(ms)} ms\tMemory Size: 1024 MB\tMax Memory Used: 60 MB`;
// a 10-minute invocation from 10:55 to 11:05, and a short one at 11:02 in another environment
const long = join(dir, "long.log");
writeFileSync(
  long,
  [
    line(S, "2025-10-01T10:55:00.000Z", `START RequestId: ${id(1)} Version: $LATEST`),
    line(S, "2025-10-01T11:05:00.000Z", report(1, 600_000)),
    line(T, "2025-10-01T11:02:00.000Z", `START RequestId: ${id(2)} Version: $LATEST`),
    line(T, "2025-10-01T11:02:30.000Z", report(2, 30_000)),
  ].join("\n") + "\n",
);

/** Equal, numbers to 1e-9 relative: sums taken in another order differ in the last bits. */
function expectClose(got: unknown, want: unknown, path = ""): void {
  if (typeof want === "number" && typeof got === "number") {
    expect(Math.abs(got - want), `${path}: ${got} vs ${want}`).toBeLessThanOrEqual(Math.abs(want) * 1e-9);
  } else if (want !== null && typeof want === "object") {
    expect(Object.keys(got as object).sort(), path).toEqual(Object.keys(want).sort());
    for (const [k, v] of Object.entries(want)) expectClose((got as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else expect(got, path).toEqual(want);
}

describe.each(KINDS)("hour and day rollups on %s", (kind) => {
  const shared = useTestStore(kind);

  it("read as days, hours and minutes give what every minute gives, for any range", async () => {
    const store = shared();
    await ingestFile(store, fleet.path);
    const all = await rollupPeriods(store.sql, { since: null, until: null }, { grains: [MINUTE_MS] });
    const first = Math.min(...all.flatMap((f) => f.periods.map((p) => p.start)));
    const ranges = [
      { since: null, until: null },
      { since: first + 37 * 60_000 + 1234, until: first + 2 * 86_400_000 + 5 * 3_600_000 + 17 * 60_000 },
      { since: first + 3_600_000, until: first + 7_200_000 },
      { since: first + 26 * 3_600_000 - 1, until: null },
    ];
    for (const range of ranges) {
      const coarse = await rollupPeriods(store.sql, range);
      const fine = await rollupPeriods(store.sql, range, { grains: [MINUTE_MS] });
      expect(coarse.map((f) => f.name)).toEqual(fine.map((f) => f.name));
      if (range.since !== null) expect(coarse.some((f) => f.periods.some((p) => p.grainMs > MINUTE_MS))).toBe(true);
      const inits = countInits({ environments: [], virtualColdStarts: [], virtualLastStart: -Infinity, initReportStatuses: [] });
      for (let i = 0; i < coarse.length; i++) {
        expect(coarse[i].periods.length).toBeLessThan(fine[i].periods.length);
        expectClose(aggregatePeriods(coarse[i].name, coarse[i].periods, inits, [], MINUTE_MS), aggregatePeriods(fine[i].name, fine[i].periods, inits, [], MINUTE_MS), coarse[i].name);
      }
    }
    // busy time adds up to the time invocations ran
    const [row] = await store.sql.query<{ busy: number; dur: number }>(
      `SELECT (SELECT SUM("busyMs") FROM "minute_rollups") AS "busy", (SELECT SUM("durationMs") FROM "invocations" WHERE "hasReport" AND "beginTs" IS NOT NULL) AS "dur"`,
    );
    expect(Math.abs(Number(row.busy) - Number(row.dur))).toBeLessThan(1e-3 * Number(row.dur));
    const hourSlowest = await store.sql.query<{ slowest: string }>(`SELECT "slowest" FROM "coarse_rollups" WHERE "grainMs" = ? ORDER BY "maxDurationMs" DESC LIMIT 1`, [86_400_000]);
    const [top] = await store.sql.query<{ durationMs: number; requestId: string }>(`SELECT "durationMs", "requestId" FROM "invocations" WHERE "hasReport" ORDER BY "durationMs" DESC LIMIT 1`);
    expect(JSON.parse(hourSlowest[0].slowest)[0].slice(0, 2)).toEqual([top.durationMs, top.requestId]);
    const aggregates = await aggregatesFromStore(store.sql, { since: null, until: null }, undefined, 300_000);
    expect(aggregates.length).toBe(4);
  });

  it("counts a long invocation in every minute it runs, across the hour, and sums regions", async () => {
    const store = shared();
    await ingestFile(store, long, { functionName: "long-runner" });
    const minutes = await store.sql.query<{ minute: number; busyMs: number; peakConcurrency: number; invocations: number }>(
      `SELECT r."minute", r."busyMs", r."peakConcurrency", r."invocations" FROM "minute_rollups" r JOIN "functions" f ON f."id" = r."functionId" WHERE f."name" = 'long-runner' ORDER BY r."minute"`,
    );
    const t0 = Date.parse("2025-10-01T10:55:00Z");
    expect(minutes.map((m) => (m.minute - t0) / 60_000)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(minutes.map((m) => m.busyMs)).toEqual([60_000, 60_000, 60_000, 60_000, 60_000, 60_000, 60_000, 90_000, 60_000, 60_000]);
    expect(minutes.map((m) => m.peakConcurrency)).toEqual([1, 1, 1, 1, 1, 1, 1, 2, 1, 1]);
    expect(minutes.map((m) => m.invocations)).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
    const hours = await store.sql.query<{ start: number; busyMs: number; peakConcurrency: number; invocations: number }>(
      `SELECT c."start", c."busyMs", c."peakConcurrency", c."invocations" FROM "coarse_rollups" c JOIN "functions" f ON f."id" = c."functionId" WHERE f."name" = 'long-runner' AND c."grainMs" = 3600000 ORDER BY c."start"`,
    );
    expect(hours.map((h) => [h.busyMs, h.peakConcurrency, h.invocations])).toEqual([[300_000, 1, 1], [330_000, 2, 1]]);
    const env = await store.sql.query<{ stream: string; invocationCount: number; lastInvocationTs: number }>(
      `SELECT e."stream", e."invocationCount", e."lastInvocationTs" FROM "environments" e JOIN "functions" f ON f."id" = e."functionId" WHERE f."name" = 'long-runner' ORDER BY e."stream"`,
    );
    expect(env.map((e) => [e.invocationCount, e.lastInvocationTs])).toEqual([[1, t0], [1, Date.parse("2025-10-01T11:02:00Z")]]);
    const region = await store.sql.query<{ start: number; peakSum: number }>(`SELECT "start", "peakSum" FROM "region_rollups" WHERE "grainMs" = 60000 AND "start" >= ? AND "start" < ? ORDER BY "start"`, [t0, t0 + 600_000]);
    expect(region.map((r) => r.peakSum)).toEqual([1, 1, 1, 1, 1, 1, 1, 2, 1, 1]);
  });
});

describe("SQLite transactions of concurrent callers", () => {
  const shared = useTestStore("sqlite");

  it("run one after another: one caller's rollback takes nothing of another's with it", async () => {
    const sql = shared().sql;
    await sql.exec(`CREATE TABLE "t" ("v" INTEGER)`);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const failing = sql.transaction(async (tx) => {
      await tx.run(`INSERT INTO "t" VALUES (1)`);
      await held;
      throw new Error("rolled back");
    });
    const other = sql.transaction(async (tx) => {
      await tx.run(`INSERT INTO "t" VALUES (2)`);
      return tx.transaction(async (inner) => (await inner.query<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "t"`))[0].n);
    });
    release();
    await expect(failing).rejects.toThrow("rolled back");
    expect(await other).toBe(1);
    expect(await sql.query(`SELECT "v" FROM "t"`)).toEqual([{ v: 2 }]);
  });
});
