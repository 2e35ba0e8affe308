// The fleet simulator. Functions get invocations minute by minute; each invocation is
// served by an idle execution environment or a new one (cold start), environments expire
// after idle minutes or at their maximum age, and Lambda sometimes initializes
// environments ahead of demand. Events go through a min-heap and come out in time order,
// so memory stays flat however many invocations are generated.

import { catalogTemplates, FUNCTION_CATALOG, type FunctionTemplate } from "./catalog";
import { newEvent, type SynthEvent, type SynthFunction } from "./events";
import { MinHeap } from "./min-heap";
import { Rng } from "./random";
import { streamDate } from "./time-format";
import { apportion, MinuteCounts, planTraffic } from "./traffic";
import { EmittedObserver, functionTruth, sumTruths, type FunctionTruth, type GroundTruth } from "./truth";

export const SYNTH_VERSION = 1;
export const DEFAULT_START = "2025-09-01T00:00:00.000Z";
const MINUTE_MS = 60_000;
const SLICES_PER_MINUTE = 60;
/** On-demand init limit: a first invocation more than this after INIT_START is a pre-invoke init. */
const ON_DEMAND_INIT_LIMIT_MS = 10_000;

export interface SynthOptions {
  /** PRNG seed (default 1). */
  seed?: number;
  /** Total invocations across the fleet (default 10,000); the generated total is exactly this. */
  invocations?: number;
  /** How many functions from the catalog (default 6), or their names. */
  functions?: number | readonly string[];
  /** Simulate only these functions of the fleet; their events and truth are the same as in the full run. */
  only?: readonly string[];
  /** Start of the simulated range (default 2025-09-01T00:00:00Z). */
  start?: number | string | Date;
  /** Length of the simulated range in hours (default 24). */
  hours?: number;
  /** Application log lines per invocation; default 1 to 3. */
  appLines?: number;
  /** XRAY lines, EXTENSION lines, old-style timeout lines and INIT_REPORT failures (default true). */
  extras?: boolean;
  /** Environments Lambda initializes ahead of demand (default true). */
  proactiveInits?: boolean;
  region?: string;
  accountId?: string;
}

export interface ResolvedOptions {
  seed: number;
  invocations: number;
  startMs: number;
  endMs: number;
  minutes: number;
  appLines: number | null;
  extras: boolean;
  proactiveInits: boolean;
  region: string;
  accountId: string;
}

interface Environment {
  stream: string;
  freeAt: number;
  idleTtlMs: number;
  retireAt: number;
  used: boolean;
  proactive: boolean;
}

const envByFreeAt = (a: Environment, b: Environment): boolean => a.freeAt < b.freeAt;
const eventOrder = (a: SynthEvent, b: SynthEvent): boolean =>
  a.timestamp !== b.timestamp
    ? a.timestamp < b.timestamp
    : a.fn.index !== b.fn.index
      ? a.fn.index < b.fn.index
      : a.seq < b.seq;

function parseStart(start: SynthOptions["start"]): number {
  if (start === undefined) return Date.parse(DEFAULT_START);
  const ms = start instanceof Date ? start.getTime() : typeof start === "number" ? start : Date.parse(start);
  if (!Number.isFinite(ms)) throw new Error(`invalid start time: ${String(start)}`);
  return Math.floor(ms);
}

export function resolveOptions(options: SynthOptions = {}): ResolvedOptions {
  const seed = options.seed ?? 1;
  const invocations = options.invocations ?? 10_000;
  const hours = options.hours ?? 24;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  if (!Number.isInteger(invocations) || invocations < 0) throw new Error(`invocations must be a non-negative integer`);
  if (!(hours > 0)) throw new Error(`hours must be positive`);
  if (options.appLines !== undefined && (!Number.isInteger(options.appLines) || options.appLines < 0)) {
    throw new Error(`appLines must be a non-negative integer`);
  }
  const startMs = parseStart(options.start);
  const minutes = Math.max(1, Math.round(hours * 60));
  return {
    seed,
    invocations,
    startMs,
    endMs: startMs + minutes * MINUTE_MS,
    minutes,
    appLines: options.appLines ?? null,
    extras: options.extras ?? true,
    proactiveInits: options.proactiveInits ?? true,
    region: options.region ?? "us-east-1",
    accountId: options.accountId ?? "123456789012",
  };
}

