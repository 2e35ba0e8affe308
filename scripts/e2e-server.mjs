// Starts one dashboard for the browser tests on a fresh, local database seeded with a
// synthetic fleet (the last 24 hours), then runs `next start` on it until stopped.
//   node scripts/e2e-server.mjs DATABASE PORT [--empty]
// DATABASE: a SQLite file (removed first) or postgresql://...@127.0.0.1/NAME (dropped and
// created again; only a local server). Needs a production build (next build).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const [url, port, flag] = process.argv.slice(2);
if (!url || !port) {
  console.error("usage: node scripts/e2e-server.mjs DATABASE PORT");
  process.exit(2);
}
const kind = /^postgres(ql)?:/.test(url) ? "postgres" : "sqlite";
if (!existsSync(join(ROOT, ".next", "BUILD_ID"))) {
  console.error("e2e-server: no production build; run `npx next build` first (npm test does)");
  process.exit(1);
}

if (kind === "sqlite") {
  mkdirSync(dirname(url), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) rmSync(url + suffix, { force: true });
} else {
  const host = new URL(url).hostname;
  if (host !== "127.0.0.1" && host !== "localhost") throw new Error(`refusing to run browser tests against a non-local database (${host})`);
  const db = new URL(url).pathname.slice(1);
  for (const sql of [`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`, `CREATE DATABASE "${db}"`]) {
    const r = spawnSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql], { stdio: "inherit" });
    if (r.status !== 0) process.exit(1);
  }
}

const env = { ...process.env, DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: "1" };
const cli = (args) => {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "lambdalens.js"), ...args], { env, stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (flag === "--empty") cli(["migrate"]);
else {
  const seed = join(ROOT, "test-results", "e2e", `fleet-${port}.gz`);
  mkdirSync(dirname(seed), { recursive: true });
  const start = new Date(Math.floor((Date.now() - 86_400_000) / 3_600_000) * 3_600_000).toISOString();
  cli(["synth", "--invocations", "20000", "--functions", "4", "--seed", "3", "--start", start, "--hours", "24", "--format", "firehose", "--out", seed]);
  cli(["ingest", "--no-progress", seed]);
}

const next = spawn(join(ROOT, "node_modules", ".bin", "next"), ["start", "-H", "127.0.0.1", "-p", port], { cwd: ROOT, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => next.kill(signal));
next.on("exit", (code) => process.exit(code ?? 0));
