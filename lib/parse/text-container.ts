import type { PlatformRecord, SourceContext } from "./types";
import type { ParseStats } from "./stats";
import { MessageReader } from "./message-reader";
import { looksLikeTimestamp, timestampEnd } from "./timestamp";
import { looksLikeStream, NameCache } from "./names";
import { isSpace, skipSpaces, tokenEnd } from "./strings";
import { MAX_LINE_BYTES } from "./limits";
import { hasShape, learnLinePrefix, PREFIX_HEAD_BYTES, withoutSuffix, type LinePrefix } from "./line-prefix";
import { eventTime, setTime } from "./platform-text";

const RECENT_STREAMS = 16;

/**
 * Line-oriented exports: bare messages, S3 export (`<ISO> <msg>`), console copy
 * (`<ISO>\t<msg>`), `aws logs tail` (`<ISO> <stream> <msg>` or short), `sam logs`
 * (`<stream> <ISO> <msg>`). The prefix is read per line, so concatenated exports of
 * different shapes still parse. Anything else a file puts before every line (a capture
 * tool's time, table pipes) is learnt from its first lines, unless the context says it
 * already (a file read in parts learns it once, from its start).
 */
export class TextContainer {
  /** The unfinished last line, in pieces: joined only once its end arrives. */
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private lineNo = 0;
  private discarding = false;
  private readonly reader: MessageReader;
  private readonly names = new NameCache();
  private lastStream = "";
  /** Stream names seen last, most recent first, and the code of each one's last character. */
  private readonly recentStreams: string[] = [];
  private readonly recentLast: number[] = [];
  private buf: Buffer = Buffer.alloc(0);
  private readonly utf8 = (from: number, to: number): string => this.buf.toString("utf8", from, to);
  /** undefined while the file's first bytes are gathered to learn it from. */
  private prefix: LinePrefix | null | undefined;
  private head: Buffer[] = [];
  private headBytes = 0;
  /** The time on the line before, when that line held nothing else. */
  private timeAlone = NaN;

  constructor(
    private readonly ctx: SourceContext,
    private readonly stats: ParseStats,
  ) {
    this.reader = new MessageReader(ctx, stats);
    this.prefix = ctx.linePrefix;
  }

