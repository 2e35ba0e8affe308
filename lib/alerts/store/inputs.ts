import type { Sql } from "../../store/sql";

/** A function and the newest minute of data it has (rollups or init lines), in data time. */
export interface FunctionClock {
  id: number;
  name: string;
  region: string | null;
  newest: number | null;
}

export async function functionClocks(sql: Sql): Promise<FunctionClock[]> {
  const rows = await sql.query<{ id: number; name: string; region: string | null; r: number | null; i: number | null }>(
    `SELECT f."id", f."name", f."region",
       (SELECT MAX(m."minute") FROM "minute_rollups" m WHERE m."functionId" = f."id") AS "r",
       (SELECT MAX(ie."ts") FROM "init_events" ie WHERE ie."functionId" = f."id") AS "i"
     FROM "functions" f ORDER BY f."name"`,
  );
  return rows.map((r) => {
    const init = r.i === null ? null : Math.floor(r.i / 60_000) * 60_000;
    const newest = r.r === null || r.r < 0 ? init : init === null ? r.r : Math.max(r.r, init);
    return { id: r.id, name: r.name, region: r.region, newest };
  });
}

export interface MinuteRow {
  functionId: number;
  minute: number;
  peakConcurrency: number;
  invocations: number;
  coldStarts: number;
  timeouts: number;
  initHist: string;
}

/** The rollup columns alert rules read, for some functions, minutes in (after, upTo]. */
export async function minuteRows(sql: Sql, functionIds: readonly number[], after: number, upTo: number): Promise<MinuteRow[]> {
  if (functionIds.length === 0) return [];
  return sql.query<MinuteRow>(
    `SELECT "functionId", "minute", "peakConcurrency", "invocations", "coldStarts", "timeouts", "initHist" FROM "minute_rollups"
     WHERE "functionId" IN (${functionIds.map(() => "?").join(", ")}) AND "minute" > ? AND "minute" <= ? ORDER BY "minute"`,
    [...functionIds, after, upTo],
  );
}

/**
 * When each execution environment of a function began, in [from, to): its first INIT_START
 * in the range, else (logs without INIT lines) its first invocation. Sorted.
 */
export async function environmentBirths(sql: Sql, functionId: number, from: number, to: number): Promise<number[]> {
  const rows = await sql.query<{ b: number }>(
    `SELECT MIN(ie."ts") AS "b" FROM "init_events" ie WHERE ie."functionId" = ? AND ie."kind" = 'initStart' AND ie."ts" >= ? AND ie."ts" < ? GROUP BY ie."environmentId"
     UNION ALL
     SELECT e."firstInvocationTs" AS "b" FROM "environments" e WHERE e."functionId" = ? AND e."firstInvocationTs" >= ? AND e."firstInvocationTs" < ?
       AND NOT EXISTS (SELECT 1 FROM "init_events" ie WHERE ie."environmentId" = e."id" AND ie."kind" = 'initStart')`,
    [functionId, from, to, functionId, from, to],
  );
  return rows.map((r) => r.b).sort((a, b) => a - b);
}

/** Times of failed inits (INIT_REPORT with a status other than success, as lib/metrics/inits.ts counts them) in [from, to). */
export async function initFailureTimes(sql: Sql, functionId: number, from: number, to: number): Promise<number[]> {
  const rows = await sql.query<{ ts: number }>(
    `SELECT "ts" FROM "init_events" WHERE "functionId" = ? AND "kind" = 'initReport' AND "status" IS NOT NULL AND "status" <> 'success' AND "ts" >= ? AND "ts" < ? ORDER BY "ts"`,
    [functionId, from, to],
  );
  return rows.map((r) => r.ts);
}
