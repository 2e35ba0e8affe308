// `npm run bench:ceiling`: what this machine can do at best on each part of an ingest, each
// part measured alone, so the ingest's own figures can be set against a floor.
//
//   npm run bench:ceiling -- [--file .bench/FILE] [--databases sqlite,postgres] [--only REGEX] [--pg-admin-url URL]
//
// Parts, each on the bench input (default: the largest `.bench/sam-export-*.log` that bench:ingest made):
// - parse: the parser alone (no batching, no rows), one thread;
// - rollups: computeMinuteRollups over every row, in memory, per function and hour;
// - insert: the invocation rows alone, into the real schema (the committed migrations) of a
//   fresh database, with the bare driver, 100,000 rows per transaction, functions and
//   environments created beforehand and not timed. Variants change one thing at a time:
//   the order of rows within a transaction, the foreign keys, the secondary indexes, on
//   SQLite the journal and fsync, on PostgreSQL COPY against unnest() and two connections
//   writing halves of each batch at once.
// An ingest of N invocations at R/s has N/R seconds on each core; the parse and the insert
// each run serially on one (SQLite has one writer, a PostgreSQL statement one backend).

import Database from "better-sqlite3";
import { once } from "node:events";
import { createReadStream, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { computeMinuteRollups, type StoredInvocation } from "../../lib/metrics/minute-rollups";
import { parseSource } from "../../lib/parse/parse-source";
import { ParseStats } from "../../lib/parse/stats";
import { inputContext } from "../../lib/sources/file-source";
import { IngestBatch } from "../../lib/store/ingest/batch";
import { copyText } from "../../lib/store/ingest/copy-text";
import { LOOKBACK_MS, WINDOW_MS } from "../../lib/store/ingest/rollups";
import { INVOCATION_COLUMNS, SQLITE_CHUNK } from "../../lib/store/ingest/invocation-sql";
import { applyMigrations } from "../../lib/store/migrate";
import { PostgresSql } from "../../lib/store/postgres-sql";
import { SqliteSql } from "../../lib/store/sqlite-sql";
import { RowValues } from "./row-values";

const ROOT = resolve(import.meta.dirname, "../..");
const BENCH_DIR = join(ROOT, ".bench");
const BATCH = 100_000;
const PG_CHUNK = 20_000;
const PG_TYPES = ["int", "text", "int", ...new Array(10).fill("float8"), "text", "text", "bool", "bool", "float8"];
const COLS = INVOCATION_COLUMNS.map((c) => `"${c}"`).join(", ");

/** One invocation row as the writer binds it: INVOCATION_COLUMNS order, ids resolved. */
type Values = unknown[];

interface Input {
  file: string;
  invocations: number;
  lines: number;
  functions: string[];
  /** [function index, stream] per environment, in id order (ids start at 1). */
  environments: [number, string][];
  /** Rows in the order ingest meets them, cut into transactions of BATCH records. */
  batches: Values[][];
}

async function timeParse(file: string): Promise<{ ms: number; records: number; lines: number }> {
  const stats = new ParseStats();
  let records = 0;
  const t0 = performance.now();
  for await (const recs of parseSource(createReadStream(file, { highWaterMark: 1 << 20 }), inputContext(file, undefined), stats)) records += recs.length;
  return { ms: performance.now() - t0, records, lines: stats.linesRead };
}

async function load(file: string): Promise<Input> {
  const stats = new ParseStats();
  const values = new RowValues();
  const batches: Values[][] = [];
  let invocations = 0;
  const flush = (b: IngestBatch) => {
    const rows: Values[] = [];
    for (const row of b.invocations.values()) {
      if (row.hasReport) invocations++;
      rows.push(values.values(row));
    }
    if (rows.length) batches.push(rows);
  };
  let batch = new IngestBatch();
  for await (const recs of parseSource(createReadStream(file, { highWaterMark: 1 << 20 }), inputContext(file, undefined), stats)) {
    for (const r of recs) {
      batch.add(r);
      if (batch.records >= BATCH) {
        flush(batch);
        batch = new IngestBatch();
      }
    }
  }
  flush(batch);
  return { file, invocations, lines: stats.linesRead, functions: values.functions, environments: values.environments, batches };
}

type Order = "time" | "key";
const byTime = (a: Values, b: Values) => (a[0] as number) - (b[0] as number) || ((a[5] as number) ?? 0) - ((b[5] as number) ?? 0);
const byKey = (a: Values, b: Values) => (a[0] as number) - (b[0] as number) || ((a[1] as string) < (b[1] as string) ? -1 : (a[1] as string) > (b[1] as string) ? 1 : 0);
const ordered = (batches: Values[][], order: Order) => batches.map((b) => [...b].sort(order === "time" ? byTime : byKey));

function timeRollups(input: Input): number {
  // rows by function and hour, as refreshRollups reads them: an hour and the 16 minutes before it
  const windows = new Map<string, StoredInvocation[]>();
  const add = (key: string, r: StoredInvocation) => {
    let list = windows.get(key);
    if (!list) windows.set(key, (list = []));
    list.push(r);
  };
  for (const b of input.batches) {
    for (const v of b) {
      const r = { beginTs: v[5], startTs: v[3], reportTs: v[4], timeoutTs: v[17], durationMs: v[6], billedMs: v[7], memoryMB: v[8], maxMemoryMB: v[9], initMs: v[10], restoreMs: v[11], billedRestoreMs: v[12], status: v[13], hasReport: v[15], timeoutLine: v[16] } as StoredInvocation;
      if (r.beginTs === null) continue;
      const w = Math.floor(r.beginTs / WINDOW_MS) * WINDOW_MS;
      add(`${v[0]}:${w}`, r);
      // the next hour's window reads it too if it began within 16 minutes of that hour
      if (r.beginTs >= w + WINDOW_MS - LOOKBACK_MS) add(`${v[0]}:${w + WINDOW_MS}`, r);
    }
  }
  const t0 = performance.now();
  for (const [key, rows] of windows) {
    const w = Number(key.slice(key.indexOf(":") + 1));
    computeMinuteRollups(rows, w, w + WINDOW_MS);
  }
  return performance.now() - t0;
}

interface Variant {
  label: string;
  order: Order;
  /** Statements run on the fresh schema before the timed inserts. */
  setup?: string[];
  foreignKeys?: boolean;
  connections?: number;
  /** PostgreSQL: COPY (text format) instead of INSERT .. unnest(): straight into the table, or into a temporary table then INSERT .. SELECT .. ON CONFLICT DO NOTHING. */
  copy?: "direct" | "staged";
}

async function copyRows(c: pg.Client, rows: Values[], table = "invocations"): Promise<void> {
  const stream = c.query(copyFrom(`COPY "${table}" (${COLS}) FROM STDIN`));
  const done = once(stream, "finish");
  for (const piece of copyText(rows.flat(), INVOCATION_COLUMNS.length)) if (!stream.write(piece)) await once(stream, "drain");
  stream.end();
  await done;
}

async function sqliteInsert(input: Input, v: Variant): Promise<number> {
  const file = join(BENCH_DIR, "ceiling.db");
  for (const s of ["", "-wal", "-shm"]) rmSync(file + s, { force: true });
  const sql = SqliteSql.open(file);
  await applyMigrations(sql);
  const db = sql.db;
  if (v.foreignKeys === false) db.pragma("foreign_keys = OFF");
  for (const s of v.setup ?? []) db.exec(s);
  db.transaction(() => {
    const f = db.prepare(`INSERT INTO "functions" ("id", "name") VALUES (?, ?)`);
    input.functions.forEach((name, i) => f.run(i + 1, name));
    const e = db.prepare(`INSERT INTO "environments" ("id", "functionId", "stream") VALUES (?, ?, ?)`);
    input.environments.forEach(([fid, stream], i) => e.run(i + 1, fid, stream));
  })();
  const rows = `(${new Array(INVOCATION_COLUMNS.length).fill("?").join(", ")})`;
  const stmts = new Map<number, Database.Statement>();
  const stmt = (n: number) => {
    let s = stmts.get(n);
    if (!s) stmts.set(n, (s = db.prepare(`INSERT INTO "invocations" (${COLS}) VALUES ${new Array(n).fill(rows).join(", ")} ON CONFLICT DO NOTHING`)));
    return s;
  };
  const batches = ordered(input.batches, v.order).map((b) => b.map((r) => r.map((x) => (x === true ? 1 : x === false ? 0 : x))));
  const t0 = performance.now();
  for (const b of batches) {
    db.exec("BEGIN IMMEDIATE");
    for (let i = 0; i < b.length; i += SQLITE_CHUNK) {
      const part = b.slice(i, i + SQLITE_CHUNK);
      stmt(part.length).run(part.flat());
    }
    db.exec("COMMIT");
  }
  const ms = performance.now() - t0;
  await sql.close();
  for (const s of ["", "-wal", "-shm"]) rmSync(file + s, { force: true });
  return ms;
}

async function postgresInsert(adminUrl: string, input: Input, v: Variant): Promise<number> {
  const name = `lambdalens_ceiling_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const connections = v.connections ?? 1;
  try {
    const sql = PostgresSql.open(url.toString(), connections + 1);
    await applyMigrations(sql);
    for (const s of v.setup ?? []) await sql.exec(s);
    await sql.run(`INSERT INTO "functions" ("id", "name") SELECT * FROM unnest(?::int[], ?::text[])`, [input.functions.map((_, i) => i + 1), input.functions]);
    await sql.run(`INSERT INTO "environments" ("id", "functionId", "stream") SELECT * FROM unnest(?::int[], ?::int[], ?::text[])`, [
      input.environments.map((_, i) => i + 1), input.environments.map((e) => e[0]), input.environments.map((e) => e[1]),
    ]);
    const text = `INSERT INTO "invocations" (${COLS}) SELECT * FROM unnest(${PG_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(", ")}) ON CONFLICT DO NOTHING`;
    const clients = await Promise.all(Array.from({ length: connections }, async () => {
      const c = new pg.Client({ connectionString: url.toString() });
      // the database is dropped under it when a variant fails: the variant's own error is the one to show
      c.on("error", () => undefined);
      await c.connect();
      return c;
    }));
    let batches = ordered(input.batches, v.order);
    if (v.copy === "direct") {
      // COPY has no ON CONFLICT: a request split across two batches (80 of them) goes in once
      const seen = new Set<string>();
      batches = batches.map((b) => b.filter((r) => !seen.has(`${r[0]}:${r[1]}`) && !!seen.add(`${r[0]}:${r[1]}`)));
    }
    const t0 = performance.now();
    for (const b of batches) {
      const share = Math.ceil(b.length / connections);
      await Promise.all(clients.map(async (c, k) => {
        const mine = b.slice(k * share, (k + 1) * share);
        await c.query("BEGIN");
        for (let i = 0; i < mine.length; i += PG_CHUNK) {
          const part = mine.slice(i, i + PG_CHUNK);
          if (v.copy === "direct") await copyRows(c, part);
          else if (v.copy === "staged") {
            await c.query(`CREATE TEMP TABLE IF NOT EXISTS "stage" (LIKE "invocations" INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`);
            await copyRows(c, part, "stage");
            await c.query(`INSERT INTO "invocations" (${COLS}) SELECT ${COLS} FROM "stage" ON CONFLICT DO NOTHING`);
            await c.query(`TRUNCATE "stage"`);
          } else await c.query(text, INVOCATION_COLUMNS.map((_, col) => part.map((r) => r[col])));
        }
        await c.query("COMMIT");
      }));
    }
    const ms = performance.now() - t0;
    await Promise.all(clients.map((c) => c.end()));
    await sql.close();
    return ms;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const SQLITE_PK_ONLY = [`DROP INDEX "invocations_functionId_beginTs_idx"`, `DROP INDEX "invocations_environmentId_beginTs_idx"`];
const SQLITE_VARIANTS: Variant[] = [
  { label: "as ingest writes them (time order)", order: "time" },
  { label: "key order", order: "key" },
  { label: "key order, no foreign keys", order: "key", foreignKeys: false },
  { label: "key order, no foreign keys, primary key only", order: "key", foreignKeys: false, setup: SQLITE_PK_ONLY },
  // not safe to ship (a crash corrupts the file): only the floor under a keyed table here
  { label: "same, 1 GiB cache, no journal, no fsync", order: "key", foreignKeys: false, setup: [...SQLITE_PK_ONLY, "PRAGMA cache_size = -1048576", "PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF"] },
];
// migration 0002 dropped them; these put them back to show what they cost
const PG_ADD_FKS = [
  `ALTER TABLE "invocations" ADD CONSTRAINT "invocations_functionId_fkey" FOREIGN KEY ("functionId") REFERENCES "functions"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
  `ALTER TABLE "invocations" ADD CONSTRAINT "invocations_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "environments"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
];
const PG_PK_ONLY = [`DROP INDEX "invocations_functionId_beginTs_idx"`, `DROP INDEX "invocations_environmentId_beginTs_idx"`];
const PG_VARIANTS: Variant[] = [
  { label: "COPY via a temporary table (ingest: halves, conflicts)", order: "key", copy: "staged" },
  { label: "same, with the foreign keys (before migration 0002)", order: "key", copy: "staged", setup: PG_ADD_FKS },
  { label: "unnest() (as ingest sent them before)", order: "key" },
  { label: "unnest(), with the foreign keys (ingest before)", order: "key", setup: PG_ADD_FKS },
  { label: "unnest(), two connections", order: "key", connections: 2 },
  { label: "COPY straight in (ingest: new whole requests)", order: "key", copy: "direct" },
  { label: "COPY straight in, primary key only", order: "key", copy: "direct", setup: PG_PK_ONLY },
  { label: "COPY straight in, two connections", order: "key", copy: "direct", connections: 2 },
];

function largestBenchInput(): string {
  const files = readdirSync(BENCH_DIR).filter((f) => /^sam-export-\d+-\w+\.log$/.test(f)).map((f) => join(BENCH_DIR, f));
  if (!files.length) throw new Error(`no bench input in ${BENCH_DIR}: run \`npm run bench:ingest -- --generate-only\` first, or pass --file`);
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { file: { type: "string" }, databases: { type: "string", default: "sqlite,postgres" }, "pg-admin-url": { type: "string", default: "postgresql://postgres@127.0.0.1:5432/postgres" }, only: { type: "string" } } });
  const file = values.file ?? largestBenchInput();
  const dbs = values.databases!.split(",");
  const only = values.only ? new RegExp(values.only, "i") : null;
  const chosen = (vs: Variant[]) => vs.filter((v) => !only || only.test(v.label));
  const perS = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString("en-US");
  console.log(`input: ${file}`);
  const p = await timeParse(file);
  const input = await load(file);
  const n = input.invocations;
  console.log(`${n.toLocaleString("en-US")} invocations, ${input.lines.toLocaleString("en-US")} lines, ${input.batches.reduce((a, b) => a + b.length, 0).toLocaleString("en-US")} rows, ${input.functions.length} functions, ${input.environments.length} environments`);
  console.log(`at 150,000/s an ingest of these has ${(n / 150_000).toFixed(2)} s; at 50,000/s, ${(n / 50_000).toFixed(2)} s\n`);
  // the machine's speed drifts (up to 3x within an hour here): time relative to the parse of the same run compares across runs
  const line = (label: string, ms: number) =>
    console.log(`  ${label.padEnd(52)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${perS(n, ms).padStart(9)} invocations/s  ${(ms / p.ms).toFixed(2).padStart(5)}x parse`);
  console.log("in memory, one thread");
  line("parse alone (no batches, no rows)", p.ms);
  line("rollups of every minute from the rows", timeRollups(input));
  if (dbs.includes("sqlite")) {
    console.log("\nSQLite: invocation rows alone, bare driver, real schema");
    for (const v of chosen(SQLITE_VARIANTS)) line(v.label, await sqliteInsert(input, v));
  }
  if (dbs.includes("postgres")) {
    console.log("\nPostgreSQL: invocation rows alone, bare driver, real schema (no foreign keys on invocations since migration 0002)");
    for (const v of chosen(PG_VARIANTS)) line(v.label, await postgresInsert(values["pg-admin-url"]!, input, v));
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
