import { parentPort } from "node:worker_threads";
import { ParseStats } from "../parse/stats";
import { openInput } from "../sources/file-source";
import { batchToTransfer } from "../store/ingest/batch-transfer";
import type { ParseWorkerMessage, ParseWorkerRequest } from "./parse-worker-messages";
import { batchesOf } from "./parsed-batches";
import { failureOf } from "./worker-failure";
import { SteppedBytes } from "./worker-progress";

/**
 * Parses one input into batches for the main thread, which writes them: at most
 * `ahead` batches unacknowledged, so memory stays flat when the database is slower.
 */
const port = parentPort!;
const post = (m: ParseWorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);
let credit = 0;
let wake: (() => void) | null = null;

/** Bytes read are reported in steps this big, for the progress line. */
const PROGRESS_STEP = 4 << 20;

port.on("message", (m: ParseWorkerRequest) => {
  if (m.type === "ack") {
    credit++;
    wake?.();
    return;
  }
  credit = m.ahead;
  void run(m).catch((e: unknown) => post(failureOf(e)));
});

async function run(m: Extract<ParseWorkerRequest, { type: "start" }>): Promise<void> {
  const stats = new ParseStats();
  const progress = new SteppedBytes((n) => post({ type: "bytes", n }), PROGRESS_STEP);
  const input = await openInput(m.file, m.functionName, progress.add, m.range);
  for await (const batch of batchesOf(input, stats, m.batchRecords)) {
    while (credit === 0) await new Promise<void>((r) => (wake = r));
    credit--;
    progress.flush();
    const { transfer, buffers } = batchToTransfer(batch);
    post({ type: "batch", batch: transfer }, buffers);
  }
  progress.flush();
  post({ type: "done", stats: stats.snapshot() });
}
