// `npm run bench:dashboard`: the dashboard's speed on a large database.
//
// Once (cached under .bench/): `lambdalens synth` writes 10,000,000 invocations over 30
// days for 200 functions as one Firehose export, and `lambdalens ingest` stores it in a
// SQLite file and in a local PostgreSQL database. Then, for each database, a production
// server (`next start`) answers the fleet and function endpoints for the 1 h, 24 h, 7 d
// and 30 d ranges (anchored at the data's end, widened to whole buckets as the range
// picker's presets are), and Chromium opens function pages until all their charts drew.
// It prints p50/p95 and writes .bench/dashboard-results.json.
//
//   npm run bench:dashboard -- [--invocations N] [--databases sqlite,postgres]
//                              [--requests N] [--pages N] [--port P] [--reingest]
//
// Server time is measured at the client over loopback, request by request (no
// concurrency), after one warm-up request per endpoint and range.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { bucketFor } from "../lib/metrics/buckets";
import { DAY_MS, HOUR_MS } from "../lib/metrics/rollup-period";

const ROOT = resolve(import.meta.dirname, "..");
const BENCH = join(ROOT, ".bench");
const CLI = join(ROOT, "bin", "lambdalens.js");
const PG_DB = "lambdalens_bench_dashboard";
const TARGETS = { functionP95Ms: 100, fleetP95Ms: 200, pageDrawnMs: 1500 };
const RANGES = { "1h": HOUR_MS, "24h": DAY_MS, "7d": 7 * DAY_MS, "30d": 30 * DAY_MS } as const;
type RangeName = keyof typeof RANGES;
type Db = "sqlite" | "postgres";

const { values: opts } = parseArgs({
  options: {
    invocations: { type: "string", default: "10000000" },
    databases: { type: "string", default: "sqlite,postgres" },
    requests: { type: "string", default: "20" },
    pages: { type: "string", default: "5" },
    port: { type: "string", default: "3600" },
    reingest: { type: "boolean", default: false },
  },
});
const INVOCATIONS = Number(opts.invocations);
const REQUESTS = Number(opts.requests);
const PAGES = Number(opts.pages);
const dbs = opts.databases!.split(",") as Db[];

function run(args: string[], env: Record<string, string> = {}): void {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed (exit ${r.status})`);
}

// ---- input and databases, cached ------------------------------------------------------

const START = "2026-10-31T00:00:00Z";
const inputPath = join(BENCH, `dashboard-${INVOCATIONS}.firehose.gz`);
function ensureInput(): void {
  if (existsSync(inputPath)) return;
  mkdirSync(BENCH, { recursive: true });
  console.log(`generating ${INVOCATIONS} invocations, 200 functions, 30 days → ${inputPath}`);
  const partial = `${inputPath}.partial`;
  run([CLI, "synth", "--invocations", String(INVOCATIONS), "--functions", "200", "--hours", "720", "--start", START,
    "--format", "firehose", "--app-lines", "0", "--seed", "7", "--out", partial]);
  rmSync(inputPath, { force: true });
  spawnSync("mv", [partial, inputPath]);
}

function dbUrl(db: Db): string {
  return db === "sqlite" ? join(BENCH, `dashboard-${INVOCATIONS}.db`) : `postgresql://postgres@127.0.0.1:5432/${PG_DB}_${INVOCATIONS}`;
}

function ensureDatabase(db: Db): { ingestS: number | null } {
  const marker = join(BENCH, `dashboard-${INVOCATIONS}-${db}.ingested.json`);
  if (!opts.reingest && existsSync(marker)) return JSON.parse(readFileSync(marker, "utf8"));
  const url = dbUrl(db);
  if (db === "sqlite") for (const s of ["", "-wal", "-shm"]) rmSync(url + s, { force: true });
  else {
    const name = new URL(url).pathname.slice(1);
    for (const sql of [`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, `CREATE DATABASE "${name}"`]) {
      const r = spawnSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql], { stdio: "inherit" });
      if (r.status !== 0) throw new Error(`psql: ${sql} failed`);
    }
  }
  console.log(`ingesting into ${db} (${url}); this happens once`);
  const t0 = performance.now();
  run([CLI, "ingest", "--no-progress", inputPath], { DATABASE_URL: url });
  const result = { ingestS: (performance.now() - t0) / 1000 };
  writeFileSync(marker, JSON.stringify(result));
  return result;
}

// ---- measuring -------------------------------------------------------------------------

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
const round = (x: number) => Math.round(x * 10) / 10;
const stats = (xs: number[]) => ({ p50: round(pct(xs, 50)), p95: round(pct(xs, 95)), n: xs.length });

/** The range picker's preset for `name`, as if "now" were the data's last event. */
function rangeQuery(name: RangeName, lastMs: number): string {
  const span = RANGES[name];
  const bucket = bucketFor(span);
  const until = Math.floor(lastMs / bucket) * bucket + bucket;
  const since = until - span - bucket;
  return `from=${new Date(since).toISOString()}&to=${new Date(until).toISOString()}`;
}

async function timed(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return performance.now() - t0;
}

async function startServer(db: Db, port: number): Promise<ChildProcess> {
  const child = spawn(join(ROOT, "node_modules", ".bin", "next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT, env: { ...process.env, DATABASE_URL: dbUrl(db), NEXT_TELEMETRY_DISABLED: "1", LAMBDALENS_ALERTS_POLL: "1h" }, stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 120; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/api/fleet?range=1h`)).status < 500) return child; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill();
  throw new Error(`the server on port ${port} did not start`);
}

