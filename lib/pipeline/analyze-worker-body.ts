import { parentPort } from "node:worker_threads";
import { TextContainer } from "../parse/text-container";
import { noteMemorySizes } from "../parse/parse-source";
import { ParseStats, type Issue } from "../parse/stats";
import type { PlatformRecord, SourceContext } from "../parse/types";
import { FleetData } from "../metrics/collector";
import type { ChunkMessage, WorkerResult } from "./parallel-messages";

/**
 * One thread's share of a large text export: whole-line chunks come in, are parsed and
 * collected here, and the collected columns go back (transferred) when the input ends.
 */
const port = parentPort!;
const fleet = new FleetData();
const stats = new ParseStats();
const chunkLines: [number, number][] = [];
const issues: [number, Issue][] = [];
const sizes = new Set<number>();
let ctx: SourceContext;

port.on("message", (m: ChunkMessage) => {
  if (m.type === "init") {
    ctx = m.context;
    return;
  }
  if (m.type === "chunk") {
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
    port.postMessage({ type: "ack" });
    return;
  }
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
    sizes: [...sizes],
  };
  port.postMessage(result, buffers as ArrayBuffer[]);
});
