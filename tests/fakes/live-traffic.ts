import type { FakeAws } from "./aws-endpoint";

/** A clock tests move by hand, shared by the fake endpoint and the reader. */
export class ManualClock {
  constructor(public t: number) {}
  readonly now = () => this.t;
}

/** Deterministic 0..1 numbers (mulberry32): the same traffic every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function reportLine(requestId: string, durationMs = 12.5): string {
  return `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(durationMs)} ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t\n`;
}

export function streamName(i: number, fn = ""): string {
  return `2025/09/01/${fn}[$LATEST]${i.toString(16).padStart(32, "0")}`;
}

export interface TrafficOptions {
  group: string;
  streams: number;
  /** Each stream's events reach the endpoint this long after their timestamp: 0..skewMs, drawn per stream. */
  skewMs: number;
  /** One invocation per stream this often (its REPORT is one event). */
  everyMs: number;
  seed?: number;
  /** Function named in the stream names (a log group shared by several functions), if any. */
  functionOf?: (stream: number) => string;
}

/**
 * Invocations written to several streams of a log group as time passes, each stream's
 * events reaching the fake endpoint late by that stream's own delay (the skew between
 * streams that made a follower lose events).
 */
export class LiveTraffic {
  readonly written: string[] = [];
  /** The newest timestamp written. */
  newestTs: number | null = null;
  readonly delays: number[];
  private next: number[];
  private n = 0;

  constructor(
    private readonly fake: FakeAws,
    private readonly o: TrafficOptions,
    start: number,
  ) {
    const rand = seeded(o.seed ?? 1);
    this.delays = Array.from({ length: o.streams }, () => Math.round(rand() * o.skewMs));
    this.next = Array.from({ length: o.streams }, (_, i) => start + Math.round((i * o.everyMs) / o.streams));
  }

  stream(i: number): string {
    return streamName(i, this.o.functionOf?.(i) ?? "");
  }

  /** Writes every invocation due up to `t` (its timestamp is when it is due), in time order. */
  writeUntil(t: number): void {
    for (;;) {
      let i = -1;
      for (let s = 0; s < this.next.length; s++) if (this.next[s] <= t && (i < 0 || this.next[s] < this.next[i])) i = s;
      if (i < 0) return;
      const ts = this.next[i];
      const id = `00000000-0000-4000-8000-${String(++this.n).padStart(12, "0")}`;
      // visible its stream's delay after its timestamp, however late this call comes
      this.written.push(...this.fake.addEvents(this.o.group, this.stream(i), [{ timestamp: ts, message: reportLine(id), ingestionTime: ts + this.delays[i] }]));
      this.next[i] += this.o.everyMs;
      this.newestTs = Math.max(this.newestTs ?? ts, ts);
    }
  }

  /** Invocations written so far. */
  get invocations(): number {
    return this.n;
  }
}