function templatesFor(functions: SynthOptions["functions"]): FunctionTemplate[] {
  if (functions === undefined) return catalogTemplates(6);
  if (typeof functions === "number") return catalogTemplates(functions);
  return functions.map((name) => {
    const m = /^(.*?)(?:-(\d+))?$/.exec(name);
    const base = FUNCTION_CATALOG.find((t) => t.name === name) ?? FUNCTION_CATALOG.find((t) => t.name === m?.[1]);
    if (!base) throw new Error(`unknown function '${name}'; known: ${FUNCTION_CATALOG.map((t) => t.name).join(", ")}`);
    return { ...base, name };
  });
}

/** The functions of the fleet described by the options, in fleet order. */
export function fleetFunctions(options: SynthOptions = {}): SynthFunction[] {
  const r = resolveOptions(options);
  return templatesFor(options.functions).map((t, index) => toFunction(t, index, r));
}

function toFunction(t: FunctionTemplate, index: number, r: ResolvedOptions): SynthFunction {
  // The runtime ARN hash is fixed per runtime version, as in real logs.
  const arnRng = Rng.derive(r.seed, `runtime:${t.runtimeVersion}`);
  return {
    index,
    name: t.name,
    logGroup: `/aws/lambda/${t.name}`,
    functionArn: `arn:aws:lambda:${r.region}:${r.accountId}:function:${t.name}`,
    runtime: t.runtime,
    runtimeVersion: t.runtimeVersion,
    runtimeVersionArn: `arn:aws:lambda:${r.region}::runtime:${arnRng.hex(64)}`,
    memoryMB: t.memoryMB,
    timeoutMs: t.timeoutMs,
    version: t.snapStart ? (t.version ?? "1") : "$LATEST",
    snapStart: t.snapStart === true,
    xray: t.xray === true,
    extension: t.extension ?? null,
    appLogStyle: t.appLogStyle,
  };
}

/** Simulation state of one function; all its randomness comes from its own stream. */
class FunctionSim {
  private readonly idle: Environment[] = [];
  private readonly busy = new MinHeap<Environment>(envByFreeAt);
  private seq = 0;
  private readonly counts: MinuteCounts;
  private readonly arrivals: number[] = [];
  private nextArrival = 0;

  constructor(
    readonly fn: SynthFunction,
    private readonly t: FunctionTemplate,
    readonly truth: FunctionTruth,
    private readonly rng: Rng,
    count: number,
    private readonly o: ResolvedOptions,
    private readonly pending: MinHeap<SynthEvent>,
  ) {
    this.counts = new MinuteCounts(planTraffic(t, o.startMs, o.minutes, rng), count);
  }

  /** Draws the minute's arrivals; `advance` then serves them. */
  beginMinute(minute: number): void {
    const minuteStart = this.o.startMs + minute * MINUTE_MS;
    this.expireIdle(minuteStart);
    // Lambda also replaces and pre-warms environments on its own schedule.
    if (this.o.proactiveInits && !this.fn.snapStart && this.rng.chance(0.008)) {
      this.spawnProactive(minuteStart + this.rng.int(MINUTE_MS));
    }
    const n = this.counts.next(minute, this.rng);
    const arrivals = this.arrivals;
    arrivals.length = 0;
    for (let i = 0; i < n; i++) arrivals.push(minuteStart + this.rng.int(MINUTE_MS));
    arrivals.sort((a, b) => a - b);
    this.nextArrival = 0;
  }

  /** Serves the arrivals before `until`. */
  advance(until: number): void {
    const arrivals = this.arrivals;
    while (this.nextArrival < arrivals.length && (arrivals[this.nextArrival] as number) < until) {
      this.invoke(arrivals[this.nextArrival++] as number);
    }
  }

