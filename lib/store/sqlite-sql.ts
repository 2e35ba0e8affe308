import Database from "better-sqlite3";
import { AsyncLocalStorage } from "node:async_hooks";
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Sql } from "./sql";

type Statement = Database.Statement<unknown[], unknown>;

function bind(params: readonly unknown[]): unknown[] {
  // better-sqlite3 binds no booleans; SQLite stores them as 0/1 anyway
  return params.map((p) => (p === true ? 1 : p === false ? 0 : p));
}

/** read-only: this process may not write the file or its directory; copy: a private, read-only copy of such a file. */
export type SqliteAccess = "read-write" | "read-only" | "copy";

/** How long a statement waits for another process's lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

function writable(p: string): boolean {
  try {
    accessSync(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs fn, waiting out SQLITE_BUSY. Changing the journal mode needs every other connection
 * gone and fails at once instead of waiting for the busy timeout, so two processes opening
 * a new file together would otherwise see "database is locked".
 */
function whenUnlocked<T>(fn: () => T): T {
  const until = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      return fn();
    } catch (e) {
      if (!/^SQLITE_BUSY/.test((e as { code?: string }).code ?? "") || Date.now() >= until) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
}

/** The file and its write-ahead log copied to a private directory (removed by `remove`). */
function readableCopy(file: string): { file: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "lambdalens-read-"));
  const copy = path.join(dir, path.basename(file));
  try {
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { file: copy, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export class SqliteSql implements Sql {
  readonly kind = "sqlite" as const;
  access: SqliteAccess = "read-write";
  private cleanup: (() => void) | null = null;
  private readonly statements = new Map<string, Statement>();
  /** Set inside this connection's transaction, so a nested call joins it. */
  private readonly inTransaction = new AsyncLocalStorage<true>();
  /** Transactions of concurrent callers (requests of the web server) run one after another, never inside each other. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly db: Database.Database) {}

  /**
   * Opens (creating if needed) a database file. A file this process may not write, or one in
   * a directory it may not write, is opened read-only; if SQLite cannot read it in place
   * (WAL mode keeps an index beside the file, which a read-only directory cannot hold),
   * a private copy is read instead. Either way every write fails with SQLITE_READONLY.
   */
  static open(file: string): SqliteSql {
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      return SqliteSql.configure(new Database(file, { timeout: BUSY_TIMEOUT_MS }), "read-write");
    }
    if (writable(file) && writable(path.dirname(file))) return SqliteSql.configure(new Database(file, { timeout: BUSY_TIMEOUT_MS }), "read-write");
    const db = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    try {
      db.prepare("SELECT COUNT(*) FROM sqlite_master").get();
      return SqliteSql.configure(db, "read-only");
    } catch (e) {
      db.close();
      if (!/^SQLITE_(READONLY|CANTOPEN)/.test((e as { code?: string }).code ?? "")) throw e;
    }
    const copy = readableCopy(file);
    const sql = SqliteSql.configure(new Database(copy.file, { readonly: true, timeout: BUSY_TIMEOUT_MS }), "copy");
    sql.cleanup = copy.remove;
    return sql;
  }

  private static configure(db: Database.Database, access: SqliteAccess): SqliteSql {
    // the journal mode is stored in the file: set it once, by whoever gets there first
    if (access === "read-write") whenUnlocked(() => db.pragma("journal_mode", { simple: true }) === "wal" || db.pragma("journal_mode = WAL"));
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    // a fixed 64 MiB page cache: reading rollups back and updating three indexes on
    // millions of rows thrash the default 2 MiB; memory stays flat however large the input
    db.pragma("cache_size = -65536");
    db.pragma("temp_store = MEMORY");
    // checkpoint the write-ahead log in larger, rarer steps than every 4 MiB
    db.pragma("wal_autocheckpoint = 16384");
    const sql = new SqliteSql(db);
    sql.access = access;
    return sql;
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
    this.cleanup?.();
  }
}
