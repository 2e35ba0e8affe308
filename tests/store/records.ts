import { emptyRecord, type PlatformRecord } from "../../lib/parse/types";
import { IngestBatch } from "../../lib/store/ingest/batch";

/** A START line as the parser gives it. */
export function startRecord(fn: string, stream: string, requestId: string, ts: number): PlatformRecord {
  return { ...emptyRecord("start", fn, stream, ts, 1), requestId };
}

/** A REPORT line as the parser gives it: billed is the duration rounded up; the rest as given. */
export function reportRecord(fn: string, stream: string, requestId: string, ts: number, durationMs: number, more: Partial<PlatformRecord> = {}): PlatformRecord {
  return { ...emptyRecord("report", fn, stream, ts, 2), requestId, durationMs, billedMs: Math.ceil(durationMs), ...more };
}

export function batchOf(records: PlatformRecord[]): IngestBatch {
  const b = new IngestBatch();
  for (const r of records) b.add(r);
  return b;
}
