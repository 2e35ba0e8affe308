import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { SourceContext } from "../parse/types";
import { MAX_ISSUES_KEPT, type ParseStats } from "../parse/stats";
import { warnIfMixed } from "../parse/parse-source";
import type { FleetData } from "../metrics/collector";
import type { ChunkMessage, WorkerResult } from "./parallel-messages";

/** Below this a file is read on one thread: starting workers would cost more than it saves. */
export function parallelMinBytes(): number {
  const env = Number(process.env.LAMBDALENS_PARALLEL_MIN_BYTES);
  return Number.isFinite(env) && env > 0 ? env : 32 * 1024 * 1024;
}
const CHUNK_BYTES = Number(process.env.LAMBDALENS_PARALLEL_CHUNK_BYTES) || 4 * 1024 * 1024;
const IN_FLIGHT = 3;

/**
 * Threads for one large export: LAMBDALENS_THREADS, default 1. Measured on the 2-core
 * machine this project targets, two threads saved 7% of the time for 70% more memory
 * (both threads' tables are merged at the end), so it is opt-in for bigger machines.
 */
export function parallelThreads(): number {
  const env = Number(process.env.LAMBDALENS_THREADS);
  return Number.isInteger(env) && env > 0 ? Math.min(env, availableParallelism() * 2) : 1;
}

/**
 * Parses a line-oriented export on several threads: the file is cut into whole-line
 * chunks that go, transferred not copied, to whichever worker has room; each worker
 * collects its share, and the shares are merged here with the same deduplication rules.
 * Line numbers in notes are those of the whole file.
 */
export async function collectTextInParallel(chunks: AsyncIterable<Buffer>, ctx: SourceContext, stats: ParseStats, fleet: FleetData, threads: number): Promise<void> {
  const workers = Array.from({ length: threads }, () => new Worker(new URL("./analyze-worker.mjs", import.meta.url)));
  const inFlight = new Array<number>(threads).fill(0);
  const results: Promise<WorkerResult>[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  workers.forEach((w, i) => {
    results.push(
      new Promise((resolve, reject) => {
        w.on("message", (m: { type: "ack" } | WorkerResult) => {
          if (m.type === "ack") {
            inFlight[i]--;
            wake?.();
          } else resolve(m);
        });
        w.on("error", (e) => {
          failure = e;
          wake?.();
          reject(e);
        });
      }),
    );
    w.postMessage({ type: "init", context: ctx } satisfies ChunkMessage);
  });
  results.forEach((p) => p.catch(() => undefined));
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
    const done = await Promise.all(results);
    merge(done, ctx, stats, fleet);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function merge(done: WorkerResult[], ctx: SourceContext, stats: ParseStats, fleet: FleetData): void {
  const lines = new Map<number, number>();
  const sizes = new Set<number>();
  for (const r of done) {
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
  const issues = done
    .flatMap((r) => r.issues.map(([i, issue]) => ({ ...issue, line: issue.line + (offset.get(i) ?? 0) })))
    .sort((a, b) => a.line - b.line)
    .slice(0, MAX_ISSUES_KEPT - stats.issues.length);
  stats.issues.push(...issues);
  warnIfMixed(sizes, ctx, stats);
}
