import type { Sql } from "../sql";
import type { MinuteRollup } from "../../metrics/minute-rollups";
import { rangeClause, type TimeRange } from "./time-range";

export interface FunctionRollups {
  functionId: number;
  name: string;
  rollups: MinuteRollup[];
}

/** Minute rollups in the range, grouped by function (untimed ones only for an open range). */
export async function rollupsByFunction(sql: Sql, range: TimeRange, functionName?: string): Promise<FunctionRollups[]> {
  const r = rangeClause(`r."minute"`, range);
  const open = range.since === null && range.until === null;
  const rows = await sql.query<MinuteRollup & { functionId: number; name: string }>(
    `SELECT f."name", r.* FROM "minute_rollups" r JOIN "functions" f ON f."id" = r."functionId"
     WHERE (r."minute" >= 0${r.sql}${open ? ` OR r."minute" < 0` : ""})${functionName ? ` AND f."name" = ?` : ""}
     ORDER BY f."name", r."minute"`,
    [...r.params, ...(functionName ? [functionName] : [])],
  );
  const out = new Map<number, FunctionRollups>();
  for (const row of rows) {
    let f = out.get(row.functionId);
    if (!f) out.set(row.functionId, (f = { functionId: row.functionId, name: row.name, rollups: [] }));
    f.rollups.push(row);
  }
  return [...out.values()];
}
