// `npm run bench:live`: the lag from an invocation becoming readable in (the project's
// fake) CloudWatch Logs to `report` showing it, with `lambdalens ingest --cloudwatch
// --follow 2` running as it would in production (its own process, the real clock).
//
//   npm run bench:live -- [--seconds 60] [--follow 2] [--database sqlite|postgres]
//                         [--runs default,minimal,minimal-skewed] [--pg-admin-url URL]
//
// Invocations come in waves every 5-7 s, spread over 6 log streams. Every event of a wave
// becomes readable at the same instant V, its timestamp 0-3 s earlier by its stream's own
// skew (the late, out-of-order arrival that made followers lose events). A wave's lag is
// the first time the report (reportFromStore, which `report --json` prints, on its own
// connection, every 100 ms) counts all of it, minus V. Runs:
//   default         --latency 5m (the default), skewed streams
//   minimal         --latency 0, every event on time (skew 0): what the window costs
//   minimal-skewed  --latency 0, skewed streams: what it loses without the window
// Not a test: figures depend on the machine; nothing asserts on them.

import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { openStore, type Store } from "../lib/store/store";
import { reportFromStore } from "../lib/store/report";
import { FakeAws } from "../tests/fakes/aws-endpoint";
import { reportLine, seeded, streamName } from "../tests/fakes/live-traffic";

const ROOT = resolve(import.meta.dirname, "..");
const BENCH_DIR = join(ROOT, ".bench");
const GROUP = "/aws/lambda/bench-live";
const STREAMS = 6;
const WAVE_EVERY_MS = 5000;
const PER_WAVE = 24;
const SKEW_MS = 3000;

interface Run {
  name: string;
  latency: string;
  skewMs: number;
}
const RUNS: Record<string, Run> = {
  default: { name: "default", latency: "5m", skewMs: SKEW_MS },
  minimal: { name: "minimal", latency: "0", skewMs: 0 },
  "minimal-skewed": { name: "minimal-skewed", latency: "0", skewMs: SKEW_MS },
};

