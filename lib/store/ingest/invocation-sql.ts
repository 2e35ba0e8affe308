import type { DatabaseKind } from "../database-url";
import { valuesList } from "../sql";

/** Column order of every invocation write; `rowValues` must follow it. */
export const INVOCATION_COLUMNS = [
  "functionId", "requestId", "environmentId", "startTs", "reportTs", "beginTs", "durationMs", "billedMs", "memoryMB",
  "maxMemoryMB", "initMs", "restoreMs", "billedRestoreMs", "status", "errorType", "hasReport", "timeoutLine", "timeoutTs",
] as const;

const PG_TYPES = ["int", "text", "int", ...new Array(10).fill("float8"), "text", "text", "bool", "bool", "float8"];
const COLS = INVOCATION_COLUMNS.map((c) => `"${c}"`).join(", ");
const REPORT_FIELDS = ["reportTs", "durationMs", "billedMs", "memoryMB", "maxMemoryMB", "initMs", "restoreMs", "billedRestoreMs", "status", "errorType"];

/**
 * Merging a row into the one already stored: the earliest START wins, the first REPORT
 * wins (a repeat changes nothing), timeout lines add up. Written once for both databases.
 */
function mergeSet(): string {
  const cur = (c: string) => `"invocations"."${c}"`;
  const exc = (c: string) => `excluded."${c}"`;
  const start = `CASE WHEN ${exc("startTs")} IS NOT NULL AND (${cur("startTs")} IS NULL OR ${exc("startTs")} < ${cur("startTs")}) THEN ${exc("startTs")} ELSE ${cur("startTs")} END`;
  const report = (c: string) => `CASE WHEN ${cur("hasReport")} THEN ${cur(c)} ELSE ${exc(c)} END`;
  const sets = [
    `"startTs" = ${start}`,
    ...REPORT_FIELDS.map((c) => `"${c}" = ${report(c)}`),
    `"environmentId" = CASE WHEN ${cur("hasReport")} THEN ${cur("environmentId")} WHEN ${exc("hasReport")} THEN ${exc("environmentId")} ELSE ${cur("environmentId")} END`,
    `"beginTs" = COALESCE(${start}, ${report("reportTs")} - ${report("durationMs")})`,
    `"hasReport" = ${cur("hasReport")} OR ${exc("hasReport")}`,
    `"timeoutLine" = ${cur("timeoutLine")} OR ${exc("timeoutLine")}`,
    `"timeoutTs" = COALESCE(${cur("timeoutTs")}, ${exc("timeoutTs")})`,
  ];
  return sets.join(",\n  ");
}

const MERGE = `ON CONFLICT ("functionId", "requestId") DO UPDATE SET\n  ${mergeSet()}`;

/** Rows per multi-row statement on SQLite (18 columns: well under its 32,766 parameters). */
export const SQLITE_CHUNK = 400;

/** `(a, b) IN (...)` over (int, text) key pairs, the way each database takes a list. */
export function pairsIn(kind: DatabaseKind, columns: [string, string], n: number): string {
  const lhs = `("${columns[0]}", "${columns[1]}")`;
  return kind === "sqlite" ? `${lhs} IN (VALUES ${valuesList(n, 2)})` : `${lhs} IN (SELECT * FROM unnest(?::int[], ?::text[]))`;
}

