import type { Sql } from "../../store/sql";
import type { AlertEventInput, SubjectKind } from "../event";
import type { AlertStateName } from "../state-machine";

export interface StateRow {
  id: number;
  ruleId: number;
  subjectKind: SubjectKind;
  subject: string;
  state: AlertStateName;
  value: number | null;
  limit: number | null;
  threshold: number | null;
  evaluatedTo: number | null;
  firingSinceMs: number | null;
  firingEventId: number | null;
}

export async function ruleStates(sql: Sql, ruleId: number): Promise<Map<string, StateRow>> {
  const rows = await sql.query<StateRow>(
    `SELECT "id", "ruleId", "subjectKind", "subject", "state", "value", "limit", "threshold", "evaluatedTo", "firingSinceMs", "firingEventId" FROM "alert_states" WHERE "ruleId" = ?`,
    [ruleId],
  );
  return new Map(rows.map((r) => [r.subject, r]));
}

export type StateUpdate = Omit<StateRow, "id">;

/** Inserts or updates a subject's state; a resolution clears its acknowledgement. */
export async function saveState(sql: Sql, s: StateUpdate, now: number): Promise<void> {
  const clearAck = s.state === "ok" ? `, "acknowledgedMs" = NULL, "acknowledgedBy" = NULL` : "";
  const changed = await sql.run(
    `UPDATE "alert_states" SET "subjectKind" = ?, "state" = ?, "value" = ?, "limit" = ?, "threshold" = ?, "evaluatedTo" = ?, "firingSinceMs" = ?, "firingEventId" = ?, "updatedMs" = ?${clearAck}
     WHERE "ruleId" = ? AND "subject" = ?`,
    [s.subjectKind, s.state, s.value, s.limit, s.threshold, s.evaluatedTo, s.firingSinceMs, s.firingEventId, now, s.ruleId, s.subject],
  );
  if (changed === 0) {
    await sql.run(
      `INSERT INTO "alert_states" ("ruleId", "subjectKind", "subject", "state", "value", "limit", "threshold", "evaluatedTo", "firingSinceMs", "firingEventId", "updatedMs") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [s.ruleId, s.subjectKind, s.subject, s.state, s.value, s.limit, s.threshold, s.evaluatedTo, s.firingSinceMs, s.firingEventId, now],
    );
  }
}

export async function insertEvent(sql: Sql, e: AlertEventInput, now: number): Promise<number> {
  const [row] = await sql.query<{ id: number }>(
    `INSERT INTO "alert_events" ("ruleId", "ruleName", "kind", "subjectKind", "subject", "state", "value", "limit", "threshold", "windowMs", "dataMs", "createdMs", "details", "muted")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "id"`,
    [e.ruleId, e.ruleName, e.kind, e.subjectKind, e.subject, e.state, e.value, e.limit, e.threshold, e.windowMs, e.dataMs, now, JSON.stringify(e.details), e.muted],
  );
  return row.id;
}

/** Marks a firing alert as seen by someone; false when there is no such firing alert. */
export async function acknowledgeState(sql: Sql, stateId: number, by: string | null, now = Date.now()): Promise<boolean> {
  return (await sql.run(`UPDATE "alert_states" SET "acknowledgedMs" = ?, "acknowledgedBy" = ? WHERE "id" = ? AND "state" = 'firing'`, [now, by, stateId])) > 0;
}
