import type { Sql } from "./sql";

const PRUNE_KEY = "prune:raw-invocations";

/** Raw invocations that began before `cutoff` go; rollups, environments and inits stay. */
export async function pruneInvocations(sql: Sql, cutoff: number): Promise<number> {
  return sql.transaction(async (tx) => {
    const n = await tx.run(`DELETE FROM "invocations" WHERE "beginTs" < ?`, [cutoff]);
    const now = tx.kind === "sqlite" ? new Date().toISOString() : new Date();
    await tx.run(
      `INSERT INTO "ingest_sources" ("kind", "key", "status", "checkpointTs", "updatedAt") VALUES ('prune', ?, 'done', ?, ?)
       ON CONFLICT ("key") DO UPDATE SET "checkpointTs" = CASE WHEN excluded."checkpointTs" > "ingest_sources"."checkpointTs" THEN excluded."checkpointTs" ELSE "ingest_sources"."checkpointTs" END, "updatedAt" = excluded."updatedAt"`,
      [PRUNE_KEY, cutoff, now],
    );
    return n;
  });
}

/** Before this, raw invocations may be gone: rollups there must not be recomputed from them. */
export async function prunedBefore(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ checkpointTs: number | null }>(`SELECT "checkpointTs" FROM "ingest_sources" WHERE "key" = ?`, [PRUNE_KEY]);
  return row?.checkpointTs ?? -Infinity;
}
