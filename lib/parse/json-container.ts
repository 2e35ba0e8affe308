import type { PlatformRecord, SourceContext } from "./types";
import type { ParseStats } from "./stats";
import { EventReader } from "./event-reader";
import { JsonScanner, type JsonSink } from "./json-scanner";

type Json = Record<string, unknown>;

const EVENT_KEYS = new Set(["events", "logEvents", "results"]);
/** Events wait for the document's logGroup / messageType (which may come after them) up to this many. */
const MAX_PENDING = 20_000;

/**
 * JSON exports: one document (get/filter-log-events, a subscription payload, Insights
 * results), a top-level array (Telemetry API batch), NDJSON, or payloads back to back
 * (Firehose). Events are parsed one by one as the scanner finds them.
 */
export class JsonContainer implements JsonSink {
  private readonly scanner = new JsonScanner(this);
  private readonly events: EventReader;
  private doc: Json = {};
  private pending: { o: unknown; line: number }[] = [];
  private hadEvents = false;
  private out: PlatformRecord[] = [];
  private docLine = 1;

  constructor(
    private readonly ctx: SourceContext,
    private readonly stats: ParseStats,
  ) {
    this.events = new EventReader(ctx, stats);
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

  member(key: string, text: string, line: number): void {
    const v = this.parse(text, line);
    if (v === undefined) return;
    if (Object.keys(this.doc).length === 0) this.docLine = line;
    this.doc[key] = v;
  }

  element(key: string | null, text: string, line: number): void {
    if (key !== null && !EVENT_KEYS.has(key)) return;
    const o = this.parse(text, line);
    if (o === undefined) return;
    if (key === null) {
      this.events.event(o, {}, line, this.out);
      return;
    }
    this.hadEvents = true;
    this.pending.push({ o, line });
    if (this.pending.length >= MAX_PENDING) this.flush();
  }

  topEnd(): void {
    if (!this.hadEvents && Object.keys(this.doc).length > 0) {
      // a whole object that is itself an event: an NDJSON line, a Telemetry event, a wrapped payload
      this.events.event(this.doc, {}, this.docLine, this.out);
    }
    this.flush();
    this.doc = {};
    this.hadEvents = false;
  }

  error(reason: string, line: number, abandon: boolean): void {
    this.stats.skip(this.ctx.source, line, `invalid JSON: ${reason}`);
    if (abandon) {
      this.flush();
      this.doc = {};
      this.hadEvents = false;
    }
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const skip = this.doc.messageType === "CONTROL_MESSAGE";
    for (const { o, line } of this.pending) {
      if (!skip) this.events.event(o, this.doc, line, this.out);
    }
    this.pending = [];
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
