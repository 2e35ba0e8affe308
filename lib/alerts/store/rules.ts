import type { Sql } from "../../store/sql";
import type { Rule, RuleInput } from "../kinds";
import { ruleFromRow, type RuleRow } from "./rows";

const COLUMNS = ["name", "kind", "functions", "region", "aggregate", "limit", "windowMs", "fire", "resolve", "minInvocations", "channels", "enabled"] as const;

function values(r: RuleInput): unknown[] {
  return [r.name, r.kind, r.functions, r.region, r.aggregate, r.limit, r.windowMs, r.fire, r.resolve, r.minInvocations, r.channels === null ? null : JSON.stringify(r.channels), r.enabled];
}

export async function listRules(sql: Sql): Promise<Rule[]> {
  return (await sql.query<RuleRow>(`SELECT * FROM "alert_rules" ORDER BY "name"`)).map(ruleFromRow);
}

export async function getRule(sql: Sql, id: number): Promise<Rule | null> {
  const [r] = await sql.query<RuleRow>(`SELECT * FROM "alert_rules" WHERE "id" = ?`, [id]);
  return r ? ruleFromRow(r) : null;
}

/**
 * Writes a rule by id, else by name (insert or replace). Its alert states stay: the next
 * evaluation goes on from where it was with the new thresholds, and resolves the alerts
 * of subjects the rule no longer watches.
 */
export async function saveRule(sql: Sql, r: RuleInput, origin: string, id?: number, now = Date.now()): Promise<number> {
  const [existing] = id !== undefined ? await sql.query<{ id: number }>(`SELECT "id" FROM "alert_rules" WHERE "id" = ?`, [id]) : await sql.query<{ id: number }>(`SELECT "id" FROM "alert_rules" WHERE "name" = ?`, [r.name]);
  if (existing) {
    await sql.run(`UPDATE "alert_rules" SET ${COLUMNS.map((c) => `"${c}" = ?`).join(", ")}, "origin" = ?, "updatedMs" = ? WHERE "id" = ?`, [...values(r), origin, now, existing.id]);
    return existing.id;
  }
  const [row] = await sql.query<{ id: number }>(
    `INSERT INTO "alert_rules" (${COLUMNS.map((c) => `"${c}"`).join(", ")}, "origin", "createdMs", "updatedMs") VALUES (${COLUMNS.map(() => "?").join(", ")}, ?, ?, ?) RETURNING "id"`,
    [...values(r), origin, now, now],
  );
  return row.id;
}

export async function deleteRule(sql: Sql, id: number): Promise<boolean> {
  return (await sql.run(`DELETE FROM "alert_rules" WHERE "id" = ?`, [id])) > 0;
}