  finish(): void {
    for (const env of this.idle) this.retire(env);
    for (const env of this.busy.drain()) this.retire(env);
    this.idle.length = 0;
  }

  private emit(kind: SynthEvent["kind"], stream: string, ts: number, requestId: string): SynthEvent {
    const e = newEvent(this.fn, stream, kind, ts, requestId, this.seq++);
    this.pending.push(e);
    return e;
  }

  private retire(env: Environment): void {
    if (!env.used) this.truth.unusedInits++;
  }

  private expired(env: Environment, at: number): boolean {
    return at - env.freeAt > env.idleTtlMs || at >= env.retireAt;
  }

  private expireIdle(at: number): void {
    let kept = 0;
    for (const env of this.idle) {
      if (this.expired(env, at)) this.retire(env);
      else this.idle[kept++] = env;
    }
    this.idle.length = kept;
  }

  private newEnvironment(at: number, proactive: boolean): Environment {
    const stream = `${streamDate(at)}/[${this.fn.version}]${this.rng.hex(32)}`;
    this.truth.environments++;
    return {
      stream,
      freeAt: at,
      idleTtlMs: Math.round(this.rng.range(5, 15) * MINUTE_MS),
      retireAt: at + Math.round(this.rng.range(90, 150) * MINUTE_MS),
      used: false,
      proactive,
    };
  }

  private initDurationCenti(): number {
    const ms = Math.min(9_000, Math.max(40, this.rng.lognormal(this.t.initMedianMs, 0.35)));
    return Math.round(ms * 100);
  }

  /** INIT_START (and an EXTENSION line) for a new environment at `at`. */
  private logInitStart(env: Environment, at: number): void {
    this.emit("initStart", env.stream, at, "");
    this.truth.initStarts++;
    if (this.o.extras && this.fn.extension) this.emit("extension", env.stream, at + 1 + this.rng.int(40), "");
  }

  private spawnProactive(at: number): void {
    const env = this.newEnvironment(at, true);
    this.logInitStart(env, at);
    const initMs = Math.ceil(this.initDurationCenti() / 100);
    // Usable only once the on-demand limit has passed, so its first START is > 10 s after INIT_START.
    env.freeAt = at + Math.max(initMs, ON_DEMAND_INIT_LIMIT_MS + 1) + this.rng.int(5_000);
    this.busy.push(env);
  }

  /** A failed init: INIT_START then INIT_REPORT; the environment is discarded. Returns when it ended. */
  private failedInit(at: number): number {
    const env = this.newEnvironment(at, false);
    this.logInitStart(env, at);
    const timedOut = this.rng.chance(0.5);
    const centi = timedOut ? ON_DEMAND_INIT_LIMIT_MS * 100 + this.rng.int(40_000) : this.initDurationCenti();
    const end = at + Math.ceil(centi / 100);
    const e = this.emit("initReport", env.stream, end, "");
    e.durationCenti = centi;
    e.initStatus = timedOut ? "timeout" : "error";
    e.errorType = timedOut ? "" : "Runtime.ExitError";
    this.truth.initFailures[e.initStatus]++;
    this.truth.unusedInits++;
    return end;
  }

  private acquireIdle(at: number): Environment | null {
    while (this.busy.size > 0 && (this.busy.peek() as Environment).freeAt <= at) {
      this.idle.push(this.busy.pop() as Environment);
    }
    for (;;) {
      const env = this.idle.pop();
      if (!env) return null;
      if (!this.expired(env, at)) return env;
      this.retire(env);
    }
  }

