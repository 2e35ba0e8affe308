import type { Issue } from "../parse/stats";
import type { SourceContext } from "../parse/types";
import type { FleetTransfer } from "../metrics/collector";
import type { ByteRange } from "../sources/file-source";
import type { WorkerFailure } from "./worker-failure";

export type ChunkMessage =
  | { type: "init"; context: SourceContext }
  | { type: "chunk"; index: number; buf: ArrayBuffer }
  | { type: "end" }
  /** Read and collect this share of a plain file, then report as at "end". */
  | { type: "range"; index: number; path: string; range: ByteRange };

export interface WorkerResult {
  type: "done";
  fleet: FleetTransfer;
  linesRead: number;
  platformLines: number;
  skipped: number;
  /** Lines per chunk, to turn chunk-local line numbers into file line numbers. */
  chunkLines: [number, number][];
  issues: [number, Issue][];
  /** Lines that look like platform lines, while the thread had read none: with chunk indexes, as issues. */
  lookalikes: [number, Issue][];
  sizes: number[];
  warnings: string[];
}

export type WorkerMessage = { type: "ack" } | { type: "bytes"; n: number } | WorkerFailure | WorkerResult;
