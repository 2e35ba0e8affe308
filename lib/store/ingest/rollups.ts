import type { Sql } from "../sql";
import { valuesList } from "../sql";
import { computeMinuteRollups, latestEnd, type MinuteRollup, type StoredInvocation } from "../../metrics/minute-rollups";
import { combinePeriods, DAY_MS, HOUR_MS, periodFromMinute, slowestOf, type RollupPeriod } from "../../metrics/rollup-period";
import { UNTIMED_MINUTE, type Touched } from "./touched";
import { prunedBefore } from "../prune";
import { coarseRollupsIn, COARSE_COLUMNS } from "../queries/coarse-rollups";
import { refreshRegionRollups } from "./region-rollups";

/** Lambda's longest timeout is 15 minutes: an invocation begun earlier cannot overlap. */
export const LOOKBACK_MS = 16 * 60_000;
export const WINDOW_MS = HOUR_MS;
const ROLLUP_LOCK = 7_366_211;

const INVOCATION_FIELDS = `"beginTs", "startTs", "reportTs", "timeoutTs", "durationMs", "billedMs", "memoryMB", "maxMemoryMB", "initMs", "restoreMs", "billedRestoreMs", "status", "hasReport", "timeoutLine", "requestId"`;

/** Reads invocations as arrays (a third of the cost of row objects) and shapes them here. */
async function storedInvocations(tx: Sql, where: string, params: unknown[]): Promise<StoredInvocation[]> {
  const rows = await tx.queryArrays(`SELECT ${INVOCATION_FIELDS} FROM "invocations" WHERE ${where}`, params);
  return rows.map((r) => ({
    beginTs: r[0] as number | null,
    startTs: r[1] as number | null,
    reportTs: r[2] as number | null,
    timeoutTs: r[3] as number | null,
    durationMs: r[4] as number | null,
    billedMs: r[5] as number | null,
    memoryMB: r[6] as number | null,
    maxMemoryMB: r[7] as number | null,
    initMs: r[8] as number | null,
    restoreMs: r[9] as number | null,
    billedRestoreMs: r[10] as number | null,
    status: r[11] as string | null,
    hasReport: r[12] as boolean | number,
    timeoutLine: r[13] as boolean | number,
    requestId: r[14] as string,
  }));
}
const ROLLUP_COLUMNS = [
  "functionId", "minute", "invocations", "coldStarts", "restores", "timeouts", "durationSum", "durationCount", "gbSeconds", "initGbSeconds",
  "peakConcurrency", "maxDurationMs", "maxInitMs", "maxMemoryUsedMB", "memoryMB", "memoryTs", "firstTs", "lastTs", "durationHist", "initHist", "busyMs",
] as const;

async function replaceRollups(tx: Sql, functionId: number, from: number, to: number, rollups: MinuteRollup[]): Promise<void> {
  await tx.run(`DELETE FROM "minute_rollups" WHERE "functionId" = ? AND "minute" >= ? AND "minute" < ?`, [functionId, from, to]);
  for (let i = 0; i < rollups.length; i += 200) {
    const part = rollups.slice(i, i + 200);
    await tx.run(
      `INSERT INTO "minute_rollups" (${ROLLUP_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${valuesList(part.length, ROLLUP_COLUMNS.length)}`,
      part.flatMap((r) => ROLLUP_COLUMNS.map((c) => (c === "functionId" ? functionId : r[c]))),
    );
  }
}

/** Replaces a function's hour or day rollup (removes it when the period holds nothing). */
async function replaceCoarse(tx: Sql, functionId: number, grainMs: number, start: number, period: RollupPeriod | null): Promise<void> {
  await tx.run(`DELETE FROM "coarse_rollups" WHERE "functionId" = ? AND "grainMs" = ? AND "start" = ?`, [functionId, grainMs, start]);
  if (period === null) return;
  await tx.run(
    `INSERT INTO "coarse_rollups" (${COARSE_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${valuesList(1, COARSE_COLUMNS.length)}`,
    COARSE_COLUMNS.map((c) => (c === "functionId" ? functionId : period[c])),
  );
}

async function lockFunction(tx: Sql, functionId: number): Promise<void> {
  if (tx.kind === "postgres") await tx.query("SELECT pg_advisory_xact_lock(?, ?)", [ROLLUP_LOCK, functionId]);
}

/**
 * Recomputes, from the raw invocations, the rollups of every minute an ingest touched
 * (an hour window at a time, so memory stays flat), the hour and day rollups above them,
 * the region sums, and the first and last invocation of every environment it touched.
 * Recomputing rather than adding makes repeats and late data harmless; on PostgreSQL a
 * per-function lock keeps concurrent workers from overwriting each other with an older view.
 */
