import Database from "better-sqlite3";
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Sql } from "./sql";

type Statement = Database.Statement<unknown[], unknown>;

function bind(params: readonly unknown[]): unknown[] {
  // better-sqlite3 binds no booleans; SQLite stores them as 0/1 anyway
  return params.map((p) => (p === true ? 1 : p === false ? 0 : p));
}

export class SqliteSql implements Sql {
  readonly kind = "sqlite" as const;
  private readonly statements = new Map<string, Statement>();
  /** Set inside this connection's transaction, so a nested call joins it. */
  private readonly inTransaction = new AsyncLocalStorage<true>();
  /** Transactions of concurrent callers (requests of the web server) run one after another, never inside each other. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly db: Database.Database) {}

  static open(file: string): SqliteSql {
    mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file, { timeout: 10_000 });
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    // a fixed 64 MiB page cache: reading rollups back and updating three indexes on
    // millions of rows thrash the default 2 MiB; memory stays flat however large the input
    db.pragma("cache_size = -65536");
    db.pragma("temp_store = MEMORY");
    // checkpoint the write-ahead log in larger, rarer steps than every 4 MiB
    db.pragma("wal_autocheckpoint = 16384");
    return new SqliteSql(db);
  }

  private prepare(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  async exec(sql: string): Promise<void> {
    this.db.exec(sql);
  }

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.prepare(sql).all(...bind(params)) as T[];
  }

  private readonly rawStatements = new Map<string, Statement>();

  async queryArrays(sql: string, params: readonly unknown[] = []): Promise<unknown[][]> {
    let s = this.rawStatements.get(sql);
    if (!s) {
      s = this.db.prepare(sql).raw(true);
      this.rawStatements.set(sql, s);
    }
    return s.all(...bind(params)) as unknown[][];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.prepare(sql).run(...bind(params)).changes;
  }

  /** Synchronous fast path for the bulk writer: one prepared statement, many rows. */
  runMany(sql: string, rows: readonly (readonly unknown[])[]): number {
    const s = this.prepare(sql);
    let changes = 0;
    for (const r of rows) changes += s.run(...bind(r)).changes;
    return changes;
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    if (this.inTransaction.getStore()) return fn(this);
    const run = () =>
      this.inTransaction.run(true, async () => {
        this.db.exec("BEGIN IMMEDIATE");
        try {
          const result = await fn(this);
          this.db.exec("COMMIT");
          return result;
        } catch (e) {
          if (this.db.inTransaction) this.db.exec("ROLLBACK");
          throw e;
        }
      });
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