interface Wave {
  visibleAt: number;
  invocations: number;
  shownAt: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function database(kind: string, adminUrl: string, tag: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === "sqlite") {
    mkdirSync(BENCH_DIR, { recursive: true });
    const file = join(BENCH_DIR, `live-${tag}.db`);
    const drop = async () => {
      for (const s of ["", "-wal", "-shm"]) rmSync(file + s, { force: true });
    };
    await drop();
    return { url: file, drop };
  }
  const name = `lambdalens_bench_live_${process.pid}_${tag.replace(/\W/g, "_")}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  await admin(`CREATE DATABASE "${name}"`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function shownInvocations(store: Store): Promise<number> {
  const r = await reportFromStore(store.sql, { since: null, until: null });
  return r.functions.reduce((a, f) => a + f.invocations, 0);
}

async function benchRun(run: Run, o: { seconds: number; follow: number; kind: string; adminUrl: string }) {
  const fake = new FakeAws({ pageSize: 10_000, leadingEmptyPage: false, emptyPageEvery: 0 });
  const server = await fake.start();
  const db = await database(o.kind, o.adminUrl, run.name);
  const rand = seeded(11);
  const skews = Array.from({ length: STREAMS }, () => Math.round(rand() * run.skewMs));
  fake.createLogGroup(GROUP);
  let follower: ChildProcess | null = null;
  let store: Store | null = null;
  let stderr = "";
  try {
    // the follower, as a user runs it
    follower = spawn(process.execPath, ["bin/lambdalens.js", "ingest", "--cloudwatch", "--endpoint", server.url, "--function", "bench-live", "--since", "10m", "--follow", String(o.follow), "--latency", run.latency], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: db.url, AWS_ACCESS_KEY_ID: "bench", AWS_SECRET_ACCESS_KEY: "bench", AWS_REGION: "us-east-1" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    follower.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    // its first poll has run once it has listed the log groups
    while (fake.count("FilterLogEvents") === 0) {
      if (follower.exitCode !== null) throw new Error(`the follower exited: ${stderr}`);
      await sleep(50);
    }
    store = await openStore({ url: db.url, migrate: false });

    const waves: Wave[] = [];
    let request = 0;
    const waveCount = Math.floor((o.seconds * 1000) / (WAVE_EVERY_MS + 1000));
    let nextWave = Date.now() + 500;
    let total = 0;
    const deadline = () => nextWave + 30_000;
    for (;;) {
      const now = Date.now();
      if (waves.length < waveCount && now >= nextWave) {
        const visibleAt = now;
        for (let i = 0; i < PER_WAVE; i++) {
          const s = i % STREAMS;
          const id = `00000000-0000-4000-8000-${String(++request).padStart(12, "0")}`;
          fake.addEvents(GROUP, streamName(s), [{ timestamp: visibleAt - skews[s], message: reportLine(id), ingestionTime: visibleAt }]);
        }
        waves.push({ visibleAt, invocations: PER_WAVE, shownAt: null });
        // waves land at every phase of the follower's polls, not always the same two
        nextWave += WAVE_EVERY_MS + Math.round(rand() * 2000);
      }
      const shown = await shownInvocations(store);
      const at = Date.now();
      let cumulative = 0;
      for (const w of waves) {
        cumulative += w.invocations;
        if (w.shownAt === null && shown >= cumulative) w.shownAt = at;
      }
      total = shown;
      const allWritten = waves.length === waveCount;
      if (allWritten && waves.every((w) => w.shownAt !== null)) break;
      if (allWritten && Date.now() > deadline()) break;
      await sleep(100);
    }
    const written = waves.reduce((a, w) => a + w.invocations, 0);
    // with events lost, counts of later waves make up for earlier ones: no lag can be read off
    const lags = total < written ? [] : waves.map((w) => (w.shownAt! - w.visibleAt) / 1000).sort((a, b) => a - b);
    return {
      run,
      lags,
      written,
      shown: total,
      polls: fake.count("FilterLogEvents"),
      eventsServed: fake.eventsServed,
    };
  } finally {
    follower?.kill("SIGTERM");
    if (follower && follower.exitCode === null) await new Promise((r) => follower!.once("exit", r));
    await store?.close();
    await server.close();
    await db.drop();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seconds: { type: "string", default: "60" },
      follow: { type: "string", default: "2" },
      database: { type: "string", default: "sqlite" },
      runs: { type: "string", default: "default,minimal,minimal-skewed" },
      "pg-admin-url": { type: "string", default: process.env.BENCH_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
    },
  });
  const runs = values.runs.split(",").map((r) => {
    const run = RUNS[r];
    if (!run) throw new Error(`--runs: unknown run '${r}' (${Object.keys(RUNS).join(", ")})`);
    return run;
  });
  const o = { seconds: Number(values.seconds), follow: Number(values.follow), kind: values.database, adminUrl: values["pg-admin-url"] };
  console.log("lambdalens live lag benchmark");
  console.log(`  follower   lambdalens ingest --cloudwatch --follow ${o.follow}, into ${o.kind} (node ${process.version}, ${cpus().length} CPUs)`);
  console.log(`  traffic    ${PER_WAVE} invocations every ${WAVE_EVERY_MS / 1000}-${WAVE_EVERY_MS / 1000 + 2} s over ${STREAMS} streams for ${o.seconds} s; lag = report shows a wave - the wave became readable`);
  console.log("");
  console.log("  run             latency  skew     lag p50   lag p95   lag max   shown/written   requests  events read per event");
  for (const run of runs) {
    process.stderr.write(`bench: ${run.name}...\n`);
    const r = await benchRun(run, o);
    const f = (v: number | undefined) => (v === undefined ? "      -" : `${v.toFixed(1).padStart(6)} s`);
    console.log(
      `  ${run.name.padEnd(15)} ${run.latency.padEnd(8)} ${`0-${run.skewMs / 1000} s`.padEnd(8)} ${f(percentile(r.lags, 50))}  ${f(percentile(r.lags, 95))}  ${f(r.lags[r.lags.length - 1])}   ${`${r.shown}/${r.written}`.padEnd(14)}  ${String(r.polls).padStart(8)}  ${(r.eventsServed / r.written).toFixed(1).padStart(8)}`,
    );
  }
  console.log("");
  console.log("  target: lag under 10 s at --follow 2; a run that loses events has no lag to show");
  return 0;
}

process.exitCode = await main();
