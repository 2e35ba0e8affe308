// `npm run bench:ingest`: ingests a deterministic 1,000,000-invocation synthetic export
// (`lambdalens synth --format sam`, generated once and cached in .bench/) into SQLite and
// into PostgreSQL, each run in a child process of its own, and prints invocations/s, peak
// RSS, the re-ingest (all duplicates) rate and the ratio to a bare-driver baseline that
// inserts the same rows in the same batch size. Figures also go to .bench/ingest-results.json.
//
//   npm run bench:ingest -- [--invocations N] [--runs N] [--sweep 250000,500000]
//                           [--databases sqlite,postgres] [--sweep-databases sqlite,postgres]
//                           [--pg-admin-url URL] [--breakdown] [--timeout SECONDS]
//                           [--regen] [--generate-only] [--keep] [--strict]
//
// Each measurement is taken --runs times (default 2) and the best is reported. Every run
// starts from a fresh database (a new SQLite file under .bench/, a new PostgreSQL database
// created through --pg-admin-url, dropped at the end whatever happens).

import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, existsSync, readFileSync, rmSync } from "node:fs";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { SYNTH_VERSION } from "../lib/synth/fleet";
import type { ChildResult, MemoryPeak, PhaseTotal } from "./bench/ingest-child";

const ROOT = resolve(import.meta.dirname, "..");
const BENCH_DIR = join(ROOT, ".bench");
const CHILD = join(ROOT, "scripts", "bench", "ingest-child.ts");
const RESULTS = join(BENCH_DIR, "ingest-results.json");
const DEFAULT_PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres";

const TARGET_SQLITE_PER_S = 150_000;
const TARGET_SQLITE_RATIO = 2;
const TARGET_PG_PER_S = 50_000;
/** "RSS flat as input grows": peak RSS at the largest input at most this much above the smallest. */
const TARGET_RSS_GROWTH = 0.2;

type DbKind = "sqlite" | "postgres";
const DB_LABEL: Record<DbKind, string> = { sqlite: "SQLite", postgres: "PostgreSQL" };

// ---------------------------------------------------------------------------------------
// Input: `lambdalens synth --format sam`, cached by its options.

interface Truth {
  invocations: number;
  coldStarts: number;
  timeouts: number;
}

interface BenchInput {
  path: string;
  invocations: number;
  bytes: number;
  lines: number;
  truth: Truth;
  generatedMs: number;
  cached: boolean;
}

function synthArgs(invocations: number, seed: number, functions: number): string[] {
  return ["--invocations", String(invocations), "--functions", String(functions), "--format", "sam", "--seed", String(seed)];
}

async function countLines(path: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  }
  return n;
}

async function ensureInput(invocations: number, seed: number, functions: number, regen: boolean): Promise<BenchInput> {
  await mkdir(BENCH_DIR, { recursive: true });
  const args = synthArgs(invocations, seed, functions);
  const key = createHash("sha256").update(JSON.stringify({ synth: SYNTH_VERSION, args })).digest("hex").slice(0, 16);
  const path = join(BENCH_DIR, `sam-export-${invocations}-${key}.log`);
  const metaPath = `${path}.meta.json`;
  if (!regen && existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(await readFile(metaPath, "utf8")) as Omit<BenchInput, "cached" | "path">;
    return { ...meta, path, cached: true };
  }
  process.stderr.write(`bench: generating ${fmt(invocations)} invocations: lambdalens synth ${args.join(" ")}\n`);
  const started = performance.now();
  const partial = `${path}.partial`;
  const truthPath = `${path}.truth.json`;
  const r = await runProcess(process.execPath, ["bin/lambdalens.js", "synth", ...args, "--out", partial, "--truth", truthPath], 3600);
  if (r.code !== 0) throw new Error(`synth failed (exit ${r.code}): ${r.stderr.slice(-2000)}`);
  await rename(partial, path);
  const totals = (JSON.parse(await readFile(truthPath, "utf8")) as { totals: Truth }).totals;
  const meta = {
    invocations,
    bytes: (await stat(path)).size,
    lines: await countLines(path),
    truth: { invocations: totals.invocations, coldStarts: totals.coldStarts, timeouts: totals.timeouts },
    generatedMs: Math.round(performance.now() - started),
    synth: args,
  };
  await writeFile(metaPath, `${JSON.stringify(meta, null, 2)}\n`);
  return { ...meta, path, cached: false };
}

