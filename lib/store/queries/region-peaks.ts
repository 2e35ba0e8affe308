import type { Sql } from "../sql";
import { rangeParts } from "../../metrics/range-parts";
import type { TimeRange } from "./time-range";

/**
 * Per region ("" for functions of no known region), the largest sum of the functions'
 * exact peaks in one minute of the range: an upper bound of the region's concurrency
 * (their peaks need not fall on the same instant).
 */
export async function regionPeaks(sql: Sql, range: TimeRange): Promise<{ region: string; peakSum: number; at: number }[]> {
  const best = new Map<string, { peakSum: number; at: number }>();
  for (const p of rangeParts(range.since, range.until)) {
    const where = [`"grainMs" = ?`];
    const params: number[] = [p.grainMs];
    if (p.from !== null) (where.push(`"start" >= ?`), params.push(p.from));
    if (p.to !== null) (where.push(`"start" < ?`), params.push(p.to));
    const rows = await sql.query<{ region: string; peakSum: number | string; start: number }>(
      `SELECT "region", "peakSum", "start" FROM "region_rollups" WHERE ${where.join(" AND ")}`,
      params,
    );
    for (const r of rows) {
      const v = Number(r.peakSum);
      const cur = best.get(r.region);
      if (!cur || v > cur.peakSum) best.set(r.region, { peakSum: v, at: r.start });
    }
  }
  return [...best].map(([region, b]) => ({ region, ...b })).sort((a, b) => (a.region < b.region ? -1 : 1));
}
