import type { ParseStatsSnapshot } from "../parse/stats";
import type { ByteRange } from "../sources/file-source";
import type { BatchTransfer } from "../store/ingest/batch-transfer";
import type { WorkerFailure } from "./worker-failure";

export type ParseWorkerRequest =
  | { type: "start"; file: string; functionName?: string; range?: ByteRange; batchRecords: number; ahead: number }
  /** The main thread took a batch: one more may be sent. */
  | { type: "ack" };

export type ParseWorkerMessage =
  | WorkerFailure
  | { type: "bytes"; n: number }
  | { type: "batch"; batch: BatchTransfer }
  | { type: "done"; stats: ParseStatsSnapshot };