  private invoke(arrival: number): void {
    let env = this.acquireIdle(arrival);
    let start = arrival;
    let initCenti = 0;
    let restoreCenti = 0;
    if (env === null) {
      let at = arrival;
      if (this.fn.snapStart) {
        env = this.newEnvironment(at, false);
        restoreCenti = Math.round(Math.min(5_000, Math.max(60, this.rng.lognormal(380, 0.35))) * 100);
        this.emit("restoreStart", env.stream, at, "");
        start = at + Math.ceil(restoreCenti / 100);
        this.emit("restoreReport", env.stream, start, "").durationCenti = restoreCenti;
      } else {
        if (this.o.extras && this.rng.chance(this.t.initFailureRate)) at = this.failedInit(at);
        env = this.newEnvironment(at, false);
        this.logInitStart(env, at);
        initCenti = this.initDurationCenti();
        start = at + Math.ceil(initCenti / 100);
        // Scaling out: Lambda sometimes starts another environment ahead of the next request.
        if (this.o.proactiveInits && this.rng.chance(0.12)) this.spawnProactive(at + this.rng.int(3_000));
      }
    }
    const truth = this.truth;
    if (!env.used) {
      env.used = true;
      if (env.proactive) truth.preInvokeInits++;
    }
    const cold = initCenti > 0 || restoreCenti > 0;
    const sampledMs = this.rng.lognormal(this.t.medianMs * (cold ? 1.25 : 1), this.t.sigma);
    const timeout = this.rng.chance(this.t.timeoutRate) || sampledMs >= this.fn.timeoutMs;
    const durationCenti = timeout
      ? this.fn.timeoutMs * 100
      : Math.min(this.fn.timeoutMs * 100 - 1, Math.max(1, Math.round(sampledMs * 100)));
    const end = start + Math.ceil(durationCenti / 100);
    const requestId = this.rng.uuid();

    const s = this.emit("start", env.stream, start, requestId);
    s.durationCenti = durationCenti;
    const appLines = this.o.appLines ?? 1 + this.rng.int(3);
    const messages = this.t.appMessages;
    for (let i = 1; i <= appLines; i++) {
      const a = this.emit("app", env.stream, start + Math.floor(((end - start) * i) / (appLines + 1)), requestId);
      a.text = messages[(i - 1) % messages.length] as string;
    }
    this.emit("end", env.stream, end, requestId);
    const r = this.emit("report", env.stream, end, requestId);
    r.durationCenti = durationCenti;
    r.initCenti = initCenti;
    r.restoreCenti = restoreCenti;
    // Billed Duration includes init (AWS bills on-demand init since 2025-08); restore is billed apart.
    r.billedMs = Math.ceil((durationCenti + initCenti) / 100);
    r.billedRestoreMs = restoreCenti > 0 ? Math.ceil(restoreCenti / 100) : 0;
    const baseMem = this.t.baseMemoryUsedMB;
    r.maxMemoryUsedMB = Math.min(this.fn.memoryMB, baseMem + this.rng.int(Math.max(2, Math.round(baseMem * 0.25))));
    if (this.o.extras && this.fn.xray) {
      r.text = `1-${Math.floor(start / 1000).toString(16)}-${this.rng.hex(24)}\tSegmentId: ${this.rng.hex(16)}`;
    }
    truth.invocations++;
    truth.billedMs += r.billedMs + r.billedRestoreMs;
    if (cold) truth.coldStarts++;
    if (restoreCenti > 0) truth.snapStartRestores++;
    if (timeout) {
      r.status = "timeout";
      truth.timeouts++;
      if (this.o.extras && this.rng.chance(0.3)) {
        r.oldStyleTimeout = true;
        truth.timeoutLines++;
        this.emit("timeoutLine", env.stream, end, requestId);
      }
    }
    env.freeAt = end;
    this.busy.push(env);
  }
}

/**
 * One simulation run. Iterate `events()` once (time-ordered); `truth()` is complete after that.
 * The run is single-use: a second iteration throws.
 */
export class SynthRun {
  readonly options: ResolvedOptions;
  /** The whole fleet (invocation shares are fixed by it). */
  readonly fleet: SynthFunction[];
  /** The functions this run simulates (`only`, or the whole fleet). */
  readonly functions: SynthFunction[];
  private readonly truths: FunctionTruth[];
  private started = false;
  private done = false;
  private fleetPeak = 0;
  private readonly sims: FunctionSim[];
  private readonly pending = new MinHeap<SynthEvent>(eventOrder);

