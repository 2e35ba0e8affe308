import type { Sql } from "../sql";
import { MINUTE_MS } from "../../metrics/minute-rollups";
import { rangeParts } from "../../metrics/range-parts";
import { rangeClause, type TimeRange } from "./time-range";

/** First and last event of all functions in the range: the window monthly figures scale from. */
export async function dataWindow(sql: Sql, range: TimeRange): Promise<{ first: number; last: number }> {
  let first = Infinity;
  let last = -Infinity;
  const take = (r: { first: number | null; last: number | null } | undefined) => {
    if (r?.first !== null && r?.first !== undefined && r.first < first) first = r.first;
    if (r?.last !== null && r?.last !== undefined && r.last > last) last = r.last;
  };
  const open = range.since === null && range.until === null;
  for (const p of rangeParts(range.since, range.until)) {
    const minute = p.grainMs === MINUTE_MS;
    const col = minute ? `"minute"` : `"start"`;
    const where = [minute ? `${col} >= ?` : `"grainMs" = ?`];
    const params: number[] = [minute ? (p.from ?? 0) : p.grainMs];
    if (!minute && p.from !== null) (where.push(`${col} >= ?`), params.push(p.from));
    if (p.to !== null) (where.push(`${col} < ?`), params.push(p.to));
    const [row] = await sql.query<{ first: number | null; last: number | null }>(
      `SELECT MIN("firstTs") AS "first", MAX("lastTs") AS "last" FROM ${minute ? `"minute_rollups"` : `"coarse_rollups"`} WHERE ${where.join(" AND ")}`,
      params,
    );
    take(row);
  }
  if (open) take((await sql.query<{ first: number | null; last: number | null }>(`SELECT MIN("firstTs") AS "first", MAX("lastTs") AS "last" FROM "minute_rollups" WHERE "minute" < 0`))[0]);
  const t = rangeClause(`"ts"`, range);
  take((await sql.query<{ first: number | null; last: number | null }>(`SELECT MIN("ts") AS "first", MAX("ts") AS "last" FROM "init_events" WHERE 1 = 1${t.sql}`, t.params))[0]);
  return { first, last };
}

/** First and last event of one function (its day rollups, untimed rollup and init lines): what "all" spans on its page. */
export async function functionWindow(sql: Sql, functionId: number): Promise<{ first: number; last: number }> {
  const [r] = await sql.query<{ first: number | null; last: number | null }>(
    `SELECT MIN("firstTs") AS "first", MAX("lastTs") AS "last" FROM "coarse_rollups" WHERE "functionId" = ? AND "grainMs" = ?`,
    [functionId, 86_400_000],
  );
  const [i] = await sql.query<{ first: number | null; last: number | null }>(`SELECT MIN("ts") AS "first", MAX("ts") AS "last" FROM "init_events" WHERE "functionId" = ?`, [functionId]);
  const pick = (f: (a: number, b: number) => number, a: number | null | undefined, b: number | null | undefined, none: number) =>
    a === null || a === undefined ? (b ?? none) : b === null || b === undefined ? a : f(a, b);
  return { first: pick(Math.min, r?.first, i?.first, Infinity), last: pick(Math.max, r?.last, i?.last, -Infinity) };
}
