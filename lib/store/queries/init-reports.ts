import type { Sql } from "../sql";
import { rangeClause, type TimeRange } from "./time-range";

export interface InitReportRow {
  ts: number | null;
  status: string | null;
  phase: string | null;
  durationMs: number | null;
}

/** A function's INIT_REPORT lines (init failures, suppressed inits) in the range. */
export async function initReportsOf(sql: Sql, functionId: number, range: TimeRange): Promise<InitReportRow[]> {
  const r = rangeClause(`"ts"`, range);
  return sql.query<InitReportRow>(`SELECT "ts", "status", "phase", "durationMs" FROM "init_events" WHERE "functionId" = ? AND "kind" = 'initReport'${r.sql} ORDER BY "ts"`, [functionId, ...r.params]);
}