async function benchDb(db: Db, port: number) {
  const ingest = ensureDatabase(db);
  const server = await startServer(db, port);
  const base = `http://127.0.0.1:${port}`;
  try {
    const all = (await (await fetch(`${base}/api/fleet?range=all`)).json()) as { functions: { name: string; invocations: number }[]; dataWindow: { last: string } };
    const last = Date.parse(all.dataWindow.last);
    const byLoad = [...all.functions].sort((a, b) => b.invocations - a.invocations);
    // the busiest, the median and the quietest function, and others spread between
    const sample = Array.from({ length: 10 }, (_, i) => byLoad[Math.round((i * (byLoad.length - 1)) / 9)]!.name);
    const api: Record<string, { fleet: ReturnType<typeof stats>; function: ReturnType<typeof stats> }> = {};
    for (const r of Object.keys(RANGES) as RangeName[]) {
      const q = rangeQuery(r, last);
      const fleetUrl = `${base}/api/fleet?${q}`;
      await timed(fleetUrl);
      const fleet: number[] = [];
      for (let i = 0; i < REQUESTS; i++) fleet.push(await timed(fleetUrl));
      const fn: number[] = [];
      for (const name of sample) {
        const url = `${base}/api/functions/${encodeURIComponent(name)}?${q}`;
        await timed(url);
        for (let i = 0; i < Math.max(2, Math.round(REQUESTS / 5)); i++) fn.push(await timed(url));
      }
      api[r] = { fleet: stats(fleet), function: stats(fn) };
      console.log(`${db} ${r.padStart(3)}: fleet p50 ${api[r].fleet.p50} ms p95 ${api[r].fleet.p95} ms; function p50 ${api[r].function.p50} ms p95 ${api[r].function.p95} ms`);
    }

    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
    const pages: Record<string, ReturnType<typeof stats>> = {};
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      for (const r of ["24h", "30d"] as RangeName[]) {
        const q = rangeQuery(r, last);
        const times: number[] = [];
        for (let i = 0; i <= PAGES; i++) {
          const name = sample[i % sample.length]!;
          const t0 = performance.now();
          await page.goto(`${base}/functions/${encodeURIComponent(name)}?${q}`, { waitUntil: "commit" });
          await page.waitForFunction(() => {
            const boxes = [...document.querySelectorAll("[data-chart-id]")];
            return boxes.length > 0 && boxes.every((b) => b.getAttribute("data-loading-state") !== "loading");
          }, undefined, { timeout: 60_000, polling: 20 });
          if (i > 0) times.push(performance.now() - t0); // the first page load warms the server
        }
        pages[r] = stats(times);
        console.log(`${db} ${r.padStart(3)}: function page, all charts drawn: p50 ${pages[r].p50} ms p95 ${pages[r].p95} ms`);
      }
    } finally {
      await browser.close();
    }
    return { database: db, ingestSeconds: ingest.ingestS, functions: all.functions.length, api, pageDrawn: pages };
  } finally {
    server.kill("SIGTERM");
  }
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, ".next", "BUILD_ID"))) run([join(ROOT, "node_modules", "next", "dist", "bin", "next"), "build"], { NEXT_TELEMETRY_DISABLED: "1" });
  ensureInput();
  const results = [];
  let port = Number(opts.port);
  for (const db of dbs) results.push(await benchDb(db, port++));
  const met = results.map((r) => ({
    database: r.database,
    functionP95: Object.values(r.api).every((a) => a.function.p95 < TARGETS.functionP95Ms),
    fleetP95: Object.values(r.api).every((a) => a.fleet.p95 < TARGETS.fleetP95Ms),
    pageDrawn: Object.values(r.pageDrawn).every((p) => p.p95 < TARGETS.pageDrawnMs),
  }));
  console.log("targets met:", JSON.stringify(met));
  writeFileSync(join(BENCH, "dashboard-results.json"), JSON.stringify({ at: new Date().toISOString(), invocations: INVOCATIONS, targets: TARGETS, results, met }, null, 2));
}

main().catch((e: Error) => {
  console.error(`bench:dashboard: ${e.message}`);
  process.exit(1);
});
