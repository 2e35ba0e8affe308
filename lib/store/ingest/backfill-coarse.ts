import type { Sql } from "../sql";
import { valuesList } from "../sql";
import { combinePeriods, DAY_MS, HOUR_MS, periodFromMinute, type RollupPeriod } from "../../metrics/rollup-period";
import type { MinuteRollup } from "../../metrics/minute-rollups";
import { COARSE_COLUMNS } from "../queries/coarse-rollups";
import { refreshRegionRollups } from "./region-rollups";

/**
 * Run once by migration 0003, inside its transaction: hour and day rollups of the minute
 * rollups a database already holds. Busy time and the slowest invocations are not in
 * minute rollups; they start with the data ingested after the upgrade.
 */
export async function backfillCoarseRollups(tx: Sql): Promise<void> {
  const functions = await tx.query<{ functionId: number }>(`SELECT DISTINCT "functionId" FROM "minute_rollups" WHERE "minute" >= 0`);
  const hoursSeen = new Set<number>();
  for (const { functionId } of functions) {
    const minutes = await tx.query<MinuteRollup>(`SELECT * FROM "minute_rollups" WHERE "functionId" = ? AND "minute" >= 0 ORDER BY "minute"`, [functionId]);
    const byHour = new Map<number, RollupPeriod[]>();
    for (const m of minutes) {
      const h = Math.floor(m.minute / HOUR_MS) * HOUR_MS;
      byHour.set(h, [...(byHour.get(h) ?? []), periodFromMinute(m)]);
      hoursSeen.add(h);
    }
    const hours = [...byHour].map(([h, parts]) => combinePeriods(parts, HOUR_MS, h, []));
    const byDay = new Map<number, RollupPeriod[]>();
    for (const h of hours) {
      const d = Math.floor(h.start / DAY_MS) * DAY_MS;
      byDay.set(d, [...(byDay.get(d) ?? []), h]);
    }
    const rows = [...hours, ...[...byDay].map(([d, parts]) => combinePeriods(parts, DAY_MS, d))];
    for (let i = 0; i < rows.length; i += 100) {
      const part = rows.slice(i, i + 100);
      await tx.run(
        `INSERT INTO "coarse_rollups" (${COARSE_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${valuesList(part.length, COARSE_COLUMNS.length)}`,
        part.flatMap((p) => COARSE_COLUMNS.map((c) => (c === "functionId" ? functionId : p[c]))),
      );
    }
  }
  await refreshRegionRollups(tx, [...hoursSeen]);
}