  constructor(options: SynthOptions = {}) {
    this.options = resolveOptions(options);
    const o = this.options;
    const templates = templatesFor(options.functions);
    const names = new Set<string>();
    for (const t of templates) {
      if (names.has(t.name)) throw new Error(`duplicate function '${t.name}'`);
      names.add(t.name);
    }
    this.fleet = templates.map((t, i) => toFunction(t, i, o));
    const counts = apportion(
      o.invocations,
      templates.map((t) => t.weight),
    );
    const only = options.only ? new Set(options.only) : null;
    if (only) for (const name of only) if (!names.has(name)) throw new Error(`'${name}' is not in the fleet`);
    const selected = this.fleet.filter((f) => !only || only.has(f.name));
    // Re-index the selected functions so truth arrays stay dense; names keep the identity.
    this.functions = selected.map((f, i) => ({ ...f, index: i }));
    this.truths = this.functions.map(functionTruth);
    this.sims = this.functions.map((fn, i) => {
      const fleetIndex = selected[i]!.index;
      const rng = Rng.derive(o.seed, `function:${fn.name}`);
      return new FunctionSim(fn, templates[fleetIndex]!, this.truths[i]!, rng, counts[fleetIndex]!, o, this.pending);
    });
  }

  *events(): Generator<SynthEvent, void, undefined> {
    if (this.started) throw new Error("a SynthRun can be iterated only once; create a new one");
    this.started = true;
    const observer = new EmittedObserver(this.truths);
    const pending = this.pending;
    const o = this.options;
    for (let minute = 0; minute < o.minutes; minute++) {
      const minuteStart = o.startMs + minute * MINUTE_MS;
      for (const sim of this.sims) sim.beginMinute(minute);
      // Serve the minute in slices so only about a slice of events waits in the heap.
      for (let slice = 1; slice <= SLICES_PER_MINUTE; slice++) {
        const watermark = minuteStart + (slice * MINUTE_MS) / SLICES_PER_MINUTE;
        for (const sim of this.sims) sim.advance(watermark);
        // Everything generated from now on is at or after the watermark.
        while (pending.size > 0 && (pending.peek() as SynthEvent).timestamp < watermark) {
          const e = pending.pop() as SynthEvent;
          observer.observe(e);
          yield e;
        }
      }
    }
    for (const sim of this.sims) sim.finish();
    while (pending.size > 0) {
      const e = pending.pop() as SynthEvent;
      observer.observe(e);
      yield e;
    }
    this.fleetPeak = observer.finish();
    for (const t of this.truths) t.gbSeconds = ((t.billedMs / 1000) * t.memoryMB) / 1024;
    this.done = true;
  }

  [Symbol.iterator](): Generator<SynthEvent, void, undefined> {
    return this.events();
  }

  get finished(): boolean {
    return this.done;
  }

  truth(): GroundTruth {
    if (!this.done) throw new Error("ground truth is complete only after all events were consumed");
    const functions: Record<string, FunctionTruth> = {};
    for (const t of this.truths) functions[t.functionName] = t;
    return {
      generator: "lambdalens-synth",
      version: SYNTH_VERSION,
      seed: this.options.seed,
      options: {
        invocations: this.options.invocations,
        functions: this.fleet.map((f) => f.name),
        start: new Date(this.options.startMs).toISOString(),
        hours: this.options.minutes / 60,
        appLines: this.options.appLines,
        extras: this.options.extras,
        proactiveInits: this.options.proactiveInits,
      },
      rangeStartMs: this.options.startMs,
      rangeEndMs: this.options.endMs,
      totals: sumTruths(this.truths, this.fleetPeak),
      functions,
    };
  }
}

export function synthesize(options: SynthOptions = {}): SynthRun {
  return new SynthRun(options);
}

/** Runs the model without writing anything and returns its ground truth. */
export function groundTruth(options: SynthOptions = {}): GroundTruth {
  const run = new SynthRun(options);
  for (const _ of run.events());
  return run.truth();
}
