import type { Sql } from "../store/sql";

export type JobPayload =
  | { kind: "file"; path: string; functionName?: string; start?: number; end?: number }
  | { kind: "cloudwatch"; logGroup: string; startTime: number; endTime: number; region?: string; profile?: string; endpoint?: string };

export interface Job {
  id: number;
  payload: JobPayload;
  attempts: number;
}

/** A running job whose worker has not reported for this long is taken to be dead. */
export const DEFAULT_STALE_MS = 60_000;
export const MAX_ATTEMPTS = 3;

export async function enqueue(sql: Sql, payloads: JobPayload[]): Promise<number[]> {
  const ids: number[] = [];
  await sql.transaction(async (tx) => {
    for (const p of payloads) {
      const [row] = await tx.query<{ id: number }>(`INSERT INTO "ingest_jobs" ("kind", "payload", "status") VALUES (?, ?, 'queued') RETURNING "id"`, [p.kind, JSON.stringify(p)]);
      ids.push(row.id);
    }
  });
  return ids;
}

/**
 * Takes the oldest job nobody is working on: queued, or running with a heartbeat older
 * than staleMs (its worker died). On PostgreSQL FOR UPDATE SKIP LOCKED lets any number
 * of workers on any number of machines claim without overlap; SQLite has one writer at
 * a time, so its immediate transaction does the same.
 */
export async function claimJob(sql: Sql, worker: string, staleMs = DEFAULT_STALE_MS, now = Date.now()): Promise<Job | null> {
  const pick = `SELECT "id" FROM "ingest_jobs" WHERE ("status" = 'queued' OR ("status" = 'running' AND "heartbeatMs" < ?)) AND "attempts" < ? ORDER BY "id" LIMIT 1`;
  return sql.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(tx.kind === "postgres" ? `${pick} FOR UPDATE SKIP LOCKED` : pick, [now - staleMs, MAX_ATTEMPTS]);
    if (!row) return null;
    const [job] = await tx.query<{ id: number; payload: string; attempts: number }>(
      `UPDATE "ingest_jobs" SET "status" = 'running', "lockedBy" = ?, "heartbeatMs" = ?, "attempts" = "attempts" + 1 WHERE "id" = ? RETURNING "id", "payload", "attempts"`,
      [worker, now, row.id],
    );
    return { id: job.id, payload: JSON.parse(job.payload) as JobPayload, attempts: job.attempts };
  });
}

/** Keeps a claim alive; returns false when the job was taken over (this worker was presumed dead). */
export async function heartbeat(sql: Sql, jobId: number, worker: string, now = Date.now()): Promise<boolean> {
  return (await sql.run(`UPDATE "ingest_jobs" SET "heartbeatMs" = ? WHERE "id" = ? AND "lockedBy" = ? AND "status" = 'running'`, [now, jobId, worker])) === 1;
}

export async function finishJob(sql: Sql, jobId: number, worker: string, result: unknown): Promise<void> {
  const finished = sql.kind === "sqlite" ? new Date().toISOString() : new Date();
  await sql.run(`UPDATE "ingest_jobs" SET "status" = 'done', "result" = ?, "finishedAt" = ? WHERE "id" = ? AND "lockedBy" = ?`, [JSON.stringify(result), finished, jobId, worker]);
}

/** A failed job goes back to the queue until it has had MAX_ATTEMPTS tries. */
export async function failJob(sql: Sql, jobId: number, worker: string, error: string): Promise<void> {
  await sql.run(
    `UPDATE "ingest_jobs" SET "status" = CASE WHEN "attempts" < ? THEN 'queued' ELSE 'failed' END, "error" = ?, "lockedBy" = NULL WHERE "id" = ? AND "lockedBy" = ?`,
    [MAX_ATTEMPTS, error.slice(0, 4000), jobId, worker],
  );
}

export async function queueCounts(sql: Sql): Promise<Record<string, number>> {
  const rows = await sql.query<{ status: string; n: number }>(`SELECT "status", COUNT(*) AS "n" FROM "ingest_jobs" GROUP BY "status"`);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
