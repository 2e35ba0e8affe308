// `npm run fuzz`: seeded mutation fuzzing of every reader. Each input is a real sample
// (../shared/fixtures/public and field) mutated one to four times (lib/synth/mutate.ts),
// read the way analyze reads it and the way ingest and report do (batches, minute
// rollups, summaries), in pieces of a random size. A run fails on an exception, a figure
// that is not a finite number or null, an input that takes over HANG_MS, or memory over
// MAX_RSS_MB. Failing inputs are written to .fuzz/ with how they were made.
//
//   npm run fuzz -- [--inputs N] [--seed N]

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseSource } from "../lib/parse/parse-source";
import { ParseStats } from "../lib/parse/stats";
import type { PlatformRecord } from "../lib/parse/types";
import { FleetData } from "../lib/metrics/collector";
import { summarize, summarizeAggregates, type FleetSummary } from "../lib/metrics/summary";
import { computeMinuteRollups, MINUTE_MS, type StoredInvocation } from "../lib/metrics/minute-rollups";
import { aggregatePeriods, periodFromMinute } from "../lib/metrics/rollup-period";
import { countInits } from "../lib/metrics/inits";
import { beginOf, IngestBatch } from "../lib/store/ingest/batch";
import { mutate } from "../lib/synth/mutate";
import { Rng } from "../lib/synth/random";
import { runIfMain } from "./run-main";

const ROOT = resolve(import.meta.dirname, "..");
const SAMPLE_DIRS = ["public", "field"].map((d) => join(ROOT, "../shared/fixtures", d));
export const MAX_RSS_MB = 500;
const HANG_MS = 10_000;

export interface Sample {
  name: string;
  bytes: Buffer;
}

/** The real samples both fixture sets hold. */
export function sampleInputs(): Sample[] {
  return SAMPLE_DIRS.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f !== "EXPECTED.json" && f !== "SOURCES.md")
      .sort()
      .map((f) => ({ name: f, bytes: readFileSync(join(dir, f)) })),
  );
}