/** DEFAULT_BATCH as lib/pipeline/ingest-file.ts declares it (not exported): the baseline uses the same. */
function defaultBatch(): number {
  const src = readFileSync(join(ROOT, "lib", "pipeline", "ingest-file.ts"), "utf8");
  const m = /const DEFAULT_BATCH = ([\d_]+)/.exec(src);
  if (!m) throw new Error("cannot find DEFAULT_BATCH in lib/pipeline/ingest-file.ts");
  return Number(m[1].replace(/_/g, ""));
}

// ---------------------------------------------------------------------------------------
// Child processes

interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
  /** Highest VmHWM seen while polling /proc (MB): a cross-check of the child's own maxRSS. */
  hwmMB: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

let current: ChildProcess | null = null;

function readHwmMB(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function runProcess(cmd: string, args: string[], timeoutS: number): Promise<ProcessResult> {
  const started = performance.now();
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  current = child;
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  let hwm: number | null = null;
  const poll = setInterval(() => {
    const v = child.pid !== undefined ? readHwmMB(child.pid) : null;
    if (v !== null && (hwm === null || v > hwm)) hwm = v;
  }, 50);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutS * 1000);
  const [code, signal] = (await once(child, "close")) as [number | null, NodeJS.Signals | null];
  clearInterval(poll);
  clearTimeout(timer);
  current = null;
  return { code, signal, wallMs: performance.now() - started, hwmMB: hwm, stdout, stderr, timedOut };
}

interface Measured extends ChildResult {
  wallMs: number;
  hwmMB: number | null;
}

async function runChild(args: string[], timeoutS: number): Promise<Measured> {
  const r = await runProcess(process.execPath, ["--import", "tsx", CHILD, ...args], timeoutS);
  if (r.code !== 0) {
    const why = r.timedOut ? `timed out after ${timeoutS} s` : `exit ${r.code ?? r.signal}`;
    throw new Error(`bench child ${args.slice(0, 1).join(" ")} failed (${why}):\n${r.stderr.trim().split("\n").slice(-15).join("\n")}`);
  }
  const line = r.stdout.trim().split("\n").pop() ?? "";
  const result = JSON.parse(line) as ChildResult;
  return { ...result, wallMs: r.wallMs, hwmMB: r.hwmMB };
}

// ---------------------------------------------------------------------------------------
// Databases: a fresh one per run

interface Target {
  kind: DbKind;
  /** Recreates the database empty and returns its URL (file path for SQLite). */
  fresh(tag: string): Promise<string>;
  cleanup(): Promise<void>;
}

function removeSqlite(file: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });
}

function sqliteTarget(): Target {
  const files = new Set<string>();
  return {
    kind: "sqlite",
    async fresh(tag) {
      const file = join(BENCH_DIR, `ingest-${tag}.db`);
      removeSqlite(file);
      files.add(file);
      return file;
    },
    async cleanup() {
      for (const f of files) removeSqlite(f);
    },
  };
}

function postgresTarget(adminUrl: string): Target {
  const names = new Set<string>();
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  const urlFor = (db: string) => {
    const u = new URL(adminUrl);
    u.pathname = `/${db}`;
    return u.toString();
  };
  return {
    kind: "postgres",
    async fresh(tag) {
      const db = `lambdalens_bench_ingest_${process.pid}_${tag.replace(/[^a-z0-9_]/gi, "_")}`.toLowerCase();
      names.add(db);
      await admin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
        await c.query(`CREATE DATABASE "${db}"`);
      });
      return urlFor(db);
    },
    async cleanup() {
      if (names.size === 0) return;
      await admin(async (c) => {
        for (const db of names) await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      });
      names.clear();
    },
  };
}

// ---------------------------------------------------------------------------------------
// Measurements

