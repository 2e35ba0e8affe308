// Child process of `npm run bench:ingest`: one measured run in a process of its own, so
// its peak RSS is that run's alone. Prints one JSON line on stdout and nothing else there.
//
//   node --import tsx scripts/bench/ingest-child.ts ingest   --url URL --file FILE [--breakdown]
//   node --import tsx scripts/bench/ingest-child.ts baseline --url URL --file FILE --batch N
//   node --import tsx scripts/bench/ingest-child.ts parse    --file FILE --batch N
//
// `ingest` is the real pipeline: openStore (migrations) + ingestFile(force) + close.
// `baseline` parses the same file with the same parser and batch size, then inserts each
// batch's invocation rows with the bare driver into a plain table (same columns, primary
// key only): no functions/environments lookups, no conflict merging, no init events, no
// rollups, no checkpoints. On SQLite it uses a connection configured like the store's
// (SqliteSql.open: WAL, page cache, checkpoints), so only the work differs, not the tuning. `parse` does the baseline's parsing and batching with no
// database at all: the floor under both.

import Database from "better-sqlite3";
import { createReadStream, rmSync } from "node:fs";
import { parseArgs } from "node:util";
import pg from "pg";
import { parseSource } from "../../lib/parse/parse-source";
import { ParseStats } from "../../lib/parse/stats";
import { inputContext } from "../../lib/sources/file-source";
import { ingestFile } from "../../lib/pipeline/ingest-file";
import { IngestBatch } from "../../lib/store/ingest/batch";
import { INVOCATION_COLUMNS, SQLITE_CHUNK, STAGE_TABLE } from "../../lib/store/ingest/invocation-sql";
import type { Sql } from "../../lib/store/sql";
import { SqliteSql } from "../../lib/store/sqlite-sql";
import { openStore } from "../../lib/store/store";
import { RowValues } from "./row-values";

export interface PhaseTotal {
  ms: number;
  calls: number;
}

export interface ChildResult {
  mode: "ingest" | "baseline" | "parse";
  /** From the start of the work (opening the database) to its end (database closed). */
  ms: number;
  maxRssMB: number;
  records: number;
  /** ingest: invocations stored for the first time; baseline: rows the INSERTs added. */
  stored: number;
  duplicates: number;
  lines?: number;
  initEvents?: number;
  /** baseline: invocation rows handed to INSERT (split START/REPORT pairs count twice). */
  rows?: number;
  batches?: number;
  /** baseline: time in the driver's INSERT/BEGIN/COMMIT calls; the rest is parse + batching. */
  insertMs?: number;
  /** ingest --breakdown: time per kind of work, ms. */
  breakdown?: Record<string, PhaseTotal>;
  /** Highest process.memoryUsage() figures seen (sampled every 100 ms), MB; with --breakdown per phase too. */
  memory?: Record<string, MemoryPeak>;
}

