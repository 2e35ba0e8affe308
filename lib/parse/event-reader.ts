import { gunzipSync } from "node:zlib";
import type { PlatformRecord, SourceContext } from "./types";
import type { ParseStats } from "./stats";
import { MessageReader } from "./message-reader";
import { setTime } from "./platform-text";
import { parseEpochMs } from "./timestamp";
import { functionFromGroup, NameCache } from "./names";
import { MAX_EVENT_NESTING, MAX_PAYLOAD_BYTES } from "./limits";
import { JsonContainer } from "./json-container";

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

  /** `nesting`: how many documents or payloads deep inside events this reader's input lies. */
  constructor(
    private readonly ctx: SourceContext,
    private readonly stats: ParseStats,
    private readonly nesting = 0,
  ) {
    this.reader = new MessageReader(ctx, stats);
  }

  /** One element of an export: an event, an Insights row, a platform object, or a nested payload. */
  event(o: unknown, doc: DocContext, line: number, out: PlatformRecord[], depth = this.nesting): void {
    const cx = this.reader.cx;
    cx.line = line;
    if (Array.isArray(o)) {
      this.event(insightsRow(o), doc, line, out, depth);
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
    const nested = awslogs && typeof awslogs.data === "string" ? awslogs.data : EVENT_ARRAYS.some((k) => Array.isArray(e[k])) ? e : null;
    if (nested !== null && depth >= MAX_EVENT_NESTING) {
      this.stats.linesRead++;
      this.stats.skip(this.ctx.source, line, `events nested more than ${MAX_EVENT_NESTING} documents or payloads deep: skipped (no export nests them so)`);
      return;
    }
    if (typeof nested === "string") this.encodedPayload(nested, line, out, depth + 1);
    else if (nested !== null) this.document(nested, line, out, depth + 1);
    else this.stats.linesRead++;
  }

  /** A whole parsed document: a subscription payload, or an export with an events array. */
  private document(d: Json, line: number, out: PlatformRecord[], depth: number): void {
    if (d.messageType === "CONTROL_MESSAGE") return;
    for (const k of EVENT_ARRAYS) {
      const list = d[k];
      if (Array.isArray(list)) for (const ev of list) this.event(ev, d, line, out, depth);
    }
  }

  /**
   * A subscription payload as a Lambda receives it: base64 of gzip of JSON. It is inflated
   * up to a limit and read like any JSON export, event by event, never parsed whole.
   */
  private encodedPayload(data: string, line: number, out: PlatformRecord[], depth: number): void {
    let json: Buffer;
    try {
      json = gunzipSync(Buffer.from(data, "base64"), { maxOutputLength: MAX_PAYLOAD_BYTES });
    } catch (e) {
      const tooBig = (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
      this.stats.skip(
        this.ctx.source,
        line,
        tooBig ? `awslogs.data inflates to more than ${MAX_PAYLOAD_BYTES >> 20} MiB, which no subscription payload does: skipped` : "awslogs.data is not base64 of a gzipped subscription payload",
      );
      return;
    }
    const payload = new JsonContainer(this.ctx, this.stats, depth, line);
    payload.push(json, out);
    payload.end(out);
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