interface DbResult {
  kind: DbKind;
  runs: { ingest: Measured; reingest: Measured; baseline: Measured }[];
  best: { ingestMs: number; reingestMs: number; baselineMs: number; baselineInsertMs: number };
  ingestPerS: number;
  reingestPerS: number;
  baselinePerS: number;
  /** ingest time / baseline time, best of each. */
  ratio: number;
  peakRssMB: number;
  baselinePeakRssMB: number;
  checks: string[];
  breakdown?: {
    ingest: Record<string, PhaseTotal>;
    reingest: Record<string, PhaseTotal>;
    ingestMs: number;
    reingestMs: number;
    ingestMemory: Record<string, MemoryPeak>;
  };
}

const best = (xs: Measured[]): Measured => xs.reduce((a, b) => (b.ms < a.ms ? b : a));
const peak = (m: Measured): number => Math.max(m.maxRssMB, m.hwmMB ?? 0);

async function benchDatabase(target: Target, input: BenchInput, batch: number, runs: number, breakdown: boolean, timeoutS: number): Promise<DbResult> {
  const n = input.truth.invocations;
  const label = DB_LABEL[target.kind];
  const results: DbResult["runs"] = [];
  const checks: string[] = [];
  for (let i = 0; i < runs; i++) {
    const url = await target.fresh(`main`);
    process.stderr.write(`bench: ${label} run ${i + 1}/${runs}: ingest...`);
    const ingest = await runChild(["ingest", "--url", url, "--file", input.path], timeoutS);
    process.stderr.write(` ${fmt(ingest.ms / 1000, 1)} s; re-ingest...`);
    const reingest = await runChild(["ingest", "--url", url, "--file", input.path], timeoutS);
    process.stderr.write(` ${fmt(reingest.ms / 1000, 1)} s; baseline...`);
    const baseUrl = await target.fresh("baseline");
    const baseline = await runChild(["baseline", "--url", baseUrl, "--file", input.path, "--batch", String(batch)], timeoutS);
    process.stderr.write(` ${fmt(baseline.ms / 1000, 1)} s\n`);
    if (ingest.stored !== n) checks.push(`run ${i + 1}: ingest stored ${fmt(ingest.stored)} invocations, the generator made ${fmt(n)}`);
    if (reingest.stored !== 0 || reingest.duplicates !== n) checks.push(`run ${i + 1}: re-ingest stored ${fmt(reingest.stored)}, ${fmt(reingest.duplicates)} duplicates (expected 0 and ${fmt(n)})`);
    if (baseline.stored !== n) checks.push(`run ${i + 1}: baseline inserted ${fmt(baseline.stored)} rows for ${fmt(n)} invocations`);
    results.push({ ingest, reingest, baseline });
  }
  let bd: DbResult["breakdown"];
  if (breakdown) {
    const url = await target.fresh("breakdown");
    process.stderr.write(`bench: ${label} instrumented ingest + re-ingest (--breakdown)...\n`);
    const a = await runChild(["ingest", "--url", url, "--file", input.path, "--breakdown"], timeoutS);
    const b = await runChild(["ingest", "--url", url, "--file", input.path, "--breakdown"], timeoutS);
    bd = { ingest: a.breakdown ?? {}, reingest: b.breakdown ?? {}, ingestMs: a.ms, reingestMs: b.ms, ingestMemory: a.memory ?? {} };
  }
  const bi = best(results.map((r) => r.ingest));
  const br = best(results.map((r) => r.reingest));
  const bb = best(results.map((r) => r.baseline));
  return {
    kind: target.kind,
    runs: results,
    best: { ingestMs: bi.ms, reingestMs: br.ms, baselineMs: bb.ms, baselineInsertMs: bb.insertMs ?? 0 },
    ingestPerS: n / (bi.ms / 1000),
    reingestPerS: n / (br.ms / 1000),
    baselinePerS: n / (bb.ms / 1000),
    ratio: bi.ms / bb.ms,
    peakRssMB: Math.max(...results.map((r) => peak(r.ingest))),
    baselinePeakRssMB: Math.max(...results.map((r) => peak(r.baseline))),
    checks,
    ...(bd ? { breakdown: bd } : {}),
  };
}

interface SweepPoint {
  invocations: number;
  /** Lowest peak RSS of the runs (the best), and the highest. */
  peakRssMB: number;
  peakRssMaxMB: number;
  ingestMs: number;
  perS: number;
  /** --breakdown: highest sampled RSS while parsing and writing batches, and during the rollup refresh. */
  phaseRssMB?: { parseWrite: number; refresh: number };
}