export function pairParams(kind: DatabaseKind, pairs: [number, string][]): unknown[] {
  return kind === "sqlite" ? pairs.flat() : [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
}

export interface InvocationSql {
  merge(rows: number): string;
  /** Parameters for merge (and SQLite's inserts) from the rows' values laid out row after row (column arrays on PostgreSQL). */
  params(values: unknown[], rows: number): unknown[];
  /** The stored state of the rows of these keys; with `forUpdate` (PostgreSQL), locked until commit in key order, the order every writer locks in. */
  existing(rows: number, forUpdate?: boolean): string;
  existingParams(keys: [number, string][]): unknown[];
}

const cache = new Map<DatabaseKind, InvocationSql>();

/** The statements for one database, built once: a statement cache keyed by 20 kB strings must not rebuild them per batch. */
export function invocationSql(kind: DatabaseKind): InvocationSql {
  let q = cache.get(kind);
  if (!q) cache.set(kind, (q = buildInvocationSql(kind)));
  return q;
}

function memo(f: (n: number) => string): (n: number) => string {
  const m = new Map<number, string>();
  return (n) => {
    let s = m.get(n);
    if (s === undefined) m.set(n, (s = f(n)));
    return s;
  };
}

const existingSql = (kind: DatabaseKind, n: number) =>
  `SELECT "functionId", "requestId", "hasReport", "startTs", "beginTs", "timeoutLine" FROM "invocations" WHERE ${pairsIn(kind, ["functionId", "requestId"], n)}`;

function buildInvocationSql(kind: DatabaseKind): InvocationSql {
  if (kind === "sqlite") {
    return {
      merge: memo((n) => `INSERT INTO "invocations" (${COLS}) VALUES ${valuesList(n, INVOCATION_COLUMNS.length)} ${MERGE}`),
      params: (values) => values,
      // one writer at a time: rows need no lock
      existing: memo((n) => existingSql(kind, n)),
      existingParams: (keys) => pairParams(kind, keys),
    };
  }
  // PostgreSQL: one statement whatever the row count, the columns passed as arrays
  const unnest = `SELECT * FROM unnest(${PG_TYPES.map((t) => `?::${t}[]`).join(", ")})`;
  const existing = existingSql(kind, 0);
  const locked = `${existing} ORDER BY "functionId", "requestId" COLLATE "C" FOR UPDATE`;
  return {
    merge: () => `INSERT INTO "invocations" (${COLS}) ${unnest} ${MERGE}`,
    params: (values, rows) =>
      INVOCATION_COLUMNS.map((_, c) => {
        const column = new Array<unknown>(rows);
        for (let r = 0; r < rows; r++) column[r] = values[r * INVOCATION_COLUMNS.length + c];
        return column;
      }),
    existing: (_, forUpdate) => (forUpdate ? locked : existing),
    existingParams: (keys) => pairParams(kind, keys),
  };
}

/** SQLite: new rows go in with multi-row INSERTs. */
export const SQLITE_INSERT = {
  /** Inserts new rows only; returns the functionId and requestId of those inserted. */
  returning: memo((n) => `INSERT INTO "invocations" (${COLS}) VALUES ${valuesList(n, INVOCATION_COLUMNS.length)} ON CONFLICT DO NOTHING RETURNING "functionId", "requestId"`),
  /** The same without RETURNING: for when the caller only needs to know whether every row went in. */
  quiet: memo((n) => `INSERT INTO "invocations" (${COLS}) VALUES ${valuesList(n, INVOCATION_COLUMNS.length)} ON CONFLICT DO NOTHING`),
};

/** PostgreSQL: the temporary table each connection COPYs the rows into that cannot be COPYed straight into invocations. */
export const STAGE_TABLE = "invocations_stage";

export const POSTGRES_STAGE = {
  /** Makes the stage table (once per connection) and empties it. */
  prepare: `CREATE TEMP TABLE IF NOT EXISTS "${STAGE_TABLE}" (LIKE "invocations" INCLUDING DEFAULTS) ON COMMIT DELETE ROWS; TRUNCATE "${STAGE_TABLE}"`,
  /** Inserts the staged rows not stored yet, in key order (one lock order for every writer, so concurrent workers cannot deadlock); returns how many went in. */
  insert: `WITH ins AS (INSERT INTO "invocations" (${COLS}) SELECT ${COLS} FROM "${STAGE_TABLE}" ORDER BY "functionId", "requestId" COLLATE "C" ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*) AS n FROM ins`,
  /**
   * The staged rows this transaction did not insert: stored before, or by another writer
   * meanwhile. A row the staged INSERT put in carries the transaction's id as xmin (it runs
   * outside any savepoint). LIMIT 1 keeps the planner to one primary-key probe per staged
   * row instead of a hash join over every stored invocation (the stage has no statistics).
   */
  notInserted: `SELECT k."functionId", k."requestId" FROM "${STAGE_TABLE}" k CROSS JOIN LATERAL (SELECT i.xmin FROM "invocations" i WHERE i."functionId" = k."functionId" AND i."requestId" = k."requestId" LIMIT 1) i WHERE i.xmin <> pg_current_xact_id()::xid`,
};
