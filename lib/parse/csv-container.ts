import { StringDecoder } from "node:string_decoder";
import type { PlatformRecord, SourceContext } from "./types";
import type { ParseStats } from "./stats";
import { EventReader } from "./event-reader";
import { MAX_CSV_RECORD_CHARS } from "./limits";

const COLUMN_ALIASES: Record<string, string> = {
  timestamp: "timestamp",
  "@timestamp": "timestamp",
  message: "message",
  "@message": "message",
  "@logstream": "logStreamName",
  logstream: "logStreamName",
  logstreamname: "logStreamName",
  "@log": "logGroupName",
  loggroup: "logGroupName",
  loggroupname: "logGroupName",
};

/** The console's Download CSV with its header line left out: `<epoch ms>,"<message>"` rows. */
const HEADERLESS_COLUMNS = ["timestamp", "message"];
const EPOCH = /^\d{10,16}$/;

/** True when a first line is a CSV header naming a timestamp and a message column. */
export function isCsvHeader(firstLine: string): boolean {
  const cols = firstLine.split(",").map((c) => c.trim().replace(/^"|"$/g, "").toLowerCase());
  return cols.length >= 2 && cols.some((c) => COLUMN_ALIASES[c] === "message") && cols.some((c) => COLUMN_ALIASES[c] === "timestamp");
}

/** True when a first line starts a CSV: its header, or a console Download row without one. */
export function isCsvStart(firstLine: string): boolean {
  return isCsvHeader(firstLine) || /^\d{10,16},"/.test(firstLine);
}

/**
 * The console's "Download" CSV (`timestamp,message`, quoted messages with newlines
 * inside, with or without the header line) and Insights CSV. Fields are cut from the
 * text in runs, not built a character at a time, and a record may not grow past
 * MAX_CSV_RECORD_CHARS: a quote that never closes costs no more memory than that.
 */
export class CsvContainer {
  private readonly decoder = new StringDecoder("utf8");
  private readonly events: EventReader;
  private header: string[] | null = null;
  private fields: string[] = [];
  private field = "";
  private inQuotes = false;
  /** The text ended on a quote inside a quoted field: a closing one, or the first of `""`. */
  private quoteAtEnd = false;
  private recordChars = 0;
  /** The record in progress passed MAX_CSV_RECORD_CHARS: its text is dropped until it ends. */
  private oversized = false;
  private line = 1;
  private recordLine = 1;

  constructor(
    private readonly ctx: SourceContext,
    private readonly stats: ParseStats,
  ) {
    this.events = new EventReader(ctx, stats);
  }

  push(chunk: Buffer, out: PlatformRecord[]): void {
    this.feed(this.decoder.write(chunk), out);
  }

  end(out: PlatformRecord[]): void {
    this.feed(this.decoder.end(), out);
    if (this.quoteAtEnd) this.inQuotes = this.quoteAtEnd = false;
    if (this.inQuotes) {
      this.stats.skip(this.ctx.source, this.recordLine, `CSV record with a quote that never closes (file cut short?)${this.oversized ? `, over ${MAX_CSV_RECORD_CHARS >> 20} MiB long` : ""}: skipped`);
    } else if (this.field !== "" || this.fields.length > 0 || this.oversized) this.endRecord(out);
  }

  private feed(s: string, out: PlatformRecord[]): void {
    const n = s.length;
    let i = 0;
    if (this.quoteAtEnd && n > 0) {
      this.quoteAtEnd = false;
      if (s.charCodeAt(0) === 34) {
        this.add(s, 0, 1);
        i = 1;
      } else this.inQuotes = false;
    }
    while (i < n) {
      if (this.inQuotes) {
        const q = s.indexOf('"', i);
        this.add(s, i, q < 0 ? n : q);
        if (q < 0) return;
        if (q + 1 === n) {
          this.quoteAtEnd = true;
          return;
        }
        if (s.charCodeAt(q + 1) === 34) {
          this.add(s, q, q + 1);
          i = q + 2;
        } else {
          this.inQuotes = false;
          i = q + 1;
        }
        continue;
      }
      if (s.charCodeAt(i) === 34 && this.field === "") {
        this.inQuotes = true;
        i++;
        continue;
      }
      let j = i;
      let c = 0;
      while (j < n && (c = s.charCodeAt(j)) !== 44 && c !== 10 && c !== 13) j++;
      this.add(s, i, j);
      if (j === n) return;
      i = j + 1;
      if (c === 13) continue;
      this.endField();
      if (c === 10) {
        this.line++;
        this.endRecord(out);
      }
    }
  }

  /** Adds s[from, to) to the field in progress, counting its line breaks. */
  private add(s: string, from: number, to: number): void {
    if (to <= from) return;
    if (this.inQuotes) for (let k = s.indexOf("\n", from); k >= 0 && k < to; k = s.indexOf("\n", k + 1)) this.line++;
    if (this.grow(to - from)) this.field += s.slice(from, to);
  }

  private endField(): void {
    if (this.grow(1)) this.fields.push(this.field);
    this.field = "";
  }

  /** Whether the record in progress may grow by n characters (a field counts one more). */
  private grow(n: number): boolean {
    if (this.oversized) return false;
    this.recordChars += n;
    if (this.recordChars <= MAX_CSV_RECORD_CHARS) return true;
    this.oversized = true;
    this.field = "";
    this.fields = [];
    return false;
  }

  private endRecord(out: PlatformRecord[]): void {
    if (this.field !== "") {
      this.fields.push(this.field);
      this.field = "";
    }
    const fields = this.fields;
    const line = this.recordLine;
    const oversized = this.oversized;
    this.fields = [];
    this.oversized = false;
    this.recordChars = 0;
    this.recordLine = this.line;
    if (oversized) {
      this.stats.linesRead++;
      this.stats.skip(this.ctx.source, line, `CSV record longer than ${MAX_CSV_RECORD_CHARS >> 20} MiB, more than any log event: skipped`);
      return;
    }
    if (fields.length === 1 && fields[0] === "") return;
    if (this.header === null) {
      if (fields.length >= 2 && EPOCH.test(fields[0].trim())) this.header = HEADERLESS_COLUMNS;
      else {
        this.header = fields.map((c) => COLUMN_ALIASES[c.trim().replace(/^\uFEFF/, "").toLowerCase()] ?? c);
        return;
      }
    }
    const o: Record<string, string> = {};
    this.header.forEach((name, i) => {
      if (i < fields.length) o[name] = fields[i];
    });
    this.events.event(o, {}, line, out);
  }
}