async function* inPieces(b: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

/** What analyze and report make of one input. */
export interface Reading {
  analyze: FleetSummary;
  report: FleetSummary;
  stats: ParseStats;
}

/** Reads an input as analyze does, and as ingest then report do (without a database). */
export async function readEveryWay(bytes: Buffer, name: string, pieceSize: number): Promise<Reading> {
  const stats = new ParseStats();
  const records: PlatformRecord[] = [];
  for await (const batch of parseSource(inPieces(bytes, pieceSize), { source: name, defaultFunction: "fuzz" }, stats)) records.push(...batch);
  const fleet = new FleetData();
  fleet.addAll(records);
  return { analyze: summarize(fleet), report: reportOf(records), stats };
}

/** The records through an ingest batch, minute rollups and their aggregate, as report sees them. */
function reportOf(records: PlatformRecord[]): FleetSummary {
  const batch = new IngestBatch();
  for (const r of records) batch.add(r);
  const byFunction = new Map<string, StoredInvocation[]>();
  let first = Infinity;
  let last = -Infinity;
  for (const row of batch.invocations.values()) {
    const stored: StoredInvocation = { ...row, beginTs: beginOf(row) };
    byFunction.set(row.fn, [...(byFunction.get(row.fn) ?? []), stored]);
    for (const t of [row.startTs, row.reportTs]) {
      if (t !== null && t < first) first = t;
      if (t !== null && t > last) last = t;
    }
  }
  const noInits = countInits({ environments: [], virtualColdStarts: [], virtualLastStart: -Infinity, initReportStatuses: [] });
  const aggregates = [...byFunction].map(([fn, rows]) => {
    const timed = rows.filter((r) => r.beginTs !== null);
    const begins = timed.map((r) => r.beginTs!);
    const from = begins.length > 0 ? Math.floor(Math.min(...begins) / MINUTE_MS) * MINUTE_MS : 0;
    const to = begins.length > 0 ? Math.max(...begins) + MINUTE_MS : 0;
    const rollups = [...computeMinuteRollups(timed, from, to), ...computeMinuteRollups(rows.filter((r) => r.beginTs === null), null, null)];
    return aggregatePeriods(fn, rollups.map(periodFromMinute), noInits, [], MINUTE_MS);
  });
  return summarizeAggregates(aggregates, first, last);
}

/** Figures that are neither a finite number nor null, and windows that are no dates. */
export function problemsIn(reading: Reading): string[] {
  const problems: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (typeof v === "number" && !Number.isFinite(v)) problems.push(`${path} is ${v}`);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  for (const way of ["analyze", "report"] as const) {
    const s = reading[way];
    walk(s.functions, `${way}.functions`);
    for (const t of [s.window.start, s.window.end]) if (t !== null && Number.isNaN(Date.parse(t))) problems.push(`${way}.window holds ${t}`);
  }
  return problems;
}

/**
 * The reading, or a failure once it has taken HANG_MS: a reader waiting for an event that
 * never comes would otherwise leave nothing to run, and the process would end quietly.
 */
async function withinHangLimit<T>(reading: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result after ${HANG_MS} ms: a reader hangs`)), HANG_MS);
  });
  try {
    return await Promise.race([reading, limit]);
  } finally {
    clearTimeout(timer);
  }
}

export interface FuzzResult {
  inputs: number;
  failures: { index: number; sample: string; how: string[]; error: string; bytes: Buffer }[];
  slowest: { ms: number; sample: string; how: string[] };
  peakRssMB: number;
}

/** `inputs` mutated samples from the seed; the same seed gives the same inputs. */
export async function fuzz(seed: number, inputs: number, onProgress?: (done: number) => void): Promise<FuzzResult> {
  const samples = sampleInputs();
  const result: FuzzResult = { inputs, failures: [], slowest: { ms: 0, sample: "", how: [] }, peakRssMB: 0 };
  for (let i = 0; i < inputs; i++) {
    const rng = Rng.derive(seed, `input ${i}`);
    const sample = samples[i % samples.length];
    const { bytes, how } = mutate(sample.bytes, rng);
    const started = performance.now();
    try {
      const problems = problemsIn(await withinHangLimit(readEveryWay(bytes, sample.name, 1 + rng.int(1 << 16))));
      if (problems.length > 0) throw new Error(problems.slice(0, 3).join("; "));
    } catch (e) {
      result.failures.push({ index: i, sample: sample.name, how, error: (e as Error).stack ?? String(e), bytes });
    }
    const ms = performance.now() - started;
    if (ms > result.slowest.ms) result.slowest = { ms, sample: sample.name, how };
    if ((i & 63) === 0) {
      result.peakRssMB = Math.max(result.peakRssMB, process.memoryUsage().rss / 2 ** 20);
      onProgress?.(i);
    }
  }
  result.peakRssMB = Math.max(result.peakRssMB, process.memoryUsage().rss / 2 ** 20);
  return result;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { inputs: { type: "string", default: "50000" }, seed: { type: "string", default: "1" } } });
  const inputs = Number(values.inputs);
  const seed = Number(values.seed);
  const started = performance.now();
  const r = await fuzz(seed, inputs, (done) => process.stderr.write(`\rfuzz: ${done.toLocaleString("en-US")} of ${inputs.toLocaleString("en-US")} inputs`));
  process.stderr.write("\n");
  const dir = join(ROOT, ".fuzz");
  for (const f of r.failures) {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `seed${seed}-input${f.index}-${f.sample}`);
    writeFileSync(file, f.bytes);
    console.log(`FAIL input ${f.index} (${f.sample}, ${f.how.join("+")}): ${f.error.split("\n")[0]}\n     saved as ${file}`);
  }
  console.log(
    `fuzz: ${inputs.toLocaleString("en-US")} inputs from seed ${seed} in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
      `${r.failures.length} failures, slowest ${Math.round(r.slowest.ms)} ms (${r.slowest.sample}, ${r.slowest.how.join("+")}), peak RSS ${Math.round(r.peakRssMB)} MB (limit ${MAX_RSS_MB})`,
  );
  return r.failures.length > 0 || r.peakRssMB > MAX_RSS_MB ? 1 : 0;
}

runIfMain(import.meta.filename, main);
