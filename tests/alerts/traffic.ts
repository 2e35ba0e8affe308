import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Data time the tests' traffic starts at (not the wall clock: alerts run on data time). */
export const T0 = Date.UTC(2026, 10, 1, 12, 0);
export const minute = (i: number) => T0 + i * 60_000;

/** `concurrency` invocations all open together in one minute, each on its own environment. */
export interface Burst {
  minute: number;
  concurrency: number;
  durationMs?: number;
  /** how many of them report an Init Duration (cold starts); default: those on a new environment */
  cold?: number;
  initMs?: number;
  timeouts?: number;
  /** INIT_START lines for new environments (their births, for the scaling rate) */
  initStarts?: boolean;
  /** INIT_REPORT lines with Status: timeout */
  initFailures?: number;
}

let counter = 0;
const requestId = () => {
  const h = (++counter).toString(16).padStart(12, "0");
  return `0000${h.slice(0, 4)}-0000-4000-8000-${h}`;
};
const iso = (ms: number) => new Date(ms).toISOString();

export interface StreamEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
}

/**
 * The log events of the bursts, as Lambda would log them: START and REPORT per request,
 * INIT_START per new environment when asked. Environments are reused from burst to
 * burst, like warm Lambda sandboxes. Sorted by time.
 */
export function logEvents(fn: string, bursts: Burst[]): StreamEvent[] {
  const events: StreamEvent[] = [];
  const seen = new Set<string>();
  for (const b of bursts) {
    const d = b.durationMs ?? 30_000;
    for (let i = 0; i < b.concurrency; i++) {
      const stream = `2026/11/01/[$LATEST]${fn.replace(/[^a-z0-9]/gi, "")}${i.toString(16).padStart(8, "0")}`;
      const fresh = !seen.has(stream);
      seen.add(stream);
      const start = b.minute + 1000 + i;
      const cold = b.cold !== undefined ? i < b.cold : fresh;
      if (b.initStarts && fresh) events.push({ logStreamName: stream, timestamp: start - 300, message: "INIT_START Runtime Version: nodejs:20.v40\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:abc\n" });
      if (i < (b.initFailures ?? 0)) events.push({ logStreamName: stream, timestamp: start - 200, message: "INIT_REPORT Init Duration: 10000.09 ms\tPhase: init\tStatus: timeout\n" });
      const id = requestId();
      const timeout = i < (b.timeouts ?? 0);
      events.push({ logStreamName: stream, timestamp: start, message: `START RequestId: ${id} Version: $LATEST\n` });
      const init = cold ? `\tInit Duration: ${(b.initMs ?? 250).toFixed(2)} ms` : "";
      events.push({
        logStreamName: stream,
        timestamp: start + d,
        message: `REPORT RequestId: ${id}\tDuration: ${d.toFixed(2)} ms\tBilled Duration: ${d} ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB${init}${timeout ? "\tStatus: timeout" : ""}\t\n`,
      });
    }
  }
  return events.sort((a, b) => a.timestamp - b.timestamp);
}

/** The bursts as a filter-log-events export (events with stream and time), written to a file. */
export function logExport(fn: string, bursts: Burst[]): string {
  const events = logEvents(fn, bursts);
  const dir = mkdtempSync(join(tmpdir(), "lambdalens-alerts-"));
  // a file whose lines name no function is named after the file
  const path = join(dir, `${fn}.json`);
  writeFileSync(path, JSON.stringify({ events: events.map((e, i) => ({ ...e, ingestionTime: e.timestamp + 500, eventId: String(i) })) }));
  return path;
}

/** Steady traffic at one concurrency for minutes [from, to). */
export function steady(from: number, to: number, concurrency: number, more: Partial<Burst> = {}): Burst[] {
  return Array.from({ length: to - from }, (_, i) => ({ minute: minute(from + i), concurrency, ...more }));
}

export { iso };
