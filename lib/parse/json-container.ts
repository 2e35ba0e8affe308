import type { PlatformRecord, SourceContext } from "./types";
import type { ParseStats } from "./stats";
import { EventReader } from "./event-reader";
import { JsonScanner, type JsonSink } from "./json-scanner";
import { MAX_JSON_VALUE_BYTES, MAX_PENDING_BYTES, MAX_PENDING_EVENTS } from "./limits";

type Json = Record<string, unknown>;

const EVENT_KEYS = new Set(["events", "logEvents", "results"]);

/**
 * JSON exports: one document (get/filter-log-events, a subscription payload, Insights
 * results), a top-level array (Telemetry API batch), NDJSON, or payloads back to back
 * (Firehose). Events are parsed one by one as the scanner finds them.
 */
export class JsonContainer implements JsonSink {
  private readonly scanner = new JsonScanner(this);
  private readonly events: EventReader;
  private doc: Json = {};
  /** Bytes of the document's members so far: one object's members may not fill memory either. */
  private docBytes = 0;
  /** Events wait for the document's logGroup / messageType, which may come after them. */
  private pending: { o: unknown; line: number }[] = [];
  private pendingBytes = 0;
  private hadEvents = false;
  private out: PlatformRecord[] = [];
  private docLine = 1;

  /**
   * `nesting` and `atLine` are for a payload inside an event (`awslogs.data`): how deep it
   * lies, and the line of that event, which is where everything inside it is reported.
   */
  constructor(
    private readonly ctx: SourceContext,
    private readonly stats: ParseStats,
    nesting = 0,
    private readonly atLine?: number,
  ) {
    this.events = new EventReader(ctx, stats, nesting);
  }

  push(chunk: Buffer, out: PlatformRecord[]): void {
    this.out = out;
    this.scanner.push(chunk);
  }

  end(out: PlatformRecord[]): void {
    this.out = out;
    this.scanner.end();
    this.flush();
  }

  member(key: string, text: string, at: number): void {
    const line = this.atLine ?? at;
    this.docBytes += text.length;
    if (this.docBytes > MAX_JSON_VALUE_BYTES) {
      this.stats.linesRead++;
      this.stats.skip(this.ctx.source, line, `member "${key.slice(0, 40)}" skipped: the object's members pass ${MAX_JSON_VALUE_BYTES >> 20} MiB, more than any log event or payload holds`);
      return;
    }
    const v = this.parse(text, line);
    if (v === undefined) return;
    if (Object.keys(this.doc).length === 0) this.docLine = line;
    this.doc[key] = v;
  }

  element(key: string | null, text: string, at: number): void {
    if (key !== null && !EVENT_KEYS.has(key)) return;
    const line = this.atLine ?? at;
    const o = this.parse(text, line);
    if (o === undefined) return;
    if (key === null) {
      this.events.event(o, {}, line, this.out);
      return;
    }
    this.hadEvents = true;
    this.pending.push({ o, line });
    this.pendingBytes += text.length;
    if (this.pending.length >= MAX_PENDING_EVENTS || this.pendingBytes >= MAX_PENDING_BYTES) this.flush();
  }

  topEnd(): void {
    if (!this.hadEvents && Object.keys(this.doc).length > 0) {
      // a whole object that is itself an event: an NDJSON line, a Telemetry event, a wrapped payload
      this.events.event(this.doc, {}, this.docLine, this.out);
    }
    this.flush();
    this.newDocument();
  }

  error(reason: string, line: number, abandon: boolean): void {
    this.stats.skip(this.ctx.source, this.atLine ?? line, `invalid JSON: ${reason}`);
    if (abandon) {
      this.flush();
      this.newDocument();
    }
  }

  private newDocument(): void {
    this.doc = {};
    this.docBytes = 0;
    this.hadEvents = false;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const skip = this.doc.messageType === "CONTROL_MESSAGE";
    for (const { o, line } of this.pending) {
      if (!skip) this.events.event(o, this.doc, line, this.out);
    }
    this.pending = [];
    this.pendingBytes = 0;
  }

  private parse(text: string, line: number): unknown {
    try {
      return JSON.parse(text);
    } catch (e) {
      this.stats.linesRead++;
      this.stats.skip(this.ctx.source, line, `invalid JSON (${(e as Error).message})`);
      return undefined;
    }
  }
}
