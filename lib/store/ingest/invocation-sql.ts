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

/** PostgreSQL: the temporary table each connection COPYs a batch's new rows into. */
export const STAGE_TABLE = "invocations_stage";

export interface InvocationSql {
  /** Inserts new rows only; returns the functionId and requestId of those inserted. */
  insertNew(rows: number): string;
  /** insertNew without RETURNING: the caller only needs to know whether every row went in. */
  insertNewQuiet(rows: number): string;
  merge(rows: number): string;
  /** Parameters for insertNew/merge from the rows' values laid out row after row (column arrays on PostgreSQL). */
  params(values: unknown[], rows: number): unknown[];
  existing(rows: number): string;
  /** PostgreSQL: makes the stage table (once per connection) and empties it. */
  readonly prepareStage: string;
  /** PostgreSQL: inserts the staged rows not stored yet, in key order; returns how many went in. */
  readonly insertFromStage: string;
  /** PostgreSQL: the staged rows (or those of the keys passed) that this transaction did not insert: stored before, or by another writer meanwhile. */
  stagedNotInserted(keys: boolean): string;
  /** existing, locking the rows until commit, in key order (the order every writer locks in). PostgreSQL only. */
  existingForUpdate(rows: number): string;
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

function buildInvocationSql(kind: DatabaseKind): InvocationSql {
  if (kind === "sqlite") {
    return {
      insertNew: memo((n) => `INSERT INTO "invocations" (${COLS}) VALUES ${valuesList(n, INVOCATION_COLUMNS.length)} ON CONFLICT DO NOTHING RETURNING "functionId", "requestId"`),
      insertNewQuiet: memo((n) => `INSERT INTO "invocations" (${COLS}) VALUES ${valuesList(n, INVOCATION_COLUMNS.length)} ON CONFLICT DO NOTHING`),
      merge: memo((n) => `INSERT INTO "invocations" (${COLS}) VALUES ${valuesList(n, INVOCATION_COLUMNS.length)} ${MERGE}`),
      params: (values) => values,
      existing: memo((n) => `SELECT "functionId", "requestId", "hasReport", "startTs", "beginTs", "timeoutLine" FROM "invocations" WHERE ${pairsIn(kind, ["functionId", "requestId"], n)}`),
      existingForUpdate: () => {
        throw new Error("SQLite has one writer at a time: rows need no lock");
      },
      prepareStage: "",
      insertFromStage: "",
      stagedNotInserted: () => "",
      existingParams: (keys) => pairParams(kind, keys),
    };
  }
  // PostgreSQL: one statement whatever the row count, the columns passed as arrays
  const unnest = `SELECT * FROM unnest(${PG_TYPES.map((t) => `?::${t}[]`).join(", ")})`;
  return {
    insertNew: () => `INSERT INTO "invocations" (${COLS}) ${unnest} ON CONFLICT DO NOTHING RETURNING "functionId", "requestId"`,
    insertNewQuiet: () => `INSERT INTO "invocations" (${COLS}) ${unnest} ON CONFLICT DO NOTHING`,
    merge: () => `INSERT INTO "invocations" (${COLS}) ${unnest} ${MERGE}`,
    params: (values, rows) =>
      INVOCATION_COLUMNS.map((_, c) => {
        const column = new Array<unknown>(rows);
        for (let r = 0; r < rows; r++) column[r] = values[r * INVOCATION_COLUMNS.length + c];
        return column;
      }),
    existing: (n) => `SELECT "functionId", "requestId", "hasReport", "startTs", "beginTs", "timeoutLine" FROM "invocations" WHERE ${pairsIn(kind, ["functionId", "requestId"], n)}`,
    existingForUpdate: (n) =>
      `SELECT "functionId", "requestId", "hasReport", "startTs", "beginTs", "timeoutLine" FROM "invocations" WHERE ${pairsIn(kind, ["functionId", "requestId"], n)} ORDER BY "functionId", "requestId" COLLATE "C" FOR UPDATE`,
    existingParams: (keys) => pairParams(kind, keys),
    prepareStage: `CREATE TEMP TABLE IF NOT EXISTS "${STAGE_TABLE}" (LIKE "invocations" INCLUDING DEFAULTS) ON COMMIT DELETE ROWS; TRUNCATE "${STAGE_TABLE}"`,
    // one lock order for every writer (key order), so concurrent workers cannot deadlock
    insertFromStage: `WITH ins AS (INSERT INTO "invocations" (${COLS}) SELECT ${COLS} FROM "${STAGE_TABLE}" ORDER BY "functionId", "requestId" COLLATE "C" ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*) AS n FROM ins`,
    // A row this transaction inserted carries its id as xmin (the PostgreSQL writer uses no
    // savepoints). LIMIT 1 keeps the planner to one primary-key probe per key instead of a
    // hash join over every stored invocation (neither key list has statistics).
    stagedNotInserted: (keys) => {
      const probe = `CROSS JOIN LATERAL (SELECT i.xmin FROM "invocations" i WHERE i."functionId" = k."functionId" AND i."requestId" = k."requestId" LIMIT 1) i WHERE i.xmin <> pg_current_xact_id()::xid`;
      return keys ? `SELECT k."functionId", k."requestId" FROM unnest(?::int[], ?::text[]) k("functionId", "requestId") ${probe}` : `SELECT k."functionId", k."requestId" FROM "${STAGE_TABLE}" k ${probe}`;
    },
  };
}
