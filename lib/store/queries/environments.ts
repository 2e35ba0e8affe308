import type { Sql } from "../sql";
import type { TimeRange } from "./time-range";

/** An execution environment (log stream) as the function page lists it. */
export interface EnvironmentRow {
  stream: string;
  /** the INIT_START's initializationType (JSON log format), where the logs said */
  initType: string | null;
  runtime: string | null;
  initTs: number | null;
  firstInvocationTs: number | null;
  firstInvocationCold: boolean | null;
  lastInvocationTs: number | null;
  invocationCount: number;
}

/**
 * A function's environments that were alive in the range (initialized, or serving an
 * invocation, in it), most recent first, at most `limit`; and how many there are.
 */
export async function environmentsOf(sql: Sql, functionId: number, range: TimeRange, limit = 100): Promise<{ rows: EnvironmentRow[]; total: number }> {
  const lo = range.since ?? -Infinity;
  const hi = range.until ?? Infinity;
  const alive = `e."functionId" = ? AND (
      (COALESCE(e."lastInvocationTs", e."firstInvocationTs") >= ? AND e."firstInvocationTs" < ?)
      OR EXISTS (SELECT 1 FROM "init_events" s WHERE s."environmentId" = e."id" AND s."kind" = 'initStart' AND s."ts" >= ? AND s."ts" < ?)
      ${range.since === null && range.until === null ? `OR 1 = 1` : ""})`;
  const bounds = [functionId, finite(lo), finite(hi), finite(lo), finite(hi)];
  const [{ n }] = await sql.query<{ n: number | string }>(`SELECT COUNT(*) AS "n" FROM "environments" e WHERE ${alive}`, bounds);
  const rows = await sql.query<EnvironmentRow & { firstInvocationCold: boolean | number | null }>(
    `SELECT e."stream", e."firstInvocationTs", e."firstInvocationCold", e."lastInvocationTs", e."invocationCount",
            (SELECT s."initType" FROM "init_events" s WHERE s."environmentId" = e."id" AND s."kind" = 'initStart' ORDER BY s."ts" DESC LIMIT 1) AS "initType",
            (SELECT s."runtime" FROM "init_events" s WHERE s."environmentId" = e."id" AND s."kind" = 'initStart' ORDER BY s."ts" DESC LIMIT 1) AS "runtime",
            (SELECT MAX(s."ts") FROM "init_events" s WHERE s."environmentId" = e."id" AND s."kind" = 'initStart') AS "initTs"
     FROM "environments" e WHERE ${alive}
     ORDER BY COALESCE(e."lastInvocationTs", e."firstInvocationTs") DESC LIMIT ?`,
    [...bounds, limit],
  );
  return {
    rows: rows.map((r) => ({ ...r, firstInvocationCold: r.firstInvocationCold === null ? null : Boolean(r.firstInvocationCold), invocationCount: Number(r.invocationCount) })),
    total: Number(n),
  };
}

/** SQL parameters cannot be infinite: the widest finite times stand in for open ends. */
function finite(v: number): number {
  return v === -Infinity ? -8.64e15 : v === Infinity ? 8.64e15 : v;
}
