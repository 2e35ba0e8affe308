// `npm run bench:analyze`: times `lambdalens analyze` on a deterministic S3-style export of
// 1,000,000 invocations (generated once, cached in .bench/) and compares it with grep.
//
//   npm run bench:analyze -- [--invocations N] [--runs N] [--seed N] [--functions N]
//                            [--regen] [--generate-only] [--strict]

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { SYNTH_VERSION, formatChunks, synthesize, type SynthOptions, type TruthCounters } from "../lib/synth/index";
import { runIfMain } from "./run-main";

const ROOT = resolve(import.meta.dirname, "..");
const BENCH_DIR = join(ROOT, ".bench");
const TARGET_LINES_PER_S = 1.5e6;
const TARGET_RSS_MB = 400;
const TARGET_GREP_RATIO = 10;

export interface BenchInput {
  path: string;
  bytes: number;
  lines: number;
  truth: TruthCounters;
  generatedMs: number;
  cached: boolean;
}

interface RunResult {
  code: number | null;
  wallMs: number;
  /** VmHWM of the child read from /proc while it ran, MB (null where /proc is missing). */
  hwmMB: number | null;
  stdout: string;
  stderr: string;
}

/** The bench input's generator options: START, one app line, END, REPORT per invocation. */
export function benchSynthOptions(invocations: number, seed: number, functions: number): SynthOptions {
  return { invocations, seed, functions, hours: 24, appLines: 1, extras: false };
}

export function benchCacheKey(options: SynthOptions): string {
  const key = JSON.stringify({ synth: SYNTH_VERSION, format: "s3", options });
  return createHash("sha256").update(key).digest("hex").slice(0, 16);
}

