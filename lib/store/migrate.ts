import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Sql } from "./sql";
import { backfillCoarseRollups } from "./ingest/backfill-coarse";

/** Data a migration derives from what the database held before it, run in its transaction. */
const AFTER: Record<string, (tx: Sql) => Promise<void>> = {
  "0003_dashboard": backfillCoarseRollups,
};

const MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");
// any constant: it only has to be the same in every lambdalens process
const PG_LOCK_KEY = 7_366_210_455;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function migrationsFor(kind: Sql["kind"]): Migration[] {
  const dir = path.join(MIGRATIONS, kind);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((f) => {
      const sql = readFileSync(path.join(dir, f), "utf8");
      return { name: f.replace(/\.sql$/, ""), sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const TABLE = `"_lambdalens_migrations"`;

function checkUnchanged(m: Migration, appliedChecksum: string): void {
  if (appliedChecksum !== m.checksum) throw new Error(`migration ${m.name} was changed after it was applied to this database; add a new migration instead of editing it`);
}

/** The migrations not applied yet, found without writing anything. */
export async function pendingMigrations(sql: Sql, migrations = migrationsFor(sql.kind)): Promise<Migration[]> {
  let applied: Map<string, string>;
  try {
    applied = new Map((await sql.query<{ name: string; checksum: string }>(`SELECT "name", "checksum" FROM ${TABLE}`)).map((r) => [r.name, r.checksum]));
  } catch (e) {
    // a new database: no table yet (SQLite says "no such table", PostgreSQL 42P01)
    if ((e as { code?: string }).code === "42P01" || /no such table/i.test((e as Error).message)) return migrations;
    throw e;
  }
  return migrations.filter((m) => {
    const sum = applied.get(m.name);
    if (sum !== undefined) checkUnchanged(m, sum);
    return sum === undefined;
  });
}

/**
 * Applies the committed migrations that have not been applied yet, all in one
 * transaction (DDL is transactional on both databases), under a lock so two processes
 * starting together do not both apply them. Returns the names applied.
 */
export async function applyMigrations(sql: Sql, migrations = migrationsFor(sql.kind)): Promise<string[]> {
  // every command opens the database: when nothing is pending, it takes no write lock
  if ((await pendingMigrations(sql, migrations)).length === 0) return [];
  return sql.transaction(async (tx) => {
    if (tx.kind === "postgres") await tx.query("SELECT pg_advisory_xact_lock(?)", [PG_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`);
    const applied = new Map((await tx.query<{ name: string; checksum: string }>(`SELECT "name", "checksum" FROM ${TABLE}`)).map((r) => [r.name, r.checksum]));
    const done: string[] = [];
    for (const m of migrations) {
      const sum = applied.get(m.name);
      if (sum !== undefined) {
        checkUnchanged(m, sum);
        continue;
      }
      await tx.exec(m.sql);
      await AFTER[m.name]?.(tx);
      await tx.run(`INSERT INTO ${TABLE} ("name", "checksum", "appliedAt") VALUES (?, ?, ?)`, [m.name, m.checksum, new Date().toISOString()]);
      done.push(m.name);
    }
    return done;
  });
}