  push(chunk: Buffer, out: PlatformRecord[]): void {
    if (this.prefix !== undefined) {
      this.read(chunk, out);
      return;
    }
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes >= PREFIX_HEAD_BYTES) this.learn(out, false);
  }

  /** Lines seen so far (complete ones, and the last one once end() ran). */
  get lineCount(): number {
    return this.lineNo;
  }

  end(out: PlatformRecord[]): void {
    if (this.prefix === undefined) this.learn(out, true);
    if (this.carryBytes === 0 || this.discarding) return;
    const rest = this.joinCarry();
    if (this.stats.truncated) this.stats.note(this.ctx.source, this.lineNo + 1, "last line cut short by the broken compression: dropped");
    else this.lines(rest, rest.length, out);
  }

  private learn(out: PlatformRecord[], whole: boolean): void {
    const head = this.head.length === 1 ? this.head[0] : Buffer.concat(this.head);
    this.head = [];
    this.prefix = learnLinePrefix(head, whole);
    this.read(head, out);
  }

  private read(chunk: Buffer, out: PlatformRecord[]): void {
    let buf = chunk;
    if (this.discarding) {
      const nl = buf.indexOf(10);
      if (nl < 0) return;
      this.discarding = false;
      this.lineNo++;
      buf = buf.subarray(nl + 1);
    }
    if (this.carryBytes > 0) {
      // only the line cut at the chunk boundary is joined: copying whole chunks costs more than parsing them
      const nl = buf.indexOf(10);
      if (nl < 0) {
        this.keep(buf, out);
        return;
      }
      this.carry.push(buf.subarray(0, nl + 1));
      const joined = this.joinCarry();
      this.lines(joined, joined.length - 1, out);
      buf = buf.subarray(nl + 1);
    }
    const last = buf.lastIndexOf(10);
    if (last >= 0) this.lines(buf, last, out);
    if (last + 1 < buf.length) this.keep(buf.subarray(last + 1), out);
  }

  private joinCarry(): Buffer {
    const joined = this.carry.length === 1 ? this.carry[0] : Buffer.concat(this.carry);
    this.carry = [];
    this.carryBytes = 0;
    return joined;
  }

  private keep(rest: Buffer, out: PlatformRecord[]): void {
    this.carry.push(rest);
    this.carryBytes += rest.length;
    if (this.carryBytes <= MAX_LINE_BYTES) return;
    this.lines(this.joinCarry(), MAX_LINE_BYTES, out);
    this.stats.note(this.ctx.source, this.lineNo, `line longer than ${MAX_LINE_BYTES >> 20} MiB: read its start, dropped the rest`);
    this.lineNo--; // counted again when its newline arrives
    this.discarding = true;
  }

  /** Parses the complete lines in buf[0, end). */
  private lines(buf: Buffer, end: number, out: PlatformRecord[]): void {
    // latin1 keeps one character per byte, so string offsets are byte offsets.
    const s = buf.toString("latin1", 0, end);
    this.buf = buf;
    let pos = 0;
    const len = s.length;
    while (pos < len) {
      let nl = s.indexOf("\n", pos);
      if (nl < 0) nl = len;
      let e = nl;
      if (e > pos && s.charCodeAt(e - 1) === 13) e--;
      this.lineNo++;
      if (e > pos) this.line(s, pos, e, out);
      pos = nl + 1;
    }
  }

  /**
   * Reads the stream name at i into lastStream; returns where it ends. Lines of a few
   * streams interleave, so the names seen last are tried, their last characters first,
   * before anything is sliced.
   */
  private streamAt(s: string, i: number, end: number): number {
    const recent = this.recentStreams;
    for (let k = 0; k < recent.length; k++) {
      const name = recent[k];
      const e = i + name.length;
      if (s.charCodeAt(e - 1) === this.recentLast[k] && isSpace(s.charCodeAt(e)) && s.startsWith(name, i)) {
        if (k > 0) this.toFront(k);
        this.lastStream = name;
        return e;
      }
    }
    const e = tokenEnd(s, i, end);
    const name = (this.lastStream = this.names.get(s.slice(i, e)));
    if (recent.length < RECENT_STREAMS) {
      recent.push(name);
      this.recentLast.push(0);
    }
    recent[recent.length - 1] = name;
    this.recentLast[recent.length - 1] = name.charCodeAt(name.length - 1);
    this.toFront(recent.length - 1);
    return e;
  }

  private toFront(k: number): void {
    const name = this.recentStreams[k];
    const last = this.recentLast[k];
    for (let j = k; j > 0; j--) {
      this.recentStreams[j] = this.recentStreams[j - 1];
      this.recentLast[j] = this.recentLast[j - 1];
    }
    this.recentStreams[0] = name;
    this.recentLast[0] = last;
  }

  private line(s: string, start: number, end: number, out: PlatformRecord[]): void {
    const cx = this.reader.cx;
    let i = start;
    while (i < end && isSpace(s.charCodeAt(i))) i++;
    let stream = "";
    cx.tsFrom = -1;
    cx.ts = NaN;
    const p = this.prefix;
    if (p && hasShape(s, i, end, p.shape)) {
      if (p.timeKind === "iso") {
        cx.tsText = s;
        cx.tsFrom = i + p.timeFrom;
        cx.tsTo = i + p.timeTo;
      } else if (p.timeKind === "epochMs") setTime(cx, Number(s.slice(i + p.timeFrom, i + p.timeTo)));
      if (p.suffix) end = withoutSuffix(s, i, end, p.suffix);
      i = skipSpaces(s, i + p.shape.length, end);
    }
    if (looksLikeStream(s, i)) {
      const e = this.streamAt(s, i, end);
      stream = this.lastStream;
      i = skipSpaces(s, e, end);
    }
    if (looksLikeTimestamp(s, i)) {
      const e = timestampEnd(s, i, end);
      cx.tsText = s;
      cx.tsFrom = i;
      cx.tsTo = e;
      i = skipSpaces(s, e, end);
      if (stream === "" && looksLikeStream(s, i)) {
        const se = this.streamAt(s, i, end);
        stream = this.lastStream;
        i = skipSpaces(s, se, end);
      }
    }
    if (i >= end) {
      // the console's newer layout puts each event's time on a line of its own, before its message
      this.timeAlone = stream === "" && cx.tsFrom >= 0 ? eventTime(cx) : NaN;
      return;
    }
    if (cx.tsFrom < 0 && cx.ts !== cx.ts && this.timeAlone === this.timeAlone) setTime(cx, this.timeAlone);
    this.timeAlone = NaN;
    cx.line = this.lineNo;
    if (stream !== "") {
      if (stream !== cx.stream) cx.fn = this.names.functionOf(stream) ?? this.ctx.defaultFunction;
      cx.stream = stream;
    } else {
      cx.stream = this.ctx.defaultStream ?? "";
      cx.fn = this.ctx.defaultFunction;
    }
    this.reader.read(s, i, end, out, this.utf8);
  }
}