/** Generates (or reuses) the cached S3-style export for these options. */
export async function ensureBenchInput(options: SynthOptions, dir = BENCH_DIR, regen = false): Promise<BenchInput> {
  await mkdir(dir, { recursive: true });
  const key = benchCacheKey(options);
  const path = join(dir, `s3-export-${options.invocations}-${key}.log`);
  const metaPath = `${path}.meta.json`;
  if (!regen && existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(await readFile(metaPath, "utf8")) as Omit<BenchInput, "cached" | "path">;
    return { ...meta, path, cached: true };
  }
  const started = performance.now();
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  const run = synthesize(options);
  let bytes = 0;
  let lines = 0;
  for (const chunk of formatChunks("s3", run.events())) {
    const text = chunk as string;
    bytes += Buffer.byteLength(text);
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines++;
    if (!out.write(text)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  await rename(partial, path);
  const meta = { bytes, lines, truth: run.truth().totals, generatedMs: Math.round(performance.now() - started) };
  await writeFile(metaPath, `${JSON.stringify({ ...meta, options }, null, 2)}\n`);
  return { ...meta, path, cached: false };
}

function readHwmMB(pid: number): number | null {
  try {
    // Synchronous read keeps the poll simple; /proc reads are cheap.
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function timeCommand(cmd: string, args: string[], keepStdout: boolean): Promise<RunResult> {
  const started = performance.now();
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ["ignore", keepStdout ? "pipe" : "ignore", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  let hwm: number | null = null;
  const poll = setInterval(() => {
    const v = child.pid !== undefined ? readHwmMB(child.pid) : null;
    if (v !== null && (hwm === null || v > hwm)) hwm = v;
  }, 20);
  const [code] = (await once(child, "close")) as [number | null];
  clearInterval(poll);
  return { code, wallMs: performance.now() - started, hwmMB: hwm, stdout, stderr };
}

interface Stats {
  wallMs: number;
  maxRssMB: number;
  bytes: number;
  lines: number;
}

function parseStats(stderr: string): Stats | null {
  const lines = stderr.trim().split("\n").reverse();
  for (const line of lines) {
    try {
      const v = JSON.parse(line) as Partial<Stats>;
      if (typeof v.wallMs === "number") return v as Stats;
    } catch {
      // not the stats line
    }
  }
  return null;
}

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mark = (ok: boolean): string => (ok ? "ok" : "MISSED");

interface AnalyzeJson {
  functions?: { invocations?: number; coldStarts?: number; snapStartRestores?: number; timeouts?: number }[];
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      invocations: { type: "string", default: "1000000" },
      // best of 5 (every run is printed): a shared VM's speed drifts by tens of percent within minutes
      runs: { type: "string", default: "5" },
      seed: { type: "string", default: "1" },
      functions: { type: "string", default: "6" },
      regen: { type: "boolean", default: false },
      "generate-only": { type: "boolean", default: false },
      strict: { type: "boolean", default: false },
    },
  });
  const invocations = Number(values.invocations);
  const runs = Math.max(1, Number(values.runs));
  const options = benchSynthOptions(invocations, Number(values.seed), Number(values.functions));

  process.stderr.write(`bench: preparing ${fmt(invocations)} invocations (seed ${options.seed})...\n`);
  const input = await ensureBenchInput(options, BENCH_DIR, values.regen);
  const mb = input.bytes / 1e6;
  console.log("lambdalens analyze benchmark");
  console.log(`  input       ${input.path}`);
  console.log(`              ${fmt(mb, 1)} MB, ${fmt(input.lines)} lines, ${fmt(input.truth.invocations)} invocations, ${fmt(input.truth.coldStarts)} cold starts`);
  console.log(`  generated   ${input.cached ? "cached" : "now"}, in ${fmt(input.generatedMs / 1000, 1)} s`);
  if (values["generate-only"]) return 0;

  const grepRuns: RunResult[] = [];
  for (let i = 0; i < runs; i++) grepRuns.push(await timeCommand("grep", ["-c", "REPORT", input.path], true));
  const grepBest = Math.min(...grepRuns.map((r) => r.wallMs));
  console.log(`  grep -c     best ${fmt(grepBest / 1000, 2)} s of ${runs} (count ${grepRuns[0]?.stdout.trim()})`);

  const analyzeRuns: RunResult[] = [];
  for (let i = 0; i < runs; i++) {
    process.stderr.write(`bench: analyze run ${i + 1}/${runs}...\n`);
    const r = await timeCommand(process.execPath, ["bin/lambdalens.js", "analyze", "--json", "--stats", "--no-progress", input.path], i === 0);
    analyzeRuns.push(r);
    if (r.code !== 0) {
      console.log(`  analyze     FAILED (exit ${r.code}) after ${fmt(r.wallMs / 1000, 2)} s`);
      console.log(r.stderr.split("\n").slice(-15).map((l) => `    ${l}`).join("\n"));
      return 1;
    }
  }
  const best = analyzeRuns.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
  const stats = analyzeRuns.map((r) => parseStats(r.stderr));
  const selfBest = Math.min(...stats.map((s) => s?.wallMs ?? Number.POSITIVE_INFINITY));
  const rssStats = Math.max(...stats.map((s) => s?.maxRssMB ?? 0));
  const rssHwm = Math.max(...analyzeRuns.map((r) => r.hwmMB ?? 0));
  const linesPerS = input.lines / (best.wallMs / 1000);
  const ratio = best.wallMs / grepBest;
  const peakRss = Math.max(rssStats, rssHwm);

  console.log(`  analyze     best ${fmt(best.wallMs / 1000, 2)} s of ${runs} (runs: ${analyzeRuns.map((r) => fmt(r.wallMs / 1000, 2)).join(", ")} s; --stats wallMs best ${Number.isFinite(selfBest) ? fmt(selfBest) : "n/a"})`);
  console.log(`  lines/s     ${fmt(linesPerS / 1e6, 2)} M/s      target >= ${TARGET_LINES_PER_S / 1e6} M/s   ${mark(linesPerS >= TARGET_LINES_PER_S)}`);
  console.log(`  MB/s        ${fmt(mb / (best.wallMs / 1000), 1)}`);
  console.log(`  peak RSS    ${rssStats ? `${fmt(rssStats)} MB (--stats)` : "n/a (--stats)"}, ${rssHwm ? `${fmt(rssHwm)} MB (VmHWM)` : "n/a (VmHWM)"}   target < ${TARGET_RSS_MB} MB   ${mark(peakRss > 0 && peakRss < TARGET_RSS_MB)}`);
  console.log(`  vs grep     ${fmt(ratio, 1)}x grep -c          target <= ${TARGET_GREP_RATIO}x        ${mark(ratio <= TARGET_GREP_RATIO)}`);

  // Not a target, a sanity check: analyze should count what the generator made.
  let countsOk = true;
  try {
    const result = JSON.parse(analyzeRuns[0]!.stdout) as AnalyzeJson;
    const sum = (k: "invocations" | "coldStarts" | "snapStartRestores" | "timeouts"): number =>
      (result.functions ?? []).reduce((a, f) => a + (f[k] ?? 0), 0);
    const checks = (["invocations", "coldStarts", "snapStartRestores", "timeouts"] as const).map((k) => {
      const ok = sum(k) === input.truth[k];
      countsOk &&= ok;
      return `${k} ${fmt(sum(k))}${ok ? "" : ` (truth ${fmt(input.truth[k])})`}`;
    });
    console.log(`  counts      ${checks.join(", ")}   ${countsOk ? "match the generator's truth" : "MISMATCH"}`);
  } catch {
    countsOk = false;
    console.log("  counts      analyze --json output was not JSON");
  }
  const allOk = linesPerS >= TARGET_LINES_PER_S && peakRss < TARGET_RSS_MB && ratio <= TARGET_GREP_RATIO && countsOk;
  return values.strict && !allOk ? 1 : 0;
}

runIfMain(import.meta.filename, main);
