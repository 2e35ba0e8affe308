import { createHash } from "node:crypto";
import { open, stat } from "node:fs/promises";
import path from "node:path";
import { ParseStats, type Issue } from "../parse/stats";
import type { ByteRange } from "../sources/file-source";
import type { Store } from "../store/store";
import { BulkWriter } from "../store/ingest/bulk-writer";
import type { WriteBatch } from "../store/ingest/batch";
import { commitBatch } from "../store/ingest/commit-batch";
import { withRetry } from "../store/transient";
import { parsedBatches } from "./parsed-batches";
import { afterIngest } from "../alerts/after-ingest";

export interface IngestProgress {
  source: string;
  bytes: number;
  totalBytes: number | null;
  records: number;
  stored: number;
}

export interface IngestOptions {
  functionName?: string;
  /** Read a file again even when the same content was ingested before. */
  force?: boolean;
  /** Records per transaction. */
  batchRecords?: number;
  /** Only this part of a plain text file (a job of a file split for parallel workers). */
  range?: ByteRange;
  retry?: { attempts: number; baseDelayMs: number };
  onProgress?: (p: IngestProgress) => void;
  onRetry?: (message: string) => void;
}

export interface IngestSummary {
  source: string;
  status: "ingested" | "skipped";
  bytes: number;
  lines: number;
  records: number;
  stored: number;
  duplicates: number;
  initEvents: number;
  skipped: number;
  issues: Issue[];
  warnings: string[];
}

export class IngestFailed extends Error {}

const DEFAULT_BATCH = 100_000;

/** Size, modification time and the first 64 KiB: enough to know an export seen before. */
async function fingerprint(file: string): Promise<string> {
  const st = await stat(file);
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(Math.min(65_536, st.size));
    await fh.read(buf, 0, buf.length, 0);
    return createHash("sha256").update(`${st.size}:${st.mtimeMs}:`).update(buf).digest("hex").slice(0, 32);
  } finally {
    await fh.close();
  }
}

/**
 * Ingests one export: parses it as a stream, writes each batch of records in one
 * transaction with the source's checkpoint and the rollups it touched.
 * Every write is idempotent, so a run killed at any point and started again ends with
 * the same totals as one clean run.
 */
export async function ingestFile(store: Store, file: string, o: IngestOptions = {}): Promise<IngestSummary> {
  const key = file === "-" ? `stdin:${Date.now()}` : `file:${path.resolve(file)}${o.range ? `#${o.range.start}-${o.range.end}` : ""}`;
  const fp = file === "-" ? null : await fingerprint(file).catch(() => null);
  const summary: IngestSummary = { source: file, status: "ingested", bytes: 0, lines: 0, records: 0, stored: 0, duplicates: 0, initEvents: 0, skipped: 0, issues: [], warnings: [] };
  const prior = await store.prisma.ingestSource.findUnique({ where: { key } });
  if (prior && prior.status === "done" && fp !== null && prior.fingerprint === fp && !o.force) {
    summary.status = "skipped";
    summary.warnings.push(`${file}: ingested already on ${prior.finishedAt?.toISOString()} (same size, time and content); --force reads it again`);
    return summary;
  }
  const source = await store.prisma.ingestSource.upsert({
    where: { key },
    create: { kind: "file", key, fingerprint: fp, status: "running", startedAt: new Date() },
    update: { fingerprint: fp, status: "running", startedAt: new Date(), finishedAt: null, error: null },
  });
  const stats = new ParseStats();
  const writer = new BulkWriter();
  const retry = o.retry ?? { attempts: 6, baseDelayMs: 500 };
  let bytes = 0;
  const { totalBytes, batches } = await parsedBatches(file, { functionName: o.functionName, range: o.range, batchRecords: o.batchRecords ?? DEFAULT_BATCH }, stats, (n) => {
    bytes += n;
  });
  const flush = async (batch: WriteBatch) => {
    if (batch.records === 0) return;
    const result = await withRetry(
      () => commitBatch(store.sql, writer, batch, (tx) => tx.run(`UPDATE "ingest_sources" SET "bytesDone" = ?, "recordsDone" = "recordsDone" + ? WHERE "id" = ?`, [bytes, batch.records, source.id])),
      { ...retry, onRetry: (n, ms, e) => o.onRetry?.(`${file}: database error (${(e as Error).message}); retry ${n} in ${ms} ms`) },
    ).catch((e) => {
      throw new IngestFailed(
        `${file}: stopped after ${summary.records} records (${bytes} bytes read) because the database failed: ${(e as Error).message}. ` +
          "What was committed is complete; run the same command again to finish (ingestion is idempotent).",
      );
    });
    summary.records += batch.records;
    summary.stored += result.stored;
    summary.duplicates += result.duplicates;
    summary.initEvents += result.initEvents;
    o.onProgress?.({ source: file, bytes, totalBytes, records: summary.records, stored: summary.stored });
  };
  try {
    for await (const batch of batches) await flush(batch);
  } catch (e) {
    await store.prisma.ingestSource
      .update({ where: { id: source.id }, data: { status: "failed", error: (e as Error).message.slice(0, 2000) } })
      .catch(() => undefined);
    throw e;
  }
  await store.prisma.ingestSource.update({ where: { id: source.id }, data: { status: "done", finishedAt: new Date(), bytesDone: bytes } });
  await afterIngest(store, (m) => summary.warnings.push(m));
  summary.bytes = bytes;
  summary.lines = stats.linesRead;
  summary.skipped = stats.skipped;
  summary.issues = stats.issues;
  summary.warnings.push(...stats.warnings);
  return summary;
}
