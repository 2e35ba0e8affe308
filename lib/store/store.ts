import { databaseTarget, type DatabaseTarget } from "./database-url";
import { applyMigrations, pendingMigrations } from "./migrate";
import { createPrismaClient, type Db } from "./prisma-client";
import { PostgresSql } from "./postgres-sql";
import { BUSY_TIMEOUT_MS, SqliteSql } from "./sqlite-sql";
import type { Sql } from "./sql";

export class StoreUnavailable extends Error {}

/** The database: Prisma for ordinary reads and writes, raw SQL for the bulk paths. */
export interface Store {
  target: DatabaseTarget;
  sql: Sql;
  prisma: Db;
  close(): Promise<void>;
}

/** What to do about a database that cannot be opened, by what went wrong. */
function openHint(target: DatabaseTarget, e: unknown): string {
  if (target.kind === "postgres") return "Is PostgreSQL running and the database created? Check DATABASE_URL.";
  const code = (e as { code?: string }).code ?? "";
  if (/^SQLITE_BUSY/.test(code)) {
    return `Another process has held a lock on it for more than ${BUSY_TIMEOUT_MS / 1000} s (a long write by another lambdalens command?); try again when it is done.`;
  }
  if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) return "The file is not a lambdalens database (or is damaged); set DATABASE_URL to another file.";
  return "Check that the directory is writable, or set DATABASE_URL to another file.";
}

/**
 * Opens the database DATABASE_URL names (SQLite by default), checks it answers, and
 * applies pending migrations unless told not to. Reading needs no write access: a SQLite
 * file this process may not write is opened read-only, and with no migration pending
 * nothing is written. Fails with a message naming the database (without its password)
 * and what to do.
 */
export async function openStore(options: { url?: string; migrate?: boolean } = {}): Promise<Store> {
  const target = databaseTarget(options.url ?? process.env.DATABASE_URL);
  const name = `the ${target.kind === "sqlite" ? "SQLite" : "PostgreSQL"} database ${target.display}`;
  let sql: Sql;
  try {
    sql = target.kind === "sqlite" ? SqliteSql.open(target.url) : PostgresSql.open(target.url);
    await sql.query("SELECT 1");
  } catch (e) {
    throw new StoreUnavailable(`cannot open ${name}: ${(e as Error).message}. ${openHint(target, e)}`);
  }
  if (options.migrate !== false) {
    try {
      await applyMigrations(sql);
    } catch (e) {
      const names = await pendingMigrations(sql).then((ms) => ms.map((m) => m.name)).catch(() => []);
      const pending = names.length ? ` (${names.join(", ")})` : "";
      await sql.close().catch(() => undefined);
      const readOnly = sql instanceof SqliteSql && sql.access !== "read-write";
      throw new StoreUnavailable(
        readOnly
          ? `${name} needs migrating${pending} but this process may not write it; run 'lambdalens migrate' as a user who can, then try again.`
          : `cannot migrate ${name}${pending}: ${(e as Error).message}. ${openHint(target, e)}`,
      );
    }
  }
  const prisma = await createPrismaClient(target, sql instanceof SqliteSql ? { file: sql.db.name, readonly: sql.access !== "read-write", timeoutMs: BUSY_TIMEOUT_MS } : undefined);
  return {
    target,
    sql,
    prisma,
    async close() {
      await prisma.$disconnect();
      await sql.close();
    },
  };
}

/** For `serve` and `lambdalens migrate`: apply pending migrations and report them. */
export async function runMigrations(log: (line: string) => void = (l) => process.stderr.write(l + "\n")): Promise<void> {
  const target = databaseTarget();
  const store = await openStore({ migrate: false });
  try {
    const applied = await applyMigrations(store.sql);
    log(applied.length ? `database ${target.display}: applied ${applied.join(", ")}` : `database ${target.display}: up to date`);
  } finally {
    await store.close();
  }
}
