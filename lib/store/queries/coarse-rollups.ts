import type { Sql } from "../sql";
import type { RollupPeriod } from "../../metrics/rollup-period";

export const COARSE_COLUMNS = [
  "functionId", "grainMs", "start", "invocations", "coldStarts", "restores", "timeouts", "durationSum", "durationCount", "maxMinuteDurationSum",
  "gbSeconds", "initGbSeconds", "peakConcurrency", "busyMs", "maxDurationMs", "maxInitMs", "maxMemoryUsedMB", "memoryMB", "memoryTs",
  "firstTs", "lastTs", "durationHist", "initHist", "slowest",
] as const;

/** One function's hour or day rollups that start in [from, to). */
export async function coarseRollupsIn(sql: Sql, functionId: number, grainMs: number, from: number, to: number): Promise<RollupPeriod[]> {
  return sql.query<RollupPeriod>(
    `SELECT ${COARSE_COLUMNS.filter((c) => c !== "functionId").map((c) => `"${c}"`).join(", ")} FROM "coarse_rollups"
     WHERE "functionId" = ? AND "grainMs" = ? AND "start" >= ? AND "start" < ? ORDER BY "start"`,
    [functionId, grainMs, from, to],
  );
}
