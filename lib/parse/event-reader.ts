import { gunzipSync } from "node:zlib";
import type { PlatformRecord, SourceContext } from "./types";
import type { ParseStats } from "./stats";
import { MessageReader } from "./message-reader";
import { setTime } from "./platform-text";
import { parseEpochMs } from "./timestamp";
import { functionFromGroup, NameCache } from "./names";

type Json = Record<string, unknown>;

/** Document-level context: what a payload or export says about all its events. */
export interface DocContext {
  logGroup?: unknown;
  logStream?: unknown;
  messageType?: unknown;
}

const EVENT_ARRAYS = ["events", "logEvents", "results"] as const;

function text(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

/**
 * Log events from structured containers (CloudWatch API JSON, subscription payloads,
 * Logs Insights rows, CSV rows, Telemetry API objects) into message lines.
 */
export class EventReader {
  readonly reader: MessageReader;
  private readonly names = new NameCache();
  private readonly fnByGroup = new Map<string, string>();

  constructor(
    private readonly ctx: SourceContext,
    private readonly stats: ParseStats,
  ) {
    this.reader = new MessageReader(ctx, stats);
  }

  /** One element of an export: an event, an Insights row, a platform object, or a nested payload. */
  event(o: unknown, doc: DocContext, line: number, out: PlatformRecord[]): void {
    const cx = this.reader.cx;
    cx.line = line;
    if (Array.isArray(o)) {
      this.event(insightsRow(o), doc, line, out);
      return;
    }
    if (typeof o !== "object" || o === null) {
      this.stats.linesRead++;
      this.stats.skip(this.ctx.source, line, "a JSON value that is not a log event");
      return;
    }
    const e = o as Json;
    if (typeof e.type === "string" && e.type.startsWith("platform.")) {
      this.stats.linesRead++;
      cx.fn = this.ctx.defaultFunction;
      cx.stream = this.ctx.defaultStream ?? "";
      setTime(cx, NaN);
      this.reader.readPlatformObject(e, out);
      return;
    }
    const message = text(e["@message"]) ?? text(e.message);
    if (message !== null) {
      const ts = parseEpochMs(e["@timestamp"] ?? e.timestamp);
      const stream = text(e["@logStream"]) ?? text(e["@logStreamName"]) ?? text(e.logStreamName) ?? text(doc.logStream);
      const group = text(e["@log"]) ?? text(e.logGroupName) ?? text(doc.logGroup);
      this.message(message, ts, stream, group, line, out);
      return;
    }
    const awslogs = e.awslogs as Json | undefined;
    if (awslogs && typeof awslogs.data === "string") {
      this.encodedPayload(awslogs.data, line, out);
      return;
    }
    if (EVENT_ARRAYS.some((k) => Array.isArray(e[k]))) {
      this.document(e, line, out);
      return;
    }
    this.stats.linesRead++;
  }

  /** A whole parsed document: a subscription payload, or an export with an events array. */
  document(d: Json, line: number, out: PlatformRecord[]): void {
    if (d.messageType === "CONTROL_MESSAGE") return;
    for (const k of EVENT_ARRAYS) {
      const list = d[k];
      if (Array.isArray(list)) for (const ev of list) this.event(ev, d, line, out);
    }
  }

  /** A subscription payload as a Lambda receives it: base64 of gzip of JSON. */
  private encodedPayload(data: string, line: number, out: PlatformRecord[]): void {
    let doc: unknown;
    try {
      doc = JSON.parse(gunzipSync(Buffer.from(data, "base64")).toString("utf8"));
    } catch {
      this.stats.skip(this.ctx.source, line, "awslogs.data is not base64 of a gzipped subscription payload");
      return;
    }
    if (typeof doc === "object" && doc !== null) this.document(doc as Json, line, out);
  }

  /** The lines of one log event (a REPORT may carry its XRAY line after a newline). */
  message(message: string, ts: number, stream: string | null, group: string | null, line: number, out: PlatformRecord[]): void {
    const cx = this.reader.cx;
    // a stream that names its function wins over the group: custom log groups are shared
    cx.fn = (stream && this.names.functionOf(stream)) ?? (group !== null ? this.fnFor(group) : this.ctx.defaultFunction);
    const streamName = stream !== null ? this.names.get(stream) : (this.ctx.defaultStream ?? "");
    let pos = 0;
    const len = message.length;
    while (pos < len) {
      let nl = message.indexOf("\n", pos);
      if (nl < 0) nl = len;
      let end = nl;
      if (end > pos && message.charCodeAt(end - 1) === 13) end--;
      if (end > pos) {
        setTime(cx, ts);
        cx.line = line;
        cx.stream = streamName;
        this.reader.read(message, pos, end, out);
      }
      pos = nl + 1;
    }
  }

  private fnFor(group: string): string {
    let fn = this.fnByGroup.get(group);
    if (fn === undefined) {
      fn = this.names.get(functionFromGroup(group));
      this.fnByGroup.set(group, fn);
    }
    return fn;
  }
}

/** Logs Insights `get-query-results` rows are lists of {field, value}. */
function insightsRow(row: unknown[]): Json {
  const o: Json = {};
  for (const cell of row) {
    if (typeof cell === "object" && cell !== null) {
      const { field, value } = cell as Json;
      if (typeof field === "string") o[field] = value;
    }
  }
  return o;
}
