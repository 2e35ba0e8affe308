import { StringDecoder } from "node:string_decoder";
import type { PlatformRecord, SourceContext } from "./types";
import type { ParseStats } from "./stats";
import { EventReader } from "./event-reader";

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

/** True when a first line is a CSV header naming a timestamp and a message column. */
export function isCsvHeader(firstLine: string): boolean {
  const cols = firstLine.split(",").map((c) => c.trim().replace(/^"|"$/g, "").toLowerCase());
  return cols.length >= 2 && cols.some((c) => COLUMN_ALIASES[c] === "message") && cols.some((c) => COLUMN_ALIASES[c] === "timestamp");
}

/** The console's "Download" CSV (`timestamp,message`, quoted messages with newlines inside) and Insights CSV. */
export class CsvContainer {
  private readonly decoder = new StringDecoder("utf8");
  private readonly events: EventReader;
  private header: string[] | null = null;
  private fields: string[] = [];
  private field = "";
  private inQuotes = false;
  private quoteSeen = false;
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
    if (this.inQuotes) this.stats.skip(this.ctx.source, this.recordLine, "CSV record with an unclosed quote (file cut short?)");
    else if (this.field !== "" || this.fields.length > 0) this.endRecord(out);
  }

  private feed(s: string, out: PlatformRecord[]): void {
    let field = this.field;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.inQuotes) {
        if (c === 34) {
          if (s.charCodeAt(i + 1) === 34) {
            field += '"';
            i++;
          } else this.inQuotes = false;
        } else {
          if (c === 10) this.line++;
          field += s[i];
        }
        continue;
      }
      if (c === 34 && field === "") {
        this.inQuotes = true;
        this.quoteSeen = true;
      } else if (c === 44) {
        this.fields.push(field);
        field = "";
      } else if (c === 10) {
        this.line++;
        this.fields.push(field);
        field = "";
        this.endRecord(out);
      } else if (c !== 13 || this.quoteSeen) field += s[i];
    }
    this.field = field;
  }

  private endRecord(out: PlatformRecord[]): void {
    if (this.field !== "") {
      this.fields.push(this.field);
      this.field = "";
    }
    const fields = this.fields;
    const line = this.recordLine;
    this.fields = [];
    this.quoteSeen = false;
    this.recordLine = this.line;
    if (fields.length === 1 && fields[0] === "") return;
    if (this.header === null) {
      this.header = fields.map((c) => COLUMN_ALIASES[c.trim().replace(/^\uFEFF/, "").toLowerCase()] ?? c);
      return;
    }
    const o: Record<string, string> = {};
    this.header.forEach((name, i) => {
      if (i < fields.length) o[name] = fields[i];
    });
    this.events.event(o, {}, line, out);
  }
}
