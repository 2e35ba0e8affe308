import type { Sql } from "../sql";
import { valuesList } from "../sql";
import { computeMinuteRollups, type MinuteRollup, type StoredInvocation } from "../../metrics/minute-rollups";
import { UNTIMED_MINUTE, type Touched } from "./touched";
import { prunedBefore } from "../prune";

/** Lambda's longest timeout is 15 minutes: an invocation begun earlier cannot overlap. */
export const LOOKBACK_MS = 16 * 60_000;
export const WINDOW_MS = 3_600_000;
const ROLLUP_LOCK = 7_366_211;

const INVOCATION_FIELDS = `"beginTs", "startTs", "reportTs", "timeoutTs", "durationMs", "billedMs", "memoryMB", "maxMemoryMB", "initMs", "restoreMs", "billedRestoreMs", "status", "hasReport", "timeoutLine"`;

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
  }));
}
const ROLLUP_COLUMNS = [
  "functionId", "minute", "invocations", "coldStarts", "restores", "timeouts", "durationSum", "durationCount", "gbSeconds", "initGbSeconds",
  "peakConcurrency", "maxDurationMs", "maxInitMs", "maxMemoryUsedMB", "memoryMB", "memoryTs", "firstTs", "lastTs", "durationHist", "initHist",
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

/**
 * Recomputes, from the raw invocations, the rollups of every minute an ingest touched
 * (an hour window at a time, so memory stays flat) and the first invocation of every
 * environment it touched. Recomputing rather than adding makes repeats and late data
 * harmless; on PostgreSQL a per-function lock keeps concurrent workers from
 * overwriting each other with an older view.
 */
export async function refreshRollups(sql: Sql, touched: Touched): Promise<void> {
  // rollups of pruned time cannot be rebuilt from raw rows that are gone: they stay as they are
  const horizon = await prunedBefore(sql);
  for (const [functionId, minutes] of touched.minutes) {
    const windows = new Set<number>();
    for (const m of minutes) if (m !== UNTIMED_MINUTE && m - LOOKBACK_MS >= horizon) windows.add(Math.floor(m / WINDOW_MS) * WINDOW_MS);
    for (const w of [...windows].sort((a, b) => a - b)) {
      await sql.transaction(async (tx) => {
        if (tx.kind === "postgres") await tx.query("SELECT pg_advisory_xact_lock(?, ?)", [ROLLUP_LOCK, functionId]);
        const rows = await storedInvocations(tx, `"functionId" = ? AND "beginTs" >= ? AND "beginTs" < ?`, [functionId, w - LOOKBACK_MS, w + WINDOW_MS]);
        await replaceRollups(tx, functionId, w, w + WINDOW_MS, computeMinuteRollups(rows, w, w + WINDOW_MS));
      });
    }
    if (minutes.has(UNTIMED_MINUTE)) {
      await sql.transaction(async (tx) => {
        if (tx.kind === "postgres") await tx.query("SELECT pg_advisory_xact_lock(?, ?)", [ROLLUP_LOCK, functionId]);
        const rows = await storedInvocations(tx, `"functionId" = ? AND "beginTs" IS NULL`, [functionId]);
        await replaceRollups(tx, functionId, UNTIMED_MINUTE, UNTIMED_MINUTE + 1, computeMinuteRollups(rows, null, null));
      });
    }
  }
  await refreshFirstInvocations(sql, [...touched.environments]);
}

/**
 * An environment's first invocation decides whether its init was pre-invoke. It is kept
 * on the environment (earliest wins) so the answer survives pruning of raw invocations.
 */
async function refreshFirstInvocations(sql: Sql, environmentIds: number[]): Promise<void> {
  const first = `SELECT i."beginTs" FROM "invocations" i WHERE i."environmentId" = "environments"."id" AND i."hasReport" ORDER BY i."beginTs" IS NULL, i."beginTs" LIMIT 1`;
  const firstCold = first.replace(`SELECT i."beginTs"`, `SELECT (i."initMs" IS NOT NULL OR i."restoreMs" IS NOT NULL)`);
  for (let i = 0; i < environmentIds.length; i += 500) {
    const part = environmentIds.slice(i, i + 500);
    await sql.transaction((tx) =>
      tx.run(
        `UPDATE "environments" SET
           "firstInvocationCold" = CASE WHEN "firstInvocationTs" IS NULL OR (${first}) < "firstInvocationTs" THEN COALESCE((${firstCold}), "firstInvocationCold") ELSE "firstInvocationCold" END,
           "firstInvocationTs" = CASE WHEN "firstInvocationTs" IS NULL OR (${first}) < "firstInvocationTs" THEN COALESCE((${first}), "firstInvocationTs") ELSE "firstInvocationTs" END
         WHERE "id" IN (${part.map(() => "?").join(", ")})`,
        part,
      ),
    );
  }
}