export interface MemoryPeak {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

const rssMB = (): number => process.resourceUsage().maxRSS / 1024;

// ---------------------------------------------------------------------------------------
// --breakdown: wraps the store's Sql so every statement and transaction is timed by kind.
// Costs one performance.now() pair per statement (a few thousand per million invocations).

class Phases {
  readonly totals = new Map<string, PhaseTotal>();
  add(key: string, ms: number, calls = 1): void {
    const t = this.totals.get(key) ?? { ms: 0, calls: 0 };
    t.ms += ms;
    t.calls += calls;
    this.totals.set(key, t);
  }
  toJSON(): Record<string, PhaseTotal> {
    return Object.fromEntries([...this.totals].map(([k, v]) => [k, { ms: Math.round(v.ms * 10) / 10, calls: v.calls }]));
  }
}

function classify(sql: string): string {
  const s = sql.replace(/\s+/g, " ");
  if (/^INSERT INTO "invocations"/.test(s)) return /DO UPDATE/.test(s) ? "write.invocations.merge" : "write.invocations.insertNew";
  // PostgreSQL: COPY straight into invocations, or into the stage table then INSERT .. SELECT (copyIn's first argument is the table)
  if (s === "invocations") return "write.invocations.copyNew";
  if (s === STAGE_TABLE || /^CREATE TEMP TABLE IF NOT EXISTS/.test(s)) return "write.invocations.copyToStage";
  if (/^WITH ins AS \(INSERT INTO "invocations"/.test(s)) return "write.invocations.insertNew";
  if (/^SELECT k\."functionId", k\."requestId" FROM/.test(s)) return "write.invocations.stagedNotInserted";
  if (/^SELECT "functionId", "requestId", "hasReport"/.test(s)) return "write.invocations.conflictLookup";
  if (/"environments" \("functionId", "stream"\)|FROM "environments" WHERE/.test(s)) return "write.environments";
  if (/"functions"/.test(s)) return "write.functions";
  if (/"init_events"/.test(s)) return "write.initEvents";
  if (/^UPDATE "ingest_sources"/.test(s)) return "write.checkpoint";
  if (/"minute_rollups"/.test(s)) return "refresh.rollups.write";
  if (/^SELECT .* FROM "invocations" WHERE "functionId" = \?/.test(s)) return "refresh.rollups.read";
  if (/pg_advisory_xact_lock/.test(s)) return "refresh.lock";
  if (/^UPDATE "environments"/.test(s)) return "refresh.firstInvocations";
  if (/"ingest_sources"/.test(s)) return "refresh.prunedBefore";
  return "other.sql";
}

/** Samples memory every 100 ms (when the event loop gets a turn) under the current label. */
class MemorySampler {
  readonly peaks = new Map<string, MemoryPeak>();
  label = "parse+write";
  private readonly timer = setInterval(() => this.sample(), 100).unref();
  sample(): void {
    const m = process.memoryUsage();
    const mb = { rss: m.rss / 2 ** 20, heapUsed: m.heapUsed / 2 ** 20, heapTotal: m.heapTotal / 2 ** 20, external: m.external / 2 ** 20 };
    for (const key of ["all", this.label]) {
      const p = this.peaks.get(key) ?? { rss: 0, heapUsed: 0, heapTotal: 0, external: 0 };
      for (const k of Object.keys(mb) as (keyof MemoryPeak)[]) p[k] = Math.max(p[k], Math.round(mb[k]));
      this.peaks.set(key, p);
    }
  }
  stop(): Record<string, MemoryPeak> {
    this.sample();
    clearInterval(this.timer);
    return Object.fromEntries(this.peaks);
  }
}

const memory = new MemorySampler();

interface TxState {
  write: boolean;
  statementsMs: number;
}

/**
 * The store's Sql with every statement timed by kind. A Proxy, so methods the Sql
 * interface gains later (anything called with an SQL string first) are timed too.
 */
function instrument(base: Sql, phases: Phases, tx: TxState | null = null): Sql {
  const record = (sql: string, ms: number) => {
    const key = classify(sql);
    // a batch of rows all stored before inserts nothing: its lookups still make it a write
    if (tx && key.startsWith("write.")) tx.write = true;
    phases.add(key, ms);
    if (tx) tx.statementsMs += ms;
  };
  const timed = (sql: string, call: () => unknown): unknown => {
    const t0 = performance.now();
    let out: unknown;
    try {
      out = call();
    } catch (e) {
      record(sql, performance.now() - t0);
      throw e;
    }
    if (out instanceof Promise) return out.finally(() => record(sql, performance.now() - t0));
    record(sql, performance.now() - t0);
    return out;
  };
  const transaction = async <T,>(fn: (tx: Sql) => Promise<T>): Promise<T> => {
    const state: TxState = { write: false, statementsMs: 0 };
    let bodyMs = 0;
    const t0 = performance.now();
    try {
      return await base.transaction(async (inner) => {
        const t1 = performance.now();
        try {
          return await fn(instrument(inner, phases, state));
        } finally {
          bodyMs = performance.now() - t1;
        }
      });
    } finally {
      const total = performance.now() - t0;
      const kind = state.write ? "write" : "refresh";
      memory.sample();
      memory.label = state.write ? "parse+write" : "refresh";
      phases.add(`${kind}.tx.total`, total);
      phases.add(`${kind}.tx.beginCommit`, total - bodyMs);
      phases.add(`${kind}.tx.js`, bodyMs - state.statementsMs);
    }
  };
  return new Proxy(base, {
    get(target, prop) {
      if (prop === "transaction") return transaction;
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== "function") return v;
      const f = v as (...args: unknown[]) => unknown;
      if (prop === "close") return f.bind(target);
      return (...args: unknown[]) => (typeof args[0] === "string" ? timed(args[0], () => f.apply(target, args)) : f.apply(target, args));
    },
  });
}

// ---------------------------------------------------------------------------------------

async function runIngest(url: string, file: string, breakdown: boolean): Promise<ChildResult> {
  const phases = new Phases();
  const t0 = performance.now();
  const store = await openStore({ url });
  const opened = performance.now();
  if (breakdown) store.sql = instrument(store.sql, phases);
  const summary = await ingestFile(store, file, { force: true });
  const ingested = performance.now();
  await store.close();
  const ms = performance.now() - t0;
  if (breakdown) {
    phases.add("open+migrate", opened - t0);
    phases.add("ingestFile", ingested - opened);
    phases.add("close", performance.now() - ingested);
  }
  return {
    mode: "ingest",
    ms,
    maxRssMB: rssMB(),
    records: summary.records,
    stored: summary.stored,
    duplicates: summary.duplicates,
    lines: summary.lines,
    initEvents: summary.initEvents,
    ...(breakdown ? { breakdown: phases.toJSON() } : {}),
    memory: memory.stop(),
  };
}

const SQLITE_TYPES: Record<string, string> = { functionId: "INTEGER NOT NULL", requestId: "TEXT NOT NULL", environmentId: "INTEGER NOT NULL", status: "TEXT", errorType: "TEXT", hasReport: "BOOLEAN NOT NULL DEFAULT false", timeoutLine: "BOOLEAN NOT NULL DEFAULT false" };
const PG_TYPES: Record<string, string> = { functionId: "INTEGER NOT NULL", requestId: "TEXT NOT NULL", environmentId: "INTEGER NOT NULL", status: "TEXT", errorType: "TEXT", hasReport: "BOOLEAN NOT NULL DEFAULT false", timeoutLine: "BOOLEAN NOT NULL DEFAULT false" };
/** The element types of the unnest() arrays, as lib/store/ingest/invocation-sql.ts passes them. */
const PG_ARRAY: Record<string, string> = { functionId: "int", requestId: "text", environmentId: "int", status: "text", errorType: "text", hasReport: "bool", timeoutLine: "bool" };
const BASELINE_TABLE = "baseline_invocations";
const COLS = INVOCATION_COLUMNS.map((c) => `"${c}"`).join(", ");

function createTableSql(types: Record<string, string>, fallback: string): string {
  const cols = INVOCATION_COLUMNS.map((c) => `"${c}" ${types[c] ?? fallback}`).join(", ");
  return `CREATE TABLE "${BASELINE_TABLE}" (${cols}, PRIMARY KEY ("functionId", "requestId"))`;
}

interface BaselineSink {
  /** Inserts one batch's rows in one transaction; returns rows added. */
  insert(rows: unknown[][]): Promise<number>;
  close(): Promise<void>;
}

function sqliteSink(file: string): BaselineSink {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });
  // the store's own connection settings (journal, page cache, checkpoints...), then the bare driver
  const db = SqliteSql.open(file).db;
  db.exec(createTableSql(SQLITE_TYPES, "REAL"));
  const statements = new Map<number, Database.Statement>();
  const stmt = (n: number) => {
    let s = statements.get(n);
    if (!s) {
      const row = `(${new Array(INVOCATION_COLUMNS.length).fill("?").join(", ")})`;
      s = db.prepare(`INSERT INTO "${BASELINE_TABLE}" (${COLS}) VALUES ${new Array(n).fill(row).join(", ")} ON CONFLICT DO NOTHING`);
      statements.set(n, s);
    }
    return s;
  };
  const insertAll = db.transaction((rows: unknown[][]) => {
    let added = 0;
    for (let i = 0; i < rows.length; i += SQLITE_CHUNK) {
      const part = rows.slice(i, i + SQLITE_CHUNK);
      const params = part.flat().map((p) => (p === true ? 1 : p === false ? 0 : p));
      added += stmt(part.length).run(params).changes;
    }
    return added;
  });
  return {
    insert: async (rows) => insertAll.immediate(rows),
    close: async () => void db.close(),
  };
}

