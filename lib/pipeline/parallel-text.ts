import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { SourceContext } from "../parse/types";
import { MAX_ISSUES_KEPT, MAX_LOOKALIKES_KEPT, type Issue, type ParseStats } from "../parse/stats";
import { warnIfMixed } from "../parse/parse-source";
import type { FleetData } from "../metrics/collector";
import { collectTextRange } from "./collect-text-range";
import type { ChunkMessage, WorkerMessage, WorkerResult } from "./parallel-messages";
import { errorFrom } from "./worker-failure";

/** Below this a file is read on one thread: starting workers would cost more than it saves. */
export function parallelMinBytes(): number {
  const env = Number(process.env.LAMBDALENS_PARALLEL_MIN_BYTES);
  return Number.isFinite(env) && env > 0 ? env : 32 * 1024 * 1024;
}
const CHUNK_BYTES = Number(process.env.LAMBDALENS_PARALLEL_CHUNK_BYTES) || 4 * 1024 * 1024;
const IN_FLIGHT = 3;
const MAIN_SHARE_EXTRA = 0.04;

/**
 * Threads for one large export. LAMBDALENS_THREADS=N sets it for every kind of input.
 * Otherwise a plain file is read in two shares at once where there are two processors
 * (measured on the 2-core machine this project targets, 1M invocations, 445 MB: 2.4 s
 * against 3.3 s, 320 MB against 255 MB), and a gzipped one on one thread: its
 * decompression stays on the main thread, and handing the text to two more cost 2.5
 * times the memory for no time saved.
 */
export function parallelThreads(kind: "plain" | "gzip"): number {
  const env = Number(process.env.LAMBDALENS_THREADS);
  if (Number.isInteger(env) && env > 0) return Math.min(env, availableParallelism() * 2);
  return kind === "plain" ? Math.min(2, usableCpus()) : 1;
}

/** Processors this process may use: its CPU set, and its cgroup v2 quota where one is set (containers). */
export function usableCpus(): number {
  let quota = "max";
  try {
    quota = readFileSync("/sys/fs/cgroup/cpu.max", "utf8");
  } catch {
    // no cgroup v2 quota to honour
  }
  return cpusWithin(quota, availableParallelism());
}

/** `cpu.max` holds "<quota> <period>" in microseconds, or "max <period>" for no limit. */
export function cpusWithin(cpuMax: string, available: number): number {
  const [quota, period] = cpuMax.trim().split(/\s+/);
  if (quota === "max" || !(Number(period) > 0) || !(Number(quota) > 0)) return available;
  return Math.min(available, Math.max(1, Math.floor(Number(quota) / Number(period))));
}

interface WorkerEvents {
  onBytes?: (n: number) => void;
  onAck?: () => void;
  onError?: (e: Error) => void;
}

/** Starts a worker that answers with its share's result. */
function startWorker(path: string, ctx: SourceContext, events: WorkerEvents = {}): { worker: Worker; result: Promise<WorkerResult> } {
  const worker = new Worker(new URL("./analyze-worker.mjs", import.meta.url));
  const result = new Promise<WorkerResult>((resolve, reject) => {
    const fail = (e: Error) => {
      events.onError?.(e);
      reject(e);
    };
    worker.on("message", (m: WorkerMessage) => {
      if (m.type === "bytes") events.onBytes?.(m.n);
      else if (m.type === "ack") events.onAck?.();
      else if (m.type === "failed") fail(errorFrom(m));
      else resolve(m);
    });
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`${path}: a reading thread stopped (exit code ${code}) before it was done`)));
  });
  result.catch(() => undefined);
  worker.postMessage({ type: "init", context: ctx } satisfies ChunkMessage);
  return { worker, result };
}

/**
 * Reads a plain (uncompressed) text export of `size` bytes on `threads` threads at once:
 * each reads the lines that start in its share of the bytes, the main thread the first
 * share, and the others' collected columns are merged here with the usual
 * deduplication rules. Line numbers in notes are those of the whole file.
 */
