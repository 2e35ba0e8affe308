// Ground truth computed from the simulator's own model (never from lambdalens code), in
// the terms of section 6 of the log reference, so tests can compare analyzers against it.

import { NumberHeap } from "./min-heap";
import type { SynthEvent, SynthFunction } from "./events";

export interface InitFailureCounts {
  timeout: number;
  error: number;
}

export interface TruthCounters {
  /** REPORT lines (one per request id). */
  invocations: number;
  /** Invocations whose REPORT has Init Duration or Restore Duration. */
  coldStarts: number;
  /** Invocations whose REPORT has Restore Duration (SnapStart); included in coldStarts. */
  snapStartRestores: number;
  /** Environments with INIT_START whose first invocation has no Init Duration (it starts > 10 s after the init). */
  preInvokeInits: number;
  /** Environments with INIT_START and no invocation at all (failed inits included). */
  unusedInits: number;
  /** INIT_REPORT lines by status. */
  initFailures: InitFailureCounts;
  /** Invocations that ran into the function timeout (Status: timeout, or a Task timed out line). */
  timeouts: number;
  /** Of those, the ones logged the old way (no Status field, a `Task timed out` line instead). */
  timeoutLines: number;
  /** Exact peak: most [start, start + duration) half-open intervals open at one instant. */
  peakConcurrency: number;
  /** Σ (Billed Duration + Billed Restore Duration), ms. */
  billedMs: number;
  /** Σ (Billed Duration + Billed Restore Duration) / 1000 × Memory Size MB / 1024. */
  gbSeconds: number;
  /** Log streams (execution environments), failed ones included. */
  environments: number;
  /** INIT_START lines. */
  initStarts: number;
  /** Text-format log events (END and Task timed out lines included, JSON-only lines excluded). */
  events: number;
  /** First and last event timestamps, epoch ms; null when the function logged nothing. */
  windowStartMs: number | null;
  windowEndMs: number | null;
}

export interface FunctionTruth extends TruthCounters {
  functionName: string;
  logGroup: string;
  runtime: string;
  memoryMB: number;
  timeoutMs: number;
  snapStart: boolean;
}

export interface GroundTruth {
  generator: "lambdalens-synth";
  version: number;
  seed: number;
  /** The options that produced this truth (with the seed, enough to regenerate the logs). */
  options: {
    invocations: number;
    functions: string[];
    start: string;
    hours: number;
    appLines: number | null;
    extras: boolean;
    proactiveInits: boolean;
  };
  /** Simulated range, epoch ms (events of invocations started near the end may run past it). */
  rangeStartMs: number;
  rangeEndMs: number;
  /** Sums over the functions; peakConcurrency is the fleet-wide (account) exact peak. */
  totals: TruthCounters;
  functions: Record<string, FunctionTruth>;
}

export function emptyCounters(): TruthCounters {
  return {
    invocations: 0,
    coldStarts: 0,
    snapStartRestores: 0,
    preInvokeInits: 0,
    unusedInits: 0,
    initFailures: { timeout: 0, error: 0 },
    timeouts: 0,
    timeoutLines: 0,
    peakConcurrency: 0,
    billedMs: 0,
    gbSeconds: 0,
    environments: 0,
    initStarts: 0,
    events: 0,
    windowStartMs: null,
    windowEndMs: null,
  };
}

export function functionTruth(fn: SynthFunction): FunctionTruth {
  return {
    functionName: fn.name,
    logGroup: fn.logGroup,
    runtime: fn.runtime,
    memoryMB: fn.memoryMB,
    timeoutMs: fn.timeoutMs,
    snapStart: fn.snapStart,
    ...emptyCounters(),
  };
}

/** Exact peak concurrency by a sweep over START events in time order. */
export class ConcurrencySweep {
  private readonly open = new NumberHeap();
  peak = 0;

  /** startMs must be non-decreasing across calls; the interval is [start, start + duration). */
  add(startMs: number, durationCenti: number): void {
    const start = startMs * 100;
    while (this.open.size > 0 && this.open.peek() <= start) this.open.pop();
    this.open.push(start + durationCenti);
    if (this.open.size > this.peak) this.peak = this.open.size;
  }
}

/** Watches the emitted (time-ordered) events for what only the output order can tell. */
export class EmittedObserver {
  private readonly perFunction: ConcurrencySweep[] = [];
  private readonly fleet = new ConcurrencySweep();

  constructor(private readonly truths: FunctionTruth[]) {
    for (let i = 0; i < truths.length; i++) this.perFunction.push(new ConcurrencySweep());
  }

  observe(e: SynthEvent): void {
    const t = this.truths[e.fn.index] as FunctionTruth;
    if (t.windowStartMs === null) t.windowStartMs = e.timestamp;
    t.windowEndMs = e.timestamp;
    t.events++;
    if (e.kind === "start") {
      (this.perFunction[e.fn.index] as ConcurrencySweep).add(e.timestamp, e.durationCenti);
      this.fleet.add(e.timestamp, e.durationCenti);
    }
  }

  finish(): number {
    for (let i = 0; i < this.truths.length; i++) {
      (this.truths[i] as FunctionTruth).peakConcurrency = (this.perFunction[i] as ConcurrencySweep).peak;
    }
    return this.fleet.peak;
  }
}

export function sumTruths(functions: readonly FunctionTruth[], fleetPeak: number): TruthCounters {
  const total = emptyCounters();
  for (const f of functions) {
    total.invocations += f.invocations;
    total.coldStarts += f.coldStarts;
    total.snapStartRestores += f.snapStartRestores;
    total.preInvokeInits += f.preInvokeInits;
    total.unusedInits += f.unusedInits;
    total.initFailures.timeout += f.initFailures.timeout;
    total.initFailures.error += f.initFailures.error;
    total.timeouts += f.timeouts;
    total.timeoutLines += f.timeoutLines;
    total.billedMs += f.billedMs;
    total.gbSeconds += f.gbSeconds;
    total.environments += f.environments;
    total.initStarts += f.initStarts;
    total.events += f.events;
    if (f.windowStartMs !== null && (total.windowStartMs === null || f.windowStartMs < total.windowStartMs)) {
      total.windowStartMs = f.windowStartMs;
    }
    if (f.windowEndMs !== null && (total.windowEndMs === null || f.windowEndMs > total.windowEndMs)) {
      total.windowEndMs = f.windowEndMs;
    }
  }
  total.peakConcurrency = fleetPeak;
  return total;
}
