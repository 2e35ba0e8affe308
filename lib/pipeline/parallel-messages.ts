import type { Issue } from "../parse/stats";
import type { SourceContext } from "../parse/types";
import type { FleetTransfer } from "../metrics/collector";

export type ChunkMessage = { type: "init"; context: SourceContext } | { type: "chunk"; index: number; buf: ArrayBuffer } | { type: "end" };

export interface WorkerResult {
  type: "done";
  fleet: FleetTransfer;
  linesRead: number;
  platformLines: number;
  skipped: number;
  /** Lines per chunk, to turn chunk-local line numbers into file line numbers. */
  chunkLines: [number, number][];
  issues: [number, Issue][];
  sizes: number[];
}