function phaseRss(memory: Record<string, MemoryPeak> | undefined): SweepPoint["phaseRssMB"] {
  if (!memory) return undefined;
  return { parseWrite: memory["parse+write"]?.rss ?? 0, refresh: memory.refresh?.rss ?? 0 };
}

// ---------------------------------------------------------------------------------------
// Output

const fmt = (n: number, digits = 0): string => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const verdict = (ok: boolean): string => (ok ? "PASS" : "MISS");
const pad = (s: string, n: number): string => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : " ".repeat(n - s.length) + s);
const secs = (ms: number): string => `${fmt(ms / 1000, 2)} s`;

function table(rows: string[][], right: Set<number>): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) => `  ${r.map((cell, c) => (right.has(c) ? lpad(cell, widths[c]) : pad(cell, widths[c]))).join("  ").trimEnd()}`);
}

function printBreakdown(r: DbResult, n: number): void {
  if (!r.breakdown) return;
  const show = (title: string, b: Record<string, PhaseTotal>, totalMs: number) => {
    const g = (k: string) => b[k]?.ms ?? 0;
    const writeTx = g("write.tx.total");
    const refreshTx = g("refresh.tx.total") + g("refresh.prunedBefore") + g("refresh.firstInvocations");
    const inIngest = g("ingestFile");
    const outside = inIngest - writeTx - refreshTx;
    const rows: [string, number][] = [
      ["parse + batching + prisma bookkeeping (outside any write)", outside],
      ["write: COPY whole new requests straight into invocations (PostgreSQL)", g("write.invocations.copyNew")],
      ["write: COPY the other rows into the stage table (PostgreSQL)", g("write.invocations.copyToStage")],
      ["write: INSERT new invocations (ON CONFLICT DO NOTHING)", g("write.invocations.insertNew")],
      ["write: staged rows not inserted (PostgreSQL, primary-key probes)", g("write.invocations.stagedNotInserted")],
      ["write: conflict lookups (SELECT existing rows)", g("write.invocations.conflictLookup")],
      ["write: merges (INSERT .. DO UPDATE)", g("write.invocations.merge")],
      ["write: functions + environments lookups", g("write.functions") + g("write.environments")],
      ["write: init events", g("write.initEvents")],
      ["write: checkpoint UPDATE", g("write.checkpoint")],
      ["write: BEGIN/COMMIT", g("write.tx.beginCommit")],
      ["write: JS inside the transaction (rows, sort, keys, touched)", g("write.tx.js")],
      ["refresh: read invocations for rollups", g("refresh.rollups.read")],
      ["refresh: compute rollups (JS)", g("refresh.tx.js")],
      ["refresh: write minute_rollups", g("refresh.rollups.write")],
      ["refresh: first invocations of environments", g("refresh.firstInvocations")],
      ["refresh: other (locks, BEGIN/COMMIT, pruned check)", g("refresh.lock") + g("refresh.tx.beginCommit") + g("refresh.prunedBefore")],
      ["open + migrate + close", g("open+migrate") + g("close")],
    ];
    console.log(`  ${title}: ${secs(totalMs)} (${fmt(n / (totalMs / 1000))}/s)`);
    for (const [k, ms] of rows) if (ms > 0.5) console.log(`    ${lpad(secs(ms), 9)} ${lpad(fmt((100 * ms) / totalMs, 1), 5)}%  ${k}`);
  };
  console.log(`\n${DB_LABEL[r.kind]} breakdown (one instrumented run, fresh database; times per statement kind):`);
  show("ingest", r.breakdown.ingest, r.breakdown.ingestMs);
  show("re-ingest", r.breakdown.reingest, r.breakdown.reingestMs);
  const parseMs = r.best.baselineMs - r.best.baselineInsertMs;
  console.log(`  baseline best: ${secs(r.best.baselineMs)} = ${secs(r.best.baselineInsertMs)} in the driver's INSERT/BEGIN/COMMIT + ${secs(parseMs)} parse, batching, row values`);
}

