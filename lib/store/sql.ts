import type { DatabaseKind } from "./database-url";

/**
 * The few raw-SQL calls lambdalens needs beyond Prisma: bulk writes, rollups, job
 * claiming, migrations. Statements use `?` placeholders on both databases.
 */
export interface Sql {
  readonly kind: DatabaseKind;
  /** Statements without parameters, several at once (migrations). */
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Rows as arrays in column order: much cheaper than objects when reading many rows back. */
  queryArrays(sql: string, params?: readonly unknown[]): Promise<unknown[][]>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** PostgreSQL only: COPY text-format rows (see ingest/copy-text.ts), piece by piece, into a table's columns. */
  copyIn?(table: string, columns: readonly string[], text: Iterable<string>): Promise<void>;
  /** Runs fn in one transaction on one connection; rolls back if it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `?` placeholders to PostgreSQL's `$1, $2, ...` (lambdalens SQL has no `?` in literals). */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const valuesCache = new Map<number, string>();

/** `(?, ?, ?), (?, ?, ?)` for a multi-row VALUES list (the same string object each time, so statement caches hit fast). */
export function valuesList(rows: number, columns: number): string {
  const key = rows * 1000 + columns;
  let v = valuesCache.get(key);
  if (v === undefined) {
    const row = `(${new Array(columns).fill("?").join(", ")})`;
    v = new Array(rows).fill(row).join(", ");
    valuesCache.set(key, v);
  }
  return v;
}
