import { Worker } from "node:worker_threads";
import { parseSource } from "../parse/parse-source";
import type { ParseStats } from "../parse/stats";
import { fileHead, openInput, type ByteRange, type FileInput } from "../sources/file-source";
import { IngestBatch, type WriteBatch } from "../store/ingest/batch";
import { batchFromTransfer } from "../store/ingest/batch-transfer";
import type { ParseWorkerRequest, ParseWorkerMessage } from "./parse-worker-messages";
import { errorFrom } from "./worker-failure";

export interface BatchOptions {
  functionName?: string;
  range?: ByteRange;
  batchRecords: number;
}

export interface BatchSource {
  totalBytes: number | null;
  /** Batches of about batchRecords records; `stats` is complete once they are all taken. */
  batches: AsyncGenerator<WriteBatch>;
}

/**
 * Files this large are parsed on a thread of their own while this one writes the
 * batches before: on two cores parsing and writing overlap. Smaller ones are not worth
 * the thread's start-up.
 */
function parseThreadMinBytes(): number {
  const env = Number(process.env.LAMBDALENS_PARSE_THREAD_MIN_BYTES);
  return Number.isFinite(env) && env > 0 ? env : 16 * 1024 * 1024;
}

/** Batches a parsing thread may hand over before the first is written (it builds one more meanwhile). */
const AHEAD = 1;

/** An input's records in batches for the database, parsed here or on a thread of their own. */
export async function parsedBatches(file: string, o: BatchOptions, stats: ParseStats, onBytes: (n: number) => void): Promise<BatchSource> {
  const head = file === "-" ? null : await fileHead(file, 0);
  if (head && head.size >= parseThreadMinBytes()) {
    const total = o.range ? Math.max(0, Math.min(o.range.end, head.size) - o.range.start) : head.size;
    return { totalBytes: total, batches: onThread(file, o, stats, onBytes) };
  }
  const input = await openInput(file, o.functionName, onBytes, o.range);
  return { totalBytes: input.size, batches: batchesOf(input, stats, o.batchRecords) };
}

/** Records into batches of `size` records, on this thread. */
export async function* batchesOf(input: FileInput, stats: ParseStats, size: number): AsyncGenerator<WriteBatch> {
  let batch = new IngestBatch();
  for await (const records of parseSource(input.chunks, input.context, stats)) {
    for (const r of records) {
      batch.add(r);
      if (batch.records >= size) {
        yield batch;
        batch = new IngestBatch();
      }
    }
  }
  if (batch.records > 0) yield batch;
}

async function* onThread(file: string, o: BatchOptions, stats: ParseStats, onBytes: (n: number) => void): AsyncGenerator<WriteBatch> {
  const worker = new Worker(new URL("./parse-worker.mjs", import.meta.url));
  const queue: ParseWorkerMessage[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  worker.on("message", (m: ParseWorkerMessage) => {
    queue.push(m);
    wake?.();
  });
  worker.on("error", (e) => {
    failure ??= e;
    wake?.();
  });
  worker.on("exit", (code) => {
    failure ??= new Error(`${file}: the parsing thread stopped (exit code ${code}) before it was done`);
    wake?.();
  });
  worker.postMessage({ type: "start", file, functionName: o.functionName, range: o.range, batchRecords: o.batchRecords, ahead: AHEAD } satisfies ParseWorkerRequest);
  try {
    for (;;) {
      const m = queue.shift();
      if (!m) {
        if (failure) throw failure;
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      if (m.type === "bytes") onBytes(m.n);
      else if (m.type === "failed") throw errorFrom(m);
      else if (m.type === "batch") {
        yield batchFromTransfer(m.batch);
        // written: the thread may build one more
        worker.postMessage({ type: "ack" } satisfies ParseWorkerRequest);
      } else {
        stats.absorb(m.stats);
        return;
      }
    }
  } finally {
    worker.removeAllListeners("exit");
    await worker.terminate();
  }
}