// ---------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      invocations: { type: "string", default: "1000000" },
      runs: { type: "string", default: "2" },
      seed: { type: "string", default: "1" },
      functions: { type: "string", default: "6" },
      sweep: { type: "string", default: "250000,500000" },
      databases: { type: "string", default: "sqlite,postgres" },
      "sweep-databases": { type: "string", default: "sqlite,postgres" },
      "pg-admin-url": { type: "string", default: process.env.BENCH_PG_ADMIN_URL ?? DEFAULT_PG_ADMIN },
      breakdown: { type: "boolean", default: false },
      timeout: { type: "string", default: "1800" },
      regen: { type: "boolean", default: false },
      "generate-only": { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      strict: { type: "boolean", default: false },
    },
  });
  const invocations = Number(values.invocations);
  const runs = Math.max(1, Number(values.runs));
  const seed = Number(values.seed);
  const functions = Number(values.functions);
  const timeoutS = Number(values.timeout);
  const dbs = values.databases.split(",").filter(Boolean) as DbKind[];
  const sweepDbs = (values["sweep-databases"].split(",").filter(Boolean) as DbKind[]).filter((d) => dbs.includes(d));
  const sweepSizes = values.sweep.split(",").filter(Boolean).map(Number).filter((s) => s > 0 && s !== invocations).sort((a, b) => a - b);
  for (const d of [...dbs, ...sweepDbs]) if (d !== "sqlite" && d !== "postgres") throw new Error(`--databases: unknown database '${d}'`);

  const input = await ensureInput(invocations, seed, functions, values.regen);
  const sweepInputs: BenchInput[] = [];
  for (const s of sweepDbs.length > 0 ? sweepSizes : []) sweepInputs.push(await ensureInput(s, seed, functions, values.regen));
  const batch = defaultBatch();

  console.log("lambdalens ingest benchmark");
  console.log(`  input      ${relative(ROOT, input.path)} (lambdalens synth ${synthArgs(invocations, seed, functions).join(" ")})`);
  console.log(`             ${fmt(input.bytes / 1e6, 1)} MB, ${fmt(input.lines)} lines, ${fmt(input.truth.invocations)} invocations; ${input.cached ? "cached" : `generated in ${fmt(input.generatedMs / 1000, 1)} s`}`);
  console.log(`  batch      ${fmt(batch)} records per transaction (DEFAULT_BATCH of lib/pipeline/ingest-file.ts), for ingest and baseline`);
  console.log(`  runs       best of ${runs}, each in a fresh database and its own process (node ${process.version}, ${(await import("node:os")).cpus().length} CPUs)`);
  if (values["generate-only"]) return 0;

  const targets = new Map<DbKind, Target>();
  const targetFor = (k: DbKind): Target => {
    let t = targets.get(k);
    if (!t) targets.set(k, (t = k === "sqlite" ? sqliteTarget() : postgresTarget(values["pg-admin-url"])));
    return t;
  };
  const cleanup = async () => {
    for (const t of targets.values()) {
      if (values.keep && t.kind === "sqlite") continue;
      await t.cleanup().catch((e: unknown) => process.stderr.write(`bench: cleanup of ${t.kind} failed: ${(e as Error).message}\n`));
    }
  };
  const onSignal = (sig: NodeJS.Signals) => {
    process.stderr.write(`\nbench: ${sig}: stopping and cleaning up\n`);
    if (current?.pid !== undefined) current.kill("SIGKILL");
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const results: DbResult[] = [];
  const sweep = new Map<DbKind, SweepPoint[]>();
  const parseRuns: Measured[] = [];
  const startedAt = new Date().toISOString();
  try {
    for (let i = 0; i < runs; i++) {
      process.stderr.write(`bench: parse + batching only (no database) ${i + 1}/${runs}...`);
      parseRuns.push(await runChild(["parse", "--file", input.path, "--batch", String(batch)], timeoutS));
      process.stderr.write(` ${fmt(parseRuns[i].ms / 1000, 1)} s\n`);
    }
    for (const kind of dbs) results.push(await benchDatabase(targetFor(kind), input, batch, runs, values.breakdown, timeoutS));
    for (const kind of sweepDbs) {
      const points: SweepPoint[] = [];
      for (const si of sweepInputs) {
        const ms: Measured[] = [];
        for (let i = 0; i < runs; i++) {
          const url = await targetFor(kind).fresh(`sweep${si.invocations}`);
          process.stderr.write(`bench: ${DB_LABEL[kind]} RSS sweep ${i + 1}/${runs}: ingest of ${fmt(si.invocations)} invocations...`);
          ms.push(await runChild(["ingest", "--url", url, "--file", si.path], timeoutS));
          process.stderr.write(` ${fmt(ms[i].ms / 1000, 1)} s, ${fmt(peak(ms[i]))} MB\n`);
        }
        let phases: SweepPoint["phaseRssMB"];
        if (values.breakdown) {
          const url = await targetFor(kind).fresh(`sweep${si.invocations}`);
          process.stderr.write(`bench: ${DB_LABEL[kind]} RSS sweep: instrumented ingest of ${fmt(si.invocations)} invocations (--breakdown)\n`);
          phases = phaseRss((await runChild(["ingest", "--url", url, "--file", si.path, "--breakdown"], timeoutS)).memory);
        }
        const b = best(ms);
        points.push({ invocations: si.invocations, peakRssMB: Math.min(...ms.map(peak)), peakRssMaxMB: Math.max(...ms.map(peak)), ingestMs: b.ms, perS: si.invocations / (b.ms / 1000), phaseRssMB: phases });
      }
      const main = results.find((r) => r.kind === kind)!;
      const mainPeaks = main.runs.map((r) => peak(r.ingest));
      points.push({ invocations, peakRssMB: Math.min(...mainPeaks), peakRssMaxMB: Math.max(...mainPeaks), ingestMs: main.best.ingestMs, perS: main.ingestPerS, phaseRssMB: phaseRss(main.breakdown?.ingestMemory) });
      sweep.set(kind, points);
    }
  } finally {
    await cleanup();
  }

  // ----- report
  const n = input.truth.invocations;
  const rows: string[][] = [["database", "measure", "invocations/s", "time (best)", "runs", "peak RSS (runs)", "target", "result"]];
  const verdicts: boolean[] = [];
  const runsOf = (xs: Measured[]) => xs.map((m) => fmt(m.ms / 1000, 1)).join(", ") + " s";
  const rssOf = (xs: Measured[]) => xs.map((m) => fmt(peak(m))).join(", ") + " MB";
  const bp = best(parseRuns);
  rows.push(["(none)", "parse + batching only", fmt(n / (bp.ms / 1000)), secs(bp.ms), runsOf(parseRuns), rssOf(parseRuns), "", ""]);
  for (const r of results) {
    const L = DB_LABEL[r.kind];
    const perSTarget = r.kind === "sqlite" ? TARGET_SQLITE_PER_S : TARGET_PG_PER_S;
    const okIngest = r.ingestPerS >= perSTarget;
    const okRe = r.reingestPerS >= r.ingestPerS;
    verdicts.push(okIngest, okRe);
    rows.push([L, "ingest", fmt(r.ingestPerS), secs(r.best.ingestMs), runsOf(r.runs.map((x) => x.ingest)), rssOf(r.runs.map((x) => x.ingest)), `>= ${fmt(perSTarget)}/s`, verdict(okIngest)]);
    rows.push([L, "re-ingest (all duplicates)", fmt(r.reingestPerS), secs(r.best.reingestMs), runsOf(r.runs.map((x) => x.reingest)), rssOf(r.runs.map((x) => x.reingest)), ">= ingest rate", verdict(okRe)]);
    rows.push([L, "bare-driver baseline", fmt(r.baselinePerS), secs(r.best.baselineMs), runsOf(r.runs.map((x) => x.baseline)), rssOf(r.runs.map((x) => x.baseline)), "", ""]);
    if (r.kind === "sqlite") {
      const okRatio = r.ratio <= TARGET_SQLITE_RATIO;
      verdicts.push(okRatio);
      rows.push([L, "ingest time / baseline time", `${fmt(r.ratio, 2)}x`, "", "", "", `<= ${TARGET_SQLITE_RATIO}x`, verdict(okRatio)]);
    } else {
      rows.push([L, "ingest time / baseline time", `${fmt(r.ratio, 2)}x`, "", "", "", "(none)", ""]);
    }
  }
  console.log("");
  for (const l of table(rows, new Set([2, 3, 5]))) console.log(l);

  if (sweep.size > 0) {
    const sizes = [...sweep.values()][0].map((p) => p.invocations);
    const srows: string[][] = [[`peak RSS of the ingest process (best of ${runs})`, ...sizes.map((s) => `${fmt(s / 1000)}k`), "growth", "target", "result"]];
    for (const [kind, points] of sweep) {
      const growth = points[points.length - 1].peakRssMB / points[0].peakRssMB - 1;
      const ok = growth <= TARGET_RSS_GROWTH;
      verdicts.push(ok);
      srows.push([DB_LABEL[kind], ...points.map((p) => `${fmt(p.peakRssMB)} MB`), `${growth >= 0 ? "+" : ""}${fmt(growth * 100, 0)}%`, `<= +${TARGET_RSS_GROWTH * 100}% (${fmt(sizes[0] / 1000)}k to ${fmt(sizes[sizes.length - 1] / 1000)}k)`, verdict(ok)]);
      srows.push(["  highest of the runs", ...points.map((p) => `${fmt(p.peakRssMaxMB)} MB`), "", "", ""]);
      if (points.every((p) => p.phaseRssMB)) {
        srows.push(["  RSS while parsing + writing", ...points.map((p) => `${fmt(p.phaseRssMB!.parseWrite)} MB`), "", "", ""]);
        srows.push(["  RSS during the rollup refresh", ...points.map((p) => `${fmt(p.phaseRssMB!.refresh)} MB`), "", "", ""]);
      }
      srows.push(["  invocations/s", ...points.map((p) => fmt(p.perS)), "", "", ""]);
    }
    console.log("");
    for (const l of table(srows, new Set(sizes.map((_, i) => i + 1)))) console.log(l);
  }

  const allChecks = results.flatMap((r) => r.checks.map((c) => `${DB_LABEL[r.kind]}: ${c}`));
  console.log(`\n  counts     ${allChecks.length === 0 ? `every ingest stored ${fmt(n)} invocations, every re-ingest found ${fmt(n)} duplicates, every baseline inserted ${fmt(n)} rows` : "MISMATCH"}`);
  for (const c of allChecks) console.log(`    ${c}`);
  for (const r of results) printBreakdown(r, n);

  const json = {
    startedAt,
    finishedAt: new Date().toISOString(),
    node: process.version,
    input: { path: relative(ROOT, input.path), synth: synthArgs(invocations, seed, functions), bytes: input.bytes, lines: input.lines, invocations: n },
    batchRecords: batch,
    runs,
    parseOnly: { perS: Math.round(n / (bp.ms / 1000)), bestMs: bp.ms, runs: parseRuns },
    targets: { sqlitePerS: TARGET_SQLITE_PER_S, sqliteRatio: TARGET_SQLITE_RATIO, postgresPerS: TARGET_PG_PER_S, rssGrowth: TARGET_RSS_GROWTH, reingestAtLeastIngest: true },
    databases: Object.fromEntries(
      results.map((r) => [
        r.kind,
        {
          ingestPerS: Math.round(r.ingestPerS),
          reingestPerS: Math.round(r.reingestPerS),
          baselinePerS: Math.round(r.baselinePerS),
          ratio: Math.round(r.ratio * 1000) / 1000,
          peakRssMB: Math.round(r.peakRssMB),
          baselinePeakRssMB: Math.round(r.baselinePeakRssMB),
          best: r.best,
          pass: {
            ingest: r.ingestPerS >= (r.kind === "sqlite" ? TARGET_SQLITE_PER_S : TARGET_PG_PER_S),
            reingest: r.reingestPerS >= r.ingestPerS,
            ...(r.kind === "sqlite" ? { ratio: r.ratio <= TARGET_SQLITE_RATIO } : {}),
          },
          runs: r.runs,
          checks: r.checks,
          breakdown: r.breakdown ?? null,
        },
      ]),
    ),
    rssSweep: Object.fromEntries([...sweep].map(([k, points]) => [k, points])),
    allPass: verdicts.every(Boolean) && allChecks.length === 0,
  };
  await writeFile(RESULTS, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\n  results    ${relative(ROOT, RESULTS)}`);
  return values.strict && !json.allPass ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
