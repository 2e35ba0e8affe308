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

interface Batch {
  logGroup: string;
  logStream: string;
  firstTs: number;
  events: SubscriptionLogEvent[];
}

/** DATA_MESSAGE payloads, one per batch of one log stream, in delivery order. */
export function* subscriptionPayloads(
  events: Iterable<SynthEvent>,
  options: SubscriptionOptions = {},
): Generator<SubscriptionPayload, void, undefined> {
  const format = options.messageFormat ?? "text";
  const owner = options.owner ?? "123456789012";
  const filters = [options.filterName ?? "lambdalens-synth"];
  const maxEvents = options.maxEvents ?? 100;
  const windowMs = options.batchWindowMs ?? 2_000;
  const open = new Map<string, Batch>();
  const payload = (b: Batch): SubscriptionPayload => ({
    messageType: "DATA_MESSAGE",
    owner,
    logGroup: b.logGroup,
    logStream: b.logStream,
    subscriptionFilters: filters,
    logEvents: b.events,
  });
  let n = 0;
  for (const e of events) {
    const message = renderMessage(e, format);
    if (message === null) continue;
    // Map order is batch creation order, so the oldest batches come first.
    for (const [key, b] of open) {
      if (b.firstTs + windowMs > e.timestamp) break;
      open.delete(key);
      yield payload(b);
    }
    const key = `${e.fn.logGroup}\u0000${e.logStream}`;
    let batch = open.get(key);
    if (!batch) {
      batch = { logGroup: e.fn.logGroup, logStream: e.logStream, firstTs: e.timestamp, events: [] };
      open.set(key, batch);
    }
    batch.events.push({ id: eventId(e.timestamp, n++), timestamp: e.timestamp, message });
    if (batch.events.length >= maxEvents) {
      open.delete(key);
      yield payload(batch);
    }
  }
  for (const b of open.values()) yield payload(b);
}

/** One gzip file per payload, as a subscription destination receives it. */
export function* subscriptionFiles(
  events: Iterable<SynthEvent>,
  options: SubscriptionOptions = {},
): Generator<{ name: string; data: Buffer; payload: SubscriptionPayload }, void, undefined> {
  let i = 0;
  for (const payload of subscriptionPayloads(events, options)) {
    i++;
    yield { name: `${String(i).padStart(6, "0")}.json.gz`, data: gzipSync(JSON.stringify(payload)), payload };
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
  for (const payload of subscriptionPayloads(events, options)) {
    if (first) {
      yield JSON.stringify(controlMessage(payload.logEvents[0]?.timestamp ?? 0));
      first = false;
    }
    yield JSON.stringify(payload);
  }
}
