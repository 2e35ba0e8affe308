import type { PlatformRecord, SourceContext } from "./types";
import { MAX_LOOKALIKES_KEPT, type ParseStats } from "./stats";
import { eventTime, LineResult, malformedReason, newLineContext, parseTextMessage, type LineContext } from "./platform-text";
import { isPlatformEvent, parsePlatformEvent } from "./platform-json";
import { outOfRange } from "./value-ranges";
import { platformWordAt } from "./platform-words";
import { MAX_JSON_LINE_BYTES } from "./limits";

const VIRTUAL_MARK = "#env";

/** Names an environment the input did not name; real stream names never hold '#'. */
export function virtualStreamName(source: string, seq: number): string {
  return `${source}${VIRTUAL_MARK}${seq}`;
}

/**
 * Names the environment an INIT_START / RESTORE_START at `ts` opened, in an input that
 * names no stream: by its time, not its file, so two overlapping exports of a function
 * put the one init they share in one environment. `nth` tells inits of the same
 * millisecond in one file apart.
 */
export function initTimeStreamName(ts: number, nth: number): string {
  return `${VIRTUAL_MARK}@${ts}${nth > 1 ? `#${nth}` : ""}`;
}

export function isVirtualStream(name: string): boolean {
  return name.includes(VIRTUAL_MARK);
}

/**
 * Turns message lines into records, whatever container they came in. Where the input
 * names no log stream, each INIT_START / RESTORE_START opens a new environment, the
 * best that can be said of a plain copy-paste: named by its time where the line has one.
 */
export class MessageReader {
  readonly cx: LineContext;
  private envSeq = 0;
  private virtualStream: string;
  /** Inits seen per millisecond, for initTimeStreamName. */
  private readonly initsAt = new Map<number, number>();

  constructor(
    private readonly ctx: SourceContext,
    private readonly stats: ParseStats,
  ) {
    this.virtualStream = virtualStreamName(ctx.environmentScope ?? ctx.source, 0);
    this.cx = newLineContext(ctx.defaultFunction);
  }

  /**
   * Reads s[m, end) as one message line. The caller has set cx.fn, the time, cx.line and
   * cx.stream ("" when the input does not name one). `utf8` re-decodes the line when it turns out to be a JSON-format log line
   * (text containers decode as latin1 for speed).
   */
  read(
    s: string,
    m: number,
    end: number,
    out: PlatformRecord[],
    utf8?: (from: number, to: number) => string,
  ): void {
    const stats = this.stats;
    stats.linesRead++;
    const cx = this.cx;
    if (cx.stream === "") {
      const c = s.charCodeAt(m);
      if ((c === 73 && s.startsWith("INIT_START", m)) || (c === 82 && s.startsWith("RESTORE_START", m))) this.openEnvironment(eventTime(cx));
      cx.stream = this.virtualStream;
    }
    const before = out.length;
    switch (parseTextMessage(s, m, end, cx, out)) {
      case LineResult.Platform:
        if (this.rejected(out, before)) return;
        stats.platformLines++;
        return;
      case LineResult.Partial:
        if (this.rejected(out, before)) return;
        stats.platformLines++;
        stats.note(this.ctx.source, cx.line, malformedReason);
        return;
      case LineResult.Malformed:
        stats.skip(this.ctx.source, cx.line, malformedReason);
        return;
      case LineResult.Json:
        this.readJsonLine(utf8 ? utf8(m, end) : s.slice(m, end), out);
        return;
      case LineResult.Other:
        if (stats.platformLines === 0 && stats.lookalikes.length < MAX_LOOKALIKES_KEPT) this.noteLookalike(s, m, end, utf8);
        return;
    }
  }

  private noteLookalike(s: string, m: number, end: number, utf8?: (from: number, to: number) => string): void {
    const at = platformWordAt(s, m, end);
    if (at < 0) return;
    const from = Math.max(m, at - 40);
    const to = Math.min(end, at + 60);
    const text = (utf8 ? utf8(from, to) : s.slice(from, to)).replace(/\t/g, " ");
    this.stats.lookalikes.push({ source: this.ctx.source, line: this.cx.line, reason: `looks like a platform line, not read as one (it does not start the message): "${from > m ? "…" : ""}${text}${to < end ? "…" : ""}"` });
  }

  private openEnvironment(ts: number): void {
    if (Number.isFinite(ts)) {
      const nth = (this.initsAt.get(ts) ?? 0) + 1;
      this.initsAt.set(ts, nth);
      this.virtualStream = initTimeStreamName(ts, nth);
    } else this.virtualStream = virtualStreamName(this.ctx.environmentScope ?? this.ctx.source, ++this.envSeq);
  }

  private readJsonLine(text: string, out: PlatformRecord[]): void {
    if (!text.includes('"platform.')) return;
    if (text.length > MAX_JSON_LINE_BYTES) {
      this.stats.skip(this.ctx.source, this.cx.line, `JSON log line longer than ${MAX_JSON_LINE_BYTES >> 20} MiB: no platform event is that long; skipped`);
      return;
    }
    let o: unknown;
    try {
      o = JSON.parse(text);
    } catch {
      this.stats.skip(this.ctx.source, this.cx.line, "JSON log line that does not parse (cut short?)");
      return;
    }
    this.readPlatformObject(o, out);
  }

  /** A `platform.*` object from a JSON-format log line, a Telemetry API batch or NDJSON. */
  readPlatformObject(o: unknown, out: PlatformRecord[]): boolean {
    if (!isPlatformEvent(o)) return false;
    const before = out.length;
    if (!parsePlatformEvent(o, this.cx, out)) this.stats.skip(this.ctx.source, this.cx.line, `${o.type} without a requestId`);
    else if (!this.rejected(out, before)) this.stats.platformLines++;
    return true;
  }

  /** Takes back the record just read when its numbers cannot be real, and says why. */
  private rejected(out: PlatformRecord[], before: number): boolean {
    if (out.length === before) return false;
    const reason = outOfRange(out[out.length - 1]);
    if (reason === null) return false;
    out.length = before;
    this.stats.skip(this.ctx.source, this.cx.line, reason);
    return true;
  }
}
