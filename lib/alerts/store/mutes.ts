import type { Sql } from "../../store/sql";

export interface Mute {
  function: string;
  untilMs: number;
  reason: string | null;
}

/** Mutes in force at `now`. */
export async function activeMutes(sql: Sql, now = Date.now()): Promise<Mute[]> {
  return sql.query<Mute>(`SELECT "function", "untilMs", "reason" FROM "alert_mutes" WHERE "untilMs" > ? ORDER BY "function"`, [now]);
}

/** Mutes a function's notifications until `untilMs` (a later mute replaces an earlier one). */
export async function muteFunction(sql: Sql, fn: string, untilMs: number, reason: string | null, now = Date.now()): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.run(`DELETE FROM "alert_mutes" WHERE "function" = ?`, [fn]);
    await tx.run(`INSERT INTO "alert_mutes" ("function", "untilMs", "reason", "createdMs") VALUES (?, ?, ?, ?)`, [fn, untilMs, reason, now]);
  });
}

export async function unmuteFunction(sql: Sql, fn: string): Promise<boolean> {
  return (await sql.run(`DELETE FROM "alert_mutes" WHERE "function" = ?`, [fn])) > 0;
}
