/** A report's range, epoch ms; null ends are open. */
export interface TimeRange {
  since: number | null;
  until: number | null;
}

/** `AND col >= ? AND col < ?` for the ends that are set, and its parameters. */
export function rangeClause(column: string, r: TimeRange): { sql: string; params: number[] } {
  let sql = "";
  const params: number[] = [];
  if (r.since !== null) {
    sql += ` AND ${column} >= ?`;
    params.push(r.since);
  }
  if (r.until !== null) {
    sql += ` AND ${column} < ?`;
    params.push(r.until);
  }
  return { sql, params };
}
