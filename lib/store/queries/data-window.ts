import type { Sql } from "../sql";
import { rangeClause, type TimeRange } from "./time-range";

/** First and last event of all functions in the range: the window monthly figures scale from. */
export async function dataWindow(sql: Sql, range: TimeRange): Promise<{ first: number; last: number }> {
  const m = rangeClause(`"minute"`, range);
  const t = rangeClause(`"ts"`, range);
  const open = range.since === null && range.until === null;
  const [a] = await sql.query<{ first: number | null; last: number | null }>(
    `SELECT MIN("firstTs") AS "first", MAX("lastTs") AS "last" FROM "minute_rollups" WHERE ("minute" >= 0${m.sql}${open ? ` OR "minute" < 0` : ""})`,
    m.params,
  );
  const [b] = await sql.query<{ first: number | null; last: number | null }>(`SELECT MIN("ts") AS "first", MAX("ts") AS "last" FROM "init_events" WHERE 1 = 1${t.sql}`, t.params);
  const first = Math.min(a?.first ?? Infinity, b?.first ?? Infinity);
  const last = Math.max(a?.last ?? -Infinity, b?.last ?? -Infinity);
  return { first, last };
}