async function postgresSink(url: string): Promise<BaselineSink> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP TABLE IF EXISTS "${BASELINE_TABLE}"`);
  await client.query(createTableSql(PG_TYPES, "DOUBLE PRECISION"));
  const arrays = INVOCATION_COLUMNS.map((c, i) => `$${i + 1}::${PG_ARRAY[c] ?? "float8"}[]`).join(", ");
  const text = `INSERT INTO "${BASELINE_TABLE}" (${COLS}) SELECT * FROM unnest(${arrays}) ON CONFLICT DO NOTHING`;
  const PG_CHUNK = 20_000; // what BulkWriter uses on PostgreSQL
  return {
    async insert(rows) {
      let added = 0;
      await client.query("BEGIN");
      for (let i = 0; i < rows.length; i += PG_CHUNK) {
        const part = rows.slice(i, i + PG_CHUNK);
        added += (await client.query(text, INVOCATION_COLUMNS.map((_, c) => part.map((r) => r[c])))).rowCount ?? 0;
      }
      await client.query("COMMIT");
      return added;
    },
    close: () => client.end(),
  };
}

const nullSink: BaselineSink = { insert: async () => 0, close: async () => {} };

async function runBaseline(url: string | null, file: string, batchRecords: number): Promise<ChildResult> {
  const t0 = performance.now();
  const sink = url === null ? nullSink : /^postgres(ql)?:\/\//i.test(url) ? await postgresSink(url) : sqliteSink(url);
  const ctx = inputContext(file, undefined);
  const stats = new ParseStats();
  const values = new RowValues();
  let records = 0;
  let rows = 0;
  let stored = 0;
  let batches = 0;
  let insertMs = 0;
  let duplicates = 0;
  const flush = async (batch: IngestBatch) => {
    if (batch.records === 0) return;
    const part: unknown[][] = [];
    for (const row of batch.invocations.values()) part.push(values.values(row));
    const t = performance.now();
    stored += await sink.insert(part);
    insertMs += performance.now() - t;
    records += batch.records;
    rows += part.length;
    duplicates += batch.duplicateReports;
    batches++;
  };
  let batch = new IngestBatch();
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const recs of parseSource(input, ctx, stats)) {
    for (const r of recs) {
      batch.add(r);
      if (batch.records >= batchRecords) {
        await flush(batch);
        batch = new IngestBatch();
      }
    }
  }
  await flush(batch);
  await sink.close();
  const ms = performance.now() - t0;
  return { mode: url === null ? "parse" : "baseline", ms, maxRssMB: rssMB(), memory: memory.stop(), records, stored, duplicates, rows, batches, insertMs, lines: stats.linesRead };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: "string" },
      file: { type: "string" },
      batch: { type: "string" },
      breakdown: { type: "boolean", default: false },
    },
  });
  const mode = positionals[0];
  if (!values.file || (mode !== "ingest" && mode !== "baseline" && mode !== "parse") || (mode !== "parse" && !values.url)) {
    throw new Error("usage: ingest-child.ts ingest|baseline|parse [--url URL] --file FILE [--batch N] [--breakdown]");
  }
  const batch = Number(values.batch ?? "20000");
  const result =
    mode === "ingest" ? await runIngest(values.url!, values.file, values.breakdown) : await runBaseline(mode === "parse" ? null : values.url!, values.file, batch);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
