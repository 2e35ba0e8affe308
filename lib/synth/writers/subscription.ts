// CloudWatch Logs subscription payloads (DATA_MESSAGE per log stream batch) and the
// Firehose-to-S3 object that concatenates them after a CONTROL_MESSAGE.

import { gzipSync } from "node:zlib";
import type { SynthEvent } from "../events";
import { renderMessage } from "../messages";
import type { LineOptions } from "./text-lines";
import { eventId } from "./chunks";

export interface SubscriptionLogEvent {
  id: string;
  timestamp: number;
  message: string;
}

export interface SubscriptionPayload {
  messageType: "DATA_MESSAGE" | "CONTROL_MESSAGE";
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters: string[];
  logEvents: SubscriptionLogEvent[];
}

export interface SubscriptionOptions extends LineOptions {
  owner?: string;
  filterName?: string;
  /** Most events in one payload (default 100). */
  maxEvents?: number;
  /** A stream's batch is delivered once its first event is this old (default 2,000 ms of log time). */
  batchWindowMs?: number;
}

interface Batch<T> {
  fnIndex: number;
  logGroup: string;
  logStream: string;
  firstTs: number;
  items: T[];
  delivered: boolean;
}

interface StreamBatch<T> {
  logGroup: string;
  logStream: string;
  firstTs: number;
  items: T[];
}

/**
 * Groups events into per-log-stream batches in delivery order: a batch goes out when it is
 * full or when its first event is `batchWindowMs` older than the event being read.
 */
function* streamBatches<T>(
  events: Iterable<SynthEvent>,
  options: SubscriptionOptions,
  item: (e: SynthEvent, message: string, n: number) => T,
): Generator<StreamBatch<T>, void, undefined> {
  const format = options.messageFormat ?? "text";
  const maxEvents = options.maxEvents ?? 100;
  const windowMs = options.batchWindowMs ?? 2_000;
  // Open batches per function, by stream name (no key concatenation per event).
  const open: Map<string, Batch<T>>[] = [];
  // Batches in creation order, so oldest first; delivered ones are skipped when reached.
  let queue: Batch<T>[] = [];
  let head = 0;
  const deliver = (b: Batch<T>): StreamBatch<T> => {
    b.delivered = true;
    open[b.fnIndex]!.delete(b.logStream);
    return { logGroup: b.logGroup, logStream: b.logStream, firstTs: b.firstTs, items: b.items };
  };
  let n = 0;
  for (const e of events) {
    const message = renderMessage(e, format);
    if (message === null) continue;
    while (head < queue.length && queue[head]!.firstTs + windowMs <= e.timestamp) {
      const b = queue[head++]!;
      if (!b.delivered) yield deliver(b);
    }
    if (head > 4096) {
      queue = queue.slice(head);
      head = 0;
    }
    const byStream = (open[e.fn.index] ??= new Map());
    let batch = byStream.get(e.logStream);
    if (!batch) {
      batch = { fnIndex: e.fn.index, logGroup: e.fn.logGroup, logStream: e.logStream, firstTs: e.timestamp, items: [], delivered: false };
      byStream.set(e.logStream, batch);
      queue.push(batch);
    }
    batch.items.push(item(e, message, n++));
    if (batch.items.length >= maxEvents) yield deliver(batch);
  }
  for (let i = head; i < queue.length; i++) {
    const b = queue[i]!;
    if (!b.delivered) yield deliver(b);
  }
}

/** DATA_MESSAGE payloads, one per batch of one log stream, in delivery order. */
export function* subscriptionPayloads(
  events: Iterable<SynthEvent>,
  options: SubscriptionOptions = {},
): Generator<SubscriptionPayload, void, undefined> {
  const owner = options.owner ?? "123456789012";
  const filters = [options.filterName ?? "lambdalens-synth"];
  const batches = streamBatches(events, options, (e, message, n): SubscriptionLogEvent => ({
    id: eventId(e.timestamp, n),
    timestamp: e.timestamp,
    message,
  }));
  for (const b of batches) {
    yield {
      messageType: "DATA_MESSAGE",
      owner,
      logGroup: b.logGroup,
      logStream: b.logStream,
      subscriptionFilters: filters,
      logEvents: b.items,
    };
  }
}

/**
 * The same payloads as JSON texts, byte for byte what JSON.stringify gives for
 * `subscriptionPayloads`, built without materializing the objects (the 1M-invocation path).
 */
export function* subscriptionPayloadTexts(
  events: Iterable<SynthEvent>,
  options: SubscriptionOptions = {},
): Generator<{ text: string; firstTimestamp: number }, void, undefined> {
  const head = `{"messageType":"DATA_MESSAGE","owner":${JSON.stringify(options.owner ?? "123456789012")},"logGroup":`;
  const filters = JSON.stringify([options.filterName ?? "lambdalens-synth"]);
  const batches = streamBatches(
    events,
    options,
    (e, message, n) => `{"id":"${eventId(e.timestamp, n)}","timestamp":${e.timestamp},"message":${JSON.stringify(message)}}`,
  );
  for (const b of batches) {
    yield {
      text: `${head}${JSON.stringify(b.logGroup)},"logStream":${JSON.stringify(b.logStream)},"subscriptionFilters":${filters},"logEvents":[${b.items.join(",")}]}`,
      firstTimestamp: b.firstTs,
    };
  }
}

/** One gzip file per payload, as a subscription destination receives it. */
export function* subscriptionFiles(
  events: Iterable<SynthEvent>,
  options: SubscriptionOptions = {},
): Generator<{ name: string; data: Buffer }, void, undefined> {
  let i = 0;
  for (const payload of subscriptionPayloadTexts(events, options)) {
    i++;
    yield { name: `${String(i).padStart(6, "0")}.json.gz`, data: gzipSync(payload.text) };
  }
}

export function controlMessage(timestamp: number, owner = "CloudwatchLogs"): SubscriptionPayload {
  return {
    messageType: "CONTROL_MESSAGE",
    owner,
    logGroup: "",
    logStream: "",
    subscriptionFilters: [],
    logEvents: [{ id: "", timestamp, message: "CWL CONTROL MESSAGE: Checking health of destination Firehose." }],
  };
}

/** Firehose records: one CONTROL_MESSAGE, then the DATA_MESSAGE payloads, as JSON texts with no separator. */
export function* firehoseRecords(
  events: Iterable<SynthEvent>,
  options: SubscriptionOptions = {},
): Generator<string, void, undefined> {
  let first = true;
  for (const payload of subscriptionPayloadTexts(events, options)) {
    if (first) {
      yield JSON.stringify(controlMessage(payload.firstTimestamp));
      first = false;
    }
    yield payload.text;
  }
}
