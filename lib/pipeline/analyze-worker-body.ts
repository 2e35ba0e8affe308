import { parentPort } from "node:worker_threads";
import { TextContainer } from "../parse/text-container";
import { noteMemorySizes } from "../parse/parse-source";
import { ParseStats, type Issue } from "../parse/stats";
import type { PlatformRecord, SourceContext } from "../parse/types";
import { FleetData } from "../metrics/collector";
import { collectTextRange } from "./collect-text-range";
import type { ChunkMessage, WorkerMessage, WorkerResult } from "./parallel-messages";
import { failureOf } from "./worker-failure";
import { SteppedBytes } from "./worker-progress";

/**
 * One thread's share of a large text export: either whole-line chunks sent by the main
 * thread, or a byte range of the file read here. The collected columns go back
 * (transferred, not copied) when the share is done.
 */
const port = parentPort!;
const fleet = new FleetData();
const stats = new ParseStats();
const chunkLines: [number, number][] = [];
const issues: [number, Issue][] = [];
const lookalikes: [number, Issue][] = [];
const sizes = new Set<number>();
let ctx: SourceContext;
const post = (m: WorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);

/** Bytes read are reported in steps this big, for the progress line. */
const PROGRESS_STEP = 8 << 20;

port.on("message", (m: ChunkMessage) => {
  switch (m.type) {
    case "init":
      ctx = m.context;
      return;
    case "chunk": {
      const scoped: SourceContext = { ...ctx, environmentScope: `${ctx.source}@${m.index}` };
      const container = new TextContainer(scoped, stats);
      const out: PlatformRecord[] = [];
      const before = stats.issues.length;
      container.push(Buffer.from(m.buf), out);
      container.end(out);
      fleet.addAll(out);
      noteMemorySizes(out, ctx, sizes);
      chunkLines.push([m.index, container.lineCount]);
      for (const i of stats.issues.splice(before)) issues.push([m.index, i]);
      for (const i of stats.lookalikes.splice(0)) lookalikes.push([m.index, i]);
      post({ type: "ack" });
      return;
    }
    case "range":
      void readRange(m).catch((e: unknown) => post(failureOf(e)));
      return;
    case "end":
      finish();
  }
});

async function readRange(m: Extract<ChunkMessage, { type: "range" }>): Promise<void> {
  const progress = new SteppedBytes((n) => post({ type: "bytes", n }), PROGRESS_STEP);
  const scoped: SourceContext = { ...ctx, environmentScope: `${ctx.source}@${m.range.start}` };
  const lines = await collectTextRange(m.path, m.range, scoped, stats, fleet, sizes, progress.add);
  progress.flush();
  chunkLines.push([m.index, lines]);
  for (const i of stats.issues.splice(0)) issues.push([m.index, i]);
  for (const i of stats.lookalikes.splice(0)) lookalikes.push([m.index, i]);
  finish();
}

function finish(): void {
  const transfer = fleet.toTransfer();
  const buffers = transfer.functions.flatMap((f) => [...Object.values(f.columns).map((c) => c.buffer), f.flags.buffer, f.streamOf.buffer, f.ids.words.buffer, f.ids.uuid.buffer]);
  const result: WorkerResult = {
    type: "done",
    fleet: transfer,
    linesRead: stats.linesRead,
    platformLines: stats.platformLines,
    skipped: stats.skipped,
    chunkLines,
    issues,
    lookalikes,
    sizes: [...sizes],
    warnings: stats.warnings,
  };
  post(result, buffers as ArrayBuffer[]);
}
