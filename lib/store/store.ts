import { databaseTarget, type DatabaseTarget } from "./database-url";
import { applyMigrations } from "./migrate";
import { createPrismaClient, type Db } from "./prisma-client";
import { PostgresSql } from "./postgres-sql";
import { SqliteSql } from "./sqlite-sql";
import type { Sql } from "./sql";

export class StoreUnavailable extends Error {}

/** The database: Prisma for ordinary reads and writes, raw SQL for the bulk paths. */
export interface Store {
  target: DatabaseTarget;
  sql: Sql;
  prisma: Db;
  close(): Promise<void>;
}

/**
 * Opens the database DATABASE_URL names (SQLite by default), checks it answers, and
 * applies pending migrations unless told not to. Fails with a message naming the
 * database (without its password) and what to do.
 */
export async function openStore(options: { url?: string; migrate?: boolean } = {}): Promise<Store> {
  const target = databaseTarget(options.url ?? process.env.DATABASE_URL);
  let sql: Sql;
  try {
    sql = target.kind === "sqlite" ? SqliteSql.open(target.url) : PostgresSql.open(target.url);
    await sql.query("SELECT 1");
  } catch (e) {
    const hint =
      target.kind === "postgres"
        ? "Is PostgreSQL running and the database created? Check DATABASE_URL."
        : "Check that the directory is writable, or set DATABASE_URL to another file.";
    throw new StoreUnavailable(`cannot open the ${target.kind === "sqlite" ? "SQLite" : "PostgreSQL"} database ${target.display}: ${(e as Error).message}. ${hint}`);
  }
  if (options.migrate !== false) await applyMigrations(sql);
  const prisma = await createPrismaClient(target);
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