export async function refreshRollups(sql: Sql, touched: Touched): Promise<void> {
  // rollups of pruned time cannot be rebuilt from raw rows that are gone: they stay as they are
  const horizon = await prunedBefore(sql);
  const hours = new Set<number>();
  // functions in id order: workers refreshing inside their batch transactions take the same locks in the same order
  for (const [functionId, minutes] of [...touched.minutes].sort((a, b) => a[0] - b[0])) {
    const windows = new Set<number>();
    for (const m of minutes) if (m !== UNTIMED_MINUTE && m - LOOKBACK_MS >= horizon) windows.add(Math.floor(m / WINDOW_MS) * WINDOW_MS);
    const queue = [...windows].sort((a, b) => a - b);
    const days = new Set<number>();
    for (let i = 0; i < queue.length; i++) {
      const w = queue[i];
      const spills = await sql.transaction(async (tx) => {
        await lockFunction(tx, functionId);
        const rows = await storedInvocations(tx, `"functionId" = ? AND "beginTs" >= ? AND "beginTs" < ?`, [functionId, w - LOOKBACK_MS, w + WINDOW_MS]);
        const minuteRollups = computeMinuteRollups(rows, w, w + WINDOW_MS);
        await replaceRollups(tx, functionId, w, w + WINDOW_MS, minuteRollups);
        const hour = minuteRollups.length === 0 ? null : combinePeriods(minuteRollups.map(periodFromMinute), HOUR_MS, w, slowestOf(rows, w, w + WINDOW_MS));
        await replaceCoarse(tx, functionId, HOUR_MS, w, hour);
        return latestEnd(rows, w, w + WINDOW_MS) > w + WINDOW_MS;
      });
      hours.add(w);
      days.add(Math.floor(w / DAY_MS) * DAY_MS);
      // invocations still running at the end of the hour count in the next hour's concurrency
      if (spills && !windows.has(w + WINDOW_MS)) {
        windows.add(w + WINDOW_MS);
        queue.splice(i + 1, 0, w + WINDOW_MS);
      }
    }
    for (const d of [...days].sort((a, b) => a - b)) {
      await sql.transaction(async (tx) => {
        await lockFunction(tx, functionId);
        const parts = await coarseRollupsIn(tx, functionId, HOUR_MS, d, d + DAY_MS);
        await replaceCoarse(tx, functionId, DAY_MS, d, parts.length === 0 ? null : combinePeriods(parts, DAY_MS, d));
      });
    }
    if (minutes.has(UNTIMED_MINUTE)) {
      await sql.transaction(async (tx) => {
        await lockFunction(tx, functionId);
        const rows = await storedInvocations(tx, `"functionId" = ? AND "beginTs" IS NULL`, [functionId]);
        await replaceRollups(tx, functionId, UNTIMED_MINUTE, UNTIMED_MINUTE + 1, computeMinuteRollups(rows, null, null));
      });
    }
  }
  await refreshRegionRollups(sql, [...hours]);
  await refreshEnvironments(sql, [...touched.environments]);
}

/**
 * An environment's first invocation decides whether its init was pre-invoke; its last
 * and its count are shown on the function page. They are kept on the environment (the
 * earliest first, the latest last, the largest count) so they survive pruning of raw
 * invocations.
 */
async function refreshEnvironments(sql: Sql, environmentIds: number[]): Promise<void> {
  const first = `SELECT i."beginTs" FROM "invocations" i WHERE i."environmentId" = "environments"."id" AND i."hasReport" ORDER BY i."beginTs" IS NULL, i."beginTs" LIMIT 1`;
  const firstCold = first.replace(`SELECT i."beginTs"`, `SELECT (i."initMs" IS NOT NULL OR i."restoreMs" IS NOT NULL)`);
  const last = `SELECT MAX(i."beginTs") FROM "invocations" i WHERE i."environmentId" = "environments"."id" AND i."hasReport"`;
  const count = `SELECT COUNT(*) FROM "invocations" i WHERE i."environmentId" = "environments"."id" AND i."hasReport"`;
  for (let i = 0; i < environmentIds.length; i += 500) {
    const part = environmentIds.slice(i, i + 500);
    await sql.transaction((tx) =>
      tx.run(
        `UPDATE "environments" SET
           "firstInvocationCold" = CASE WHEN "firstInvocationTs" IS NULL OR (${first}) < "firstInvocationTs" THEN COALESCE((${firstCold}), "firstInvocationCold") ELSE "firstInvocationCold" END,
           "firstInvocationTs" = CASE WHEN "firstInvocationTs" IS NULL OR (${first}) < "firstInvocationTs" THEN COALESCE((${first}), "firstInvocationTs") ELSE "firstInvocationTs" END,
           "lastInvocationTs" = CASE WHEN "lastInvocationTs" IS NULL OR (${last}) > "lastInvocationTs" THEN COALESCE((${last}), "lastInvocationTs") ELSE "lastInvocationTs" END,
           "invocationCount" = CASE WHEN (${count}) > "invocationCount" THEN (${count}) ELSE "invocationCount" END
         WHERE "id" IN (${part.map(() => "?").join(", ")})`,
        part,
      ),
    );
  }
}
