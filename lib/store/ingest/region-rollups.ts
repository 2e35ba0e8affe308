import type { Sql } from "../sql";
import { valuesList } from "../sql";
import { DAY_MS, HOUR_MS } from "../../metrics/rollup-period";
import { MINUTE_MS } from "../../metrics/minute-rollups";

const REGION_LOCK = 7_366_212;

/**
 * Recomputes the per-region sums of the functions' minute peaks for the given hours
 * (after their minute rollups changed), then the hour and day maxima above them. One
 * lock serializes these refreshes on PostgreSQL, so the last one to run saw every
 * committed minute.
 */
export async function refreshRegionRollups(sql: Sql, hours: number[]): Promise<void> {
  const days = new Set<number>();
  for (const h of [...new Set(hours)].sort((a, b) => a - b)) {
    await sql.transaction(async (tx) => {
      if (tx.kind === "postgres") await tx.query("SELECT pg_advisory_xact_lock(?)", [REGION_LOCK]);
      const sums = await tx.query<{ minute: number; region: string; peakSum: number | string }>(
        `SELECT r."minute", COALESCE(f."region", '') AS "region", SUM(r."peakConcurrency") AS "peakSum"
         FROM "minute_rollups" r JOIN "functions" f ON f."id" = r."functionId"
         WHERE r."minute" >= ? AND r."minute" < ? AND r."peakConcurrency" > 0 GROUP BY r."minute", COALESCE(f."region", '')`,
        [h, h + HOUR_MS],
      );
      await tx.run(`DELETE FROM "region_rollups" WHERE "grainMs" IN (?, ?) AND "start" >= ? AND "start" < ?`, [MINUTE_MS, HOUR_MS, h, h + HOUR_MS]);
      const hourMax = new Map<string, number>();
      const rows = sums.map((s) => {
        const sum = Number(s.peakSum);
        hourMax.set(s.region, Math.max(hourMax.get(s.region) ?? 0, sum));
        return [s.region, MINUTE_MS, s.minute, sum];
      });
      for (const [region, max] of hourMax) rows.push([region, HOUR_MS, h, max]);
      await insertRows(tx, rows);
    });
    days.add(Math.floor(h / DAY_MS) * DAY_MS);
  }
  for (const d of [...days].sort((a, b) => a - b)) {
    await sql.transaction(async (tx) => {
      if (tx.kind === "postgres") await tx.query("SELECT pg_advisory_xact_lock(?)", [REGION_LOCK]);
      const maxima = await tx.query<{ region: string; peakSum: number | string }>(
        `SELECT "region", MAX("peakSum") AS "peakSum" FROM "region_rollups" WHERE "grainMs" = ? AND "start" >= ? AND "start" < ? GROUP BY "region"`,
        [HOUR_MS, d, d + DAY_MS],
      );
      await tx.run(`DELETE FROM "region_rollups" WHERE "grainMs" = ? AND "start" = ?`, [DAY_MS, d]);
      await insertRows(tx, maxima.map((m) => [m.region, DAY_MS, d, Number(m.peakSum)]));
    });
  }
}

async function insertRows(tx: Sql, rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const part = rows.slice(i, i + 200);
    await tx.run(`INSERT INTO "region_rollups" ("region", "grainMs", "start", "peakSum") VALUES ${valuesList(part.length, 4)}`, part.flat());
  }
}

/** After a function's region changed: the region sums of every hour it has data in. */
export async function refreshFunctionRegion(sql: Sql, functionId: number): Promise<void> {
  const hours = await sql.query<{ start: number }>(`SELECT "start" FROM "coarse_rollups" WHERE "functionId" = ? AND "grainMs" = ?`, [functionId, HOUR_MS]);
  await refreshRegionRollups(sql, hours.map((h) => h.start));
}