export async function collectFileInParallel(
  path: string,
  size: number,
  ctx: SourceContext,
  stats: ParseStats,
  fleet: FleetData,
  threads: number,
  onBytes?: (n: number) => void,
): Promise<void> {
  // this thread starts reading at once, the others only once started (~0.1 s): it takes a
  // larger share, so that all are done at about the same time
  const first = Math.min(0.9, 1 / threads + MAIN_SHARE_EXTRA);
  const cut = (k: number) => (k === 0 ? 0 : k === threads ? size : Math.round(size * (first + ((1 - first) * (k - 1)) / (threads - 1))));
  const started = Array.from({ length: threads - 1 }, (_, j) => {
    const k = j + 1;
    const w = startWorker(path, ctx, { onBytes });
    w.worker.postMessage({ type: "range", index: k, path, range: { start: cut(k), end: cut(k + 1) } } satisfies ChunkMessage);
    return w;
  });
  try {
    const sizes = new Set<number>();
    const firstLines = await collectTextRange(path, { start: 0, end: cut(1) }, ctx, stats, fleet, sizes, onBytes);
    // the shares read in full count even when another could not be read to its end
    const settled = await Promise.allSettled(started.map((w) => w.result));
    const done = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    merge(done, ctx, stats, fleet, [[0, firstLines]], sizes);
    const failed = settled.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
  } finally {
    await Promise.all(started.map((w) => w.worker.terminate()));
  }
}

/**
 * Parses a line-oriented export on several threads: the file is cut into whole-line
 * chunks that go, transferred not copied, to whichever worker has room; each worker
 * collects its share, and the shares are merged here with the same deduplication rules.
 * Line numbers in notes are those of the whole file.
 */
export async function collectTextInParallel(chunks: AsyncIterable<Buffer>, ctx: SourceContext, stats: ParseStats, fleet: FleetData, threads: number): Promise<void> {
  const inFlight = new Array<number>(threads).fill(0);
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  const started = inFlight.map((_, i) =>
    startWorker(ctx.source, ctx, {
      onAck: () => {
        inFlight[i]--;
        wake?.();
      },
      onError: (e) => {
        failure ??= e;
        wake?.();
      },
    }),
  );
  const workers = started.map((w) => w.worker);
  let index = 0;
  const send = async (buf: Buffer) => {
    for (;;) {
      if (failure) throw failure;
      const i = inFlight.indexOf(Math.min(...inFlight));
      if (inFlight[i] < IN_FLIGHT) {
        inFlight[i]++;
        // a fresh buffer of its own, so its memory can move to the worker without a copy
        const own = buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength ? buf : Buffer.from(buf);
        const ab = own.buffer as ArrayBuffer;
        workers[i].postMessage({ type: "chunk", index: index++, buf: ab } satisfies ChunkMessage, [ab]);
        return;
      }
      await new Promise<void>((r) => (wake = r));
    }
  };
  try {
    let pending: Buffer[] = [];
    let size = 0;
    for await (const chunk of chunks) {
      pending.push(chunk);
      size += chunk.length;
      if (size < CHUNK_BYTES) continue;
      const buf = Buffer.concat(pending, size);
      const nl = buf.lastIndexOf(10);
      if (nl < 0) {
        pending = [buf];
        continue;
      }
      const rest = Buffer.from(buf.subarray(nl + 1));
      pending = rest.length > 0 ? [rest] : [];
      size = rest.length;
      await send(buf.subarray(0, nl + 1));
    }
    if (size > 0) await send(Buffer.concat(pending, size));
    for (const w of workers) w.postMessage({ type: "end" } satisfies ChunkMessage);
    const done = await Promise.all(started.map((w) => w.result));
    merge(done, ctx, stats, fleet, [], new Set());
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Takes the workers' shares in; `own` holds the line counts of shares read on this thread (already in stats). */
function merge(done: WorkerResult[], ctx: SourceContext, stats: ParseStats, fleet: FleetData, own: [number, number][], sizes: Set<number>): void {
  const lines = new Map<number, number>(own);
  for (const r of done) {
    for (const w of r.warnings) stats.warn(w);
    fleet.absorb(r.fleet);
    stats.linesRead += r.linesRead;
    stats.platformLines += r.platformLines;
    stats.skipped += r.skipped;
    for (const [i, n] of r.chunkLines) lines.set(i, n);
    for (const s of r.sizes) sizes.add(s);
  }
  const offset = new Map<number, number>();
  let total = 0;
  for (const i of [...lines.keys()].sort((a, b) => a - b)) {
    offset.set(i, total);
    total += lines.get(i)!;
  }
  const inFile = (list: [number, Issue][]) => list.map(([i, issue]) => ({ ...issue, line: issue.line + (offset.get(i) ?? 0) })).sort((a, b) => a.line - b.line);
  stats.issues.push(...inFile(done.flatMap((r) => r.issues)).slice(0, MAX_ISSUES_KEPT - stats.issues.length));
  stats.lookalikes = [...stats.lookalikes, ...inFile(done.flatMap((r) => r.lookalikes))].sort((a, b) => a.line - b.line).slice(0, MAX_LOOKALIKES_KEPT);
  warnIfMixed(sizes, ctx, stats);
  stats.explainNothingRead(ctx.source);
}
