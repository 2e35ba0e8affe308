import type { PlatformRecord, SourceContext } from "./types";
import type { ParseStats } from "./stats";
import { EventReader } from "./event-reader";

/** A CloudWatch log event as the API returns it. */
export interface LogEvent {
  logGroup?: string;
  logStream?: string;
  timestamp: number;
  message: string;
}

/** Parses log events fetched from the API (no container to sniff): the live ingester's entry. */
export class LogEventParser {
  private readonly reader: EventReader;
  private n = 0;

  constructor(ctx: SourceContext, stats: ParseStats) {
    this.reader = new EventReader(ctx, stats);
  }

  parse(events: readonly LogEvent[], out: PlatformRecord[]): void {
    for (const e of events) this.reader.message(e.message, e.timestamp, e.logStream ?? null, e.logGroup ?? null, ++this.n, out);
  }
}
