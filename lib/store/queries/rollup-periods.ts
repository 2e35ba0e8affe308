import type { Sql } from "../sql";
import { MINUTE_MS } from "../../metrics/minute-rollups";
import type { RollupPeriod } from "../../metrics/rollup-period";
import { GRAINS, rangeParts, type RangePart } from "../../metrics/range-parts";
import { COARSE_COLUMNS } from "./coarse-rollups";
import type { TimeRange } from "./time-range";

export interface FunctionPeriods {
  functionId: number;
  name: string;
  /** by start; minutes, hours and days mixed, never overlapping */
  periods: RollupPeriod[];
}

export interface PeriodFilter {
  functionName?: string;
  /** the grains the range may be read in (default: days, hours, minutes) */
  grains?: readonly number[];
}

const PERIOD_FIELDS = COARSE_COLUMNS.filter((c) => c !== "functionId" && c !== "grainMs" && c !== "start" && c !== "maxMinuteDurationSum" && c !== "slowest");

function partQuery(p: RangePart, f: PeriodFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  let where: string;
  let from: string;
  let select: string;
  if (p.grainMs === MINUTE_MS) {
    from = `"minute_rollups" r`;
    select = `r."minute" AS "start", ${MINUTE_MS} AS "grainMs", r."durationSum" AS "maxMinuteDurationSum", '[]' AS "slowest"`;
    where = `r."minute" >= ?`;
    params.push(p.from ?? 0);
    if (p.to !== null) {
      where += ` AND r."minute" < ?`;
      params.push(p.to);
    }
  } else {
    from = `"coarse_rollups" r`;
    select = `r."start", r."grainMs", r."maxMinuteDurationSum", r."slowest"`;
    where = `r."grainMs" = ?`;
    params.push(p.grainMs);
    if (p.from !== null) {
      where += ` AND r."start" >= ?`;
      params.push(p.from);
    }
    if (p.to !== null) {
      where += ` AND r."start" < ?`;
      params.push(p.to);
    }
  }
  if (f.functionName !== undefined) {
    where += ` AND f."name" = ?`;
    params.push(f.functionName);
  }
  return {
    sql: `SELECT r."functionId", f."name", ${select}, ${PERIOD_FIELDS.map((c) => `r."${c}"`).join(", ")} FROM ${from} JOIN "functions" f ON f."id" = r."functionId" WHERE ${where}`,
    params,
  };
}

/**
 * Rollups covering a range, grouped by function: the fewest periods that tile it
 * (lib/metrics/range-parts.ts). An open range also takes the untimed rollup (records
 * whose input carries no time).
 */
export async function rollupPeriods(sql: Sql, range: TimeRange, f: PeriodFilter = {}): Promise<FunctionPeriods[]> {
  const parts = rangeParts(range.since, range.until, f.grains ?? GRAINS);
  const out = new Map<number, FunctionPeriods>();
  const add = (rows: (RollupPeriod & { functionId: number; name: string })[]) => {
    for (const { functionId, name, ...period } of rows) {
      let g = out.get(functionId);
      if (!g) out.set(functionId, (g = { functionId, name, periods: [] }));
      g.periods.push(period);
    }
  };
  for (const p of parts) {
    const q = partQuery(p, f);
    add(await sql.query(q.sql, q.params));
  }
  if (range.since === null && range.until === null) {
    const q = partQuery({ grainMs: MINUTE_MS, from: null, to: null }, f);
    add(await sql.query(q.sql.replace(`r."minute" >= ?`, `r."minute" < 0`), q.params.slice(1)));
  }
  const groups = [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const g of groups) g.periods.sort((a, b) => a.start - b.start);
  return groups;
}
