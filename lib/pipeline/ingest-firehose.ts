import type { Store } from "../store/store";
import { ParseStats } from "../parse/stats";
import { LogEventParser } from "../parse/log-events";
import type { PlatformRecord } from "../parse/types";
import { BulkWriter } from "../store/ingest/bulk-writer";
import { IngestBatch } from "../store/ingest/batch";
import { commitBatch } from "../store/ingest/commit-batch";
import { withRetry } from "../store/transient";
import { FIREHOSE_ACCESS_KEY_ENV, firehoseResponse, FirehoseRefusal, payloads, readDelivery, type Delivery } from "../sources/firehose";

export interface FirehoseOptions {
  /** Default: the LAMBDALENS_FIREHOSE_ACCESS_KEY environment variable. */
  accessKey?: string;
  /** Database retries (default 3 attempts from 200 ms: Firehose waits 3 minutes for an answer, then retries itself). */
  retry?: { attempts: number; baseDelayMs: number };
  log?: (line: string) => void;
}

/** A delivery's records to one batch of platform records, through the same parser as every other input. */
function parseDelivery(delivery: Delivery): { batch: IngestBatch; unreadable: { index: number; reason: string }[] } {
  const batch = new IngestBatch();
  const unreadable: { index: number; reason: string }[] = [];
  const parser = new LogEventParser({ source: `firehose:${delivery.requestId}`, defaultFunction: "unknown" }, new ParseStats());
  for (const r of payloads(delivery)) {
    if ("unreadable" in r) {
      unreadable.push({ index: r.index, reason: r.unreadable });
      continue;
    }
    const p = r.payload;
    const records: PlatformRecord[] = [];
    parser.parse(
      p.logEvents.map((e) => ({ logGroup: p.logGroup || undefined, logStream: p.logStream || undefined, timestamp: e.timestamp, message: e.message })),
      records,
    );
    for (const rec of records) batch.add(rec);
  }
  return { batch, unreadable };
}

/** Stores a batch in one transaction with its rollups: a repeated delivery changes nothing. */
async function storeBatch(store: Store, requestId: string, batch: IngestBatch, o: FirehoseOptions): Promise<void> {
  if (batch.records === 0) return;
  const writer = new BulkWriter();
  await withRetry(() => commitBatch(store.sql, writer, batch), {
    ...(o.retry ?? { attempts: 3, baseDelayMs: 200 }),
    onRetry: (n, ms, e) => o.log?.(`firehose ${requestId}: database error (${(e as Error).message}); retry ${n} in ${ms} ms`),
  });
}

/**
 * One Firehose delivery request, answered the way Firehose expects: 200 once its
 * payloads are stored; 401 for a wrong access key, 400/413/415 for a body that is not a
 * delivery, 400 naming the records that are not subscription payloads (after storing the
 * others), 500 when the database fails, 503 while no access key is configured. Every
 * answer but 200 makes Firehose retry the same records, and finally back them up to S3.
 */
export async function handleFirehoseDelivery(request: Request, store: () => Promise<Store>, o: FirehoseOptions = {}): Promise<Response> {
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  let requestId = request.headers.get("x-amz-firehose-request-id") ?? "";
  try {
    const delivery = await readDelivery(request, o.accessKey ?? process.env[FIREHOSE_ACCESS_KEY_ENV]);
    requestId = delivery.requestId;
    const { batch, unreadable } = parseDelivery(delivery);
    await storeBatch(await store(), requestId, batch, { ...o, log });
    if (unreadable.length > 0) {
      const list = unreadable.slice(0, 5).map((u) => `record ${u.index}: ${u.reason}`);
      const message = `${unreadable.length} record(s) are not CloudWatch Logs subscription payloads (${list.join("; ")}); the others were stored. Subscribe the delivery stream to CloudWatch Logs without message extraction`;
      log(`firehose ${requestId}: ${message}`);
      return firehoseResponse(requestId, { status: 400, message });
    }
    return firehoseResponse(requestId);
  } catch (e) {
    if (e instanceof FirehoseRefusal) {
      if (e.status !== 401) log(`firehose ${e.requestId || requestId || "(no request id)"}: refused (${e.status}): ${e.message}`);
      return firehoseResponse(e.requestId || requestId, { status: e.status, message: e.message });
    }
    const message = `could not store the records: ${(e as Error).message.split("\n").filter(Boolean).pop()}; Firehose will retry them`;
    log(`firehose ${requestId}: ${message}`);
    return firehoseResponse(requestId, { status: 500, message });
  }
}
