import type { Sql } from "../../store/sql";
import type { AlertPayload } from "../message";

export interface NewNotification {
  key: string;
  eventId: number | null;
  channelId: number;
  channelName: string;
  purpose: "alert" | "test";
  payload: AlertPayload;
}

/** Writes notifications to the outbox; call inside the transaction that records their event. */
export async function enqueueNotifications(sql: Sql, list: readonly NewNotification[], now: number, retryForMs: number): Promise<number[]> {
  const ids: number[] = [];
  for (const x of list) {
    const [row] = await sql.query<{ id: number }>(
      `INSERT INTO "alert_notifications" ("key", "eventId", "channelId", "channelName", "purpose", "payload", "status", "attempts", "nextMs", "deadlineMs", "createdMs")
       VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) RETURNING "id"`,
      [x.key, x.eventId, x.channelId, x.channelName, x.purpose, JSON.stringify(x.payload), now, now + retryForMs, now],
    );
    ids.push(row.id);
  }
  return ids;
}

export interface ClaimedNotification {
  id: number;
  key: string;
  channelId: number | null;
  channelName: string;
  payload: string;
  attempts: number;
  deadlineMs: number;
}

/**
 * Takes up to `limit` notifications that are due: pending with their time come, or
 * claimed by a loop whose lease ran out (it died mid-send). On PostgreSQL FOR UPDATE
 * SKIP LOCKED lets any number of loops claim at once without overlap, and the lease
 * keeps a claimed row from being taken again while its loop lives; SQLite's immediate
 * transaction does the same with one writer.
 */
export async function claimNotifications(sql: Sql, loop: string, now: number, leaseMs: number, limit = 10): Promise<ClaimedNotification[]> {
  const pick = `SELECT "id" FROM "alert_notifications"
    WHERE ("status" = 'pending' AND "nextMs" <= ?) OR ("status" = 'sending' AND "leaseMs" < ?)
    ORDER BY "nextMs", "id" LIMIT ${Number(limit)}`;
  // a plain read first: most polls find nothing, and must not queue for SQLite's write lock behind an ingest
  if ((await sql.query(pick.replace(/LIMIT \d+$/, "LIMIT 1"), [now, now])).length === 0) return [];
  return sql.transaction(async (tx) => {
    const rows = await tx.query<{ id: number }>(tx.kind === "postgres" ? `${pick} FOR UPDATE SKIP LOCKED` : pick, [now, now]);
    if (rows.length === 0) return [];
    return tx.query<ClaimedNotification>(
      `UPDATE "alert_notifications" SET "status" = 'sending', "lockedBy" = ?, "leaseMs" = ?, "attempts" = "attempts" + 1
       WHERE "id" IN (${rows.map(() => "?").join(", ")})
       RETURNING "id", "key", "channelId", "channelName", "payload", "attempts", "deadlineMs"`,
      [loop, now + leaseMs, ...rows.map((r) => r.id)],
    );
  });
}

export interface AttemptResult {
  ok: boolean;
  code: number | null;
  error: string | null;
  startedMs: number;
  durationMs: number;
}

/**
 * Records one attempt and where the notification goes next: delivered, back to pending
 * at `retryAt`, or failed (retryAt null). Only the loop holding the claim may.
 */
export async function finishAttempt(sql: Sql, n: ClaimedNotification, loop: string, r: AttemptResult, retryAt: number | null): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.run(`INSERT INTO "alert_delivery_attempts" ("notificationId", "attempt", "startedMs", "durationMs", "ok", "code", "error") VALUES (?, ?, ?, ?, ?, ?, ?)`, [
      n.id, n.attempts, r.startedMs, r.durationMs, r.ok, r.code, r.error?.slice(0, 2000) ?? null,
    ]);
    const end = r.startedMs + r.durationMs;
    if (r.ok) {
      await tx.run(`UPDATE "alert_notifications" SET "status" = 'delivered', "deliveredMs" = ?, "lastError" = NULL, "leaseMs" = NULL WHERE "id" = ? AND "lockedBy" = ?`, [end, n.id, loop]);
    } else if (retryAt !== null) {
      await tx.run(`UPDATE "alert_notifications" SET "status" = 'pending', "nextMs" = ?, "lastError" = ?, "leaseMs" = NULL WHERE "id" = ? AND "lockedBy" = ?`, [retryAt, r.error?.slice(0, 2000) ?? null, n.id, loop]);
    } else {
      await tx.run(`UPDATE "alert_notifications" SET "status" = 'failed', "lastError" = ?, "leaseMs" = NULL WHERE "id" = ? AND "lockedBy" = ?`, [r.error?.slice(0, 2000) ?? null, n.id, loop]);
    }
  });
}

/** Notifications not delivered or failed yet, and the earliest time one of them is due. */
export async function outstanding(sql: Sql): Promise<{ count: number; nextMs: number | null }> {
  const [r] = await sql.query<{ count: number; nextMs: number | null }>(
    `SELECT COUNT(*) AS "count", MIN(CASE WHEN "status" = 'pending' THEN "nextMs" ELSE "leaseMs" END) AS "nextMs" FROM "alert_notifications" WHERE "status" IN ('pending', 'sending')`,
  );
  return { count: Number(r?.count ?? 0), nextMs: r?.nextMs ?? null };
}
