import type { Sql } from "../sql";
import { rangeClause, type TimeRange } from "./time-range";

/** Functions with INIT lines in the range (some have no invocation at all). */
export async function functionsWithInits(sql: Sql, range: TimeRange, functionName?: string): Promise<{ functionId: number; name: string }[]> {
  const r = rangeClause(`ie."ts"`, range);
  return sql.query(
    `SELECT DISTINCT f."id" AS "functionId", f."name" FROM "init_events" ie JOIN "functions" f ON f."id" = ie."functionId"
     WHERE (1 = 1${r.sql})${functionName ? ` AND f."name" = ?` : ""}`,
    [...r.params, ...(functionName ? [functionName] : [])],
  );
}
