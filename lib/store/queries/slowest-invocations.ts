import type { Sql } from "../sql";
import { MINUTE_MS } from "../../metrics/minute-rollups";
import { mergeSlowest, SLOWEST_KEPT, type RollupPeriod, type SlowInvocation } from "../../metrics/rollup-period";

/**
 * A function's slowest invocations over periods read for a range: hours and days keep
 * their own lists; minutes keep none, so the minutes at the range's ends (an hour at
 * most on each side) are looked up in the raw invocations, by the (function, start) index.
 */
export async function slowestInvocations(sql: Sql, functionId: number, periods: RollupPeriod[], keep = SLOWEST_KEPT): Promise<SlowInvocation[]> {
  const lists: SlowInvocation[][] = [];
  const spans: [number, number][] = [];
  for (const p of periods) {
    if (p.start < 0) continue;
    if (p.grainMs > MINUTE_MS) lists.push(JSON.parse(p.slowest) as SlowInvocation[]);
    else if (p.invocations > 0) {
      const last = spans[spans.length - 1];
      if (last && last[1] === p.start) last[1] = p.start + MINUTE_MS;
      else spans.push([p.start, p.start + MINUTE_MS]);
    }
  }
  for (const [from, to] of spans) {
    const rows = await sql.queryArrays(
      `SELECT "durationMs", "requestId", "beginTs" FROM "invocations" WHERE "functionId" = ? AND "beginTs" >= ? AND "beginTs" < ? AND "hasReport" AND "durationMs" IS NOT NULL ORDER BY "durationMs" DESC LIMIT ?`,
      [functionId, from, to, keep],
    );
    lists.push(rows as SlowInvocation[]);
  }
  return mergeSlowest(lists, keep);
}
