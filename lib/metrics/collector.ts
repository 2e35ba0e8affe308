import type { PlatformRecord } from "../parse/types";
import { RequestIdTable } from "./request-ids";

export const HAS_REPORT = 1;
export const TIMEOUT_LINE = 2;
export const HAS_START = 4;

/**
 * One slot per request id. A column is read only where a flag says it was written, so
 * new room is left as the zeros it comes as: pages never written are never touched,
 * and growing four times over at once costs address space, not memory.
 */
function grow<T extends Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(a: T, cap: number, used: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a.subarray(0, used));
  return b;
}

/** A FunctionData as it crosses between threads: columns are transferred, not copied. */
export interface FunctionTransfer {
  name: string;
  n: number;
  columns: Record<(typeof COLUMNS)[number], Float64Array>;
  flags: Uint8Array;
  streamOf: Int32Array;
  ids: ReturnType<RequestIdTable["export"]>;
  status: [number, string][];
  streamNames: string[];
  initStarts: [number, number[]][];
  initReports: InitEvent[];
  runtimes: string[];
  duplicateReports: number;
}

const COLUMNS = ["start", "reportTs", "duration", "billed", "memory", "maxMemory", "init", "restore", "billedRestore"] as const;

export interface InitEvent {
  stream: number;
  ts: number;
  status: string | null;
  phase: string | null;
  durationMs: number;
}

/**
 * Everything the metrics need about one function, deduplicated: a request id is one
 * invocation however many exports repeat it, and INIT lines repeated by overlapping
 * exports count once. Nothing here depends on the order records arrive in.
 */
export class FunctionData {
  n = 0;
  private cap = 0;
  private readonly ids = new RequestIdTable();
  start = new Float64Array(0);
  reportTs = new Float64Array(0);
  duration = new Float64Array(0);
  billed = new Float64Array(0);
  memory = new Float64Array(0);
  maxMemory = new Float64Array(0);
  init = new Float64Array(0);
  restore = new Float64Array(0);
  billedRestore = new Float64Array(0);
  flags = new Uint8Array(0);
  streamOf = new Int32Array(0);
  status: (string | null)[] = [];
  readonly streamNames: string[] = [];
  private readonly streamIds = new Map<string, number>();
  private lastStreamName = "\0";
  private lastStreamId = -1;
  /** INIT_START times per stream index (deduplicated). */
  readonly initStarts = new Map<number, number[]>();
  private readonly initReportKeys = new Set<string>();
  readonly initReports: InitEvent[] = [];
  readonly runtimes = new Set<string>();
  duplicateReports = 0;

  constructor(readonly name: string) {}

  add(r: PlatformRecord): void {
    switch (r.kind) {
      case "report":
        return this.addReport(r);
      case "start": {
        const i = this.slot(r.requestId, r.stream);
        if (r.ts === r.ts && (!(this.flags[i] & HAS_START) || r.ts < this.start[i])) {
          this.start[i] = r.ts;
          this.flags[i] |= HAS_START;
        }
        return;
      }
      case "timeout": {
        const i = this.slot(r.requestId, r.stream); // may grow (replace) the columns: index after
        this.flags[i] |= TIMEOUT_LINE;
        return;
      }
      case "initStart":
        this.addInitStart(this.streamId(r.stream), r.ts);
        if (r.runtime) this.runtimes.add(r.runtime);
        return;
      case "initReport":
        this.addInitReport(r.stream, r);
        return;
    }
  }

  private addReport(r: PlatformRecord): void {
    const i = this.slot(r.requestId, r.stream);
    if (this.flags[i] & HAS_REPORT) {
      this.duplicateReports++;
      return;
    }
    this.flags[i] |= HAS_REPORT;
    this.streamOf[i] = this.streamId(r.stream);
    this.reportTs[i] = r.ts;
    this.duration[i] = r.durationMs;
    this.billed[i] = r.billedMs;
    this.memory[i] = r.memoryMB;
    this.maxMemory[i] = r.maxMemoryMB;
    this.init[i] = r.initMs;
    this.restore[i] = r.restoreMs;
    this.billedRestore[i] = r.billedRestoreMs;
    if (r.status !== null) this.status[i] = r.status;
  }

  private slot(requestId: string, stream: string): number {
    const next = this.n;
    const i = this.ids.findOrInsert(requestId, next);
    if (i === next) this.newSlot(this.streamId(stream));
    return i;
  }

  private newSlot(stream: number): number {
    const i = this.n++;
    if (i >= this.cap) this.resize(Math.max(1024, this.cap * 4));
    this.streamOf[i] = stream;
    return i;
  }

  streamId(name: string): number {
    if (name === this.lastStreamName && this.lastStreamId >= 0) return this.lastStreamId;
    let id = this.streamIds.get(name);
    if (id === undefined) {
      id = this.streamNames.length;
      this.streamNames.push(name);
      this.streamIds.set(name, id);
    }
    this.lastStreamName = name;
    this.lastStreamId = id;
    return id;
  }

  private resize(cap: number): void {
    this.cap = cap;
    for (const c of COLUMNS) this[c] = grow(this[c], cap, this.n);
    this.flags = grow(this.flags, cap, this.n);
    this.streamOf = grow(this.streamOf, cap, this.n);
  }

  toTransfer(): FunctionTransfer {
    const status: [number, string][] = [];
    this.status.forEach((v, i) => {
      if (v !== null && v !== undefined) status.push([i, v]);
    });
    return {
      name: this.name,
      n: this.n,
      columns: Object.fromEntries(COLUMNS.map((c) => [c, this[c]])) as FunctionTransfer["columns"],
      flags: this.flags,
      streamOf: this.streamOf,
      ids: this.ids.export(this.n),
      status,
      streamNames: this.streamNames,
      initStarts: [...this.initStarts.entries()],
      initReports: this.initReports,
      runtimes: [...this.runtimes],
      duplicateReports: this.duplicateReports,
    };
  }

  /**
   * Takes in what another collector (another thread's share of the input) gathered,
   * with the same rules as add(): the earliest START, the first REPORT, timeouts
   * added up, inits deduplicated.
   */
  absorb(t: FunctionTransfer): void {
    const streamMap = t.streamNames.map((name) => this.streamId(name));
    const status = new Map(t.status);
    const other = new Map(t.ids.other);
    const { words, uuid } = t.ids;
    const c = t.columns;
    if (this.n + t.n > this.cap) this.resize(this.n + t.n);
    this.ids.reserve(this.n + t.n);
    for (let k = 0; k < t.n; k++) {
      if ((k & 31) === 0) this.ids.readAhead(words, uuid, k, Math.min(k + 32, t.n));
      const next = this.n;
      const i = uuid[k]
        ? this.ids.findOrInsertWords(words[k * 4], words[k * 4 + 1], words[k * 4 + 2], words[k * 4 + 3], next)
        : this.ids.findOrInsert(other.get(k)!, next);
      if (i === next) this.newSlot(streamMap[t.streamOf[k]]);
      const f = t.flags[k];
      const s = c.start[k];
      if (f & HAS_START && (!(this.flags[i] & HAS_START) || s < this.start[i])) {
        this.start[i] = s;
        this.flags[i] |= HAS_START;
      }
      if (f & TIMEOUT_LINE) this.flags[i] |= TIMEOUT_LINE;
      if (!(f & HAS_REPORT)) continue;
      if (this.flags[i] & HAS_REPORT) {
        this.duplicateReports++;
        continue;
      }
      this.flags[i] |= HAS_REPORT;
      this.streamOf[i] = streamMap[t.streamOf[k]];
      this.reportTs[i] = c.reportTs[k];
      this.duration[i] = c.duration[k];
      this.billed[i] = c.billed[k];
      this.memory[i] = c.memory[k];
      this.maxMemory[i] = c.maxMemory[k];
      this.init[i] = c.init[k];
      this.restore[i] = c.restore[k];
      this.billedRestore[i] = c.billedRestore[k];
      const st = status.get(k);
      if (st !== undefined) this.status[i] = st;
    }
    this.duplicateReports += t.duplicateReports;
    for (const [s, times] of t.initStarts) for (const ts of times) this.addInitStart(streamMap[s], ts);
    for (const r of t.initReports) this.addInitReport(t.streamNames[r.stream], r);
    for (const rt of t.runtimes) this.runtimes.add(rt);
  }

  private addInitStart(s: number, ts: number): void {
    const list = this.initStarts.get(s);
    if (!list) this.initStarts.set(s, [ts]);
    else if (!list.some((t) => t === ts || (Number.isNaN(t) && Number.isNaN(ts)))) list.push(ts);
  }

  private addInitReport(stream: string, r: Omit<InitEvent, "stream">): void {
    const key = `${stream}|${r.ts}|${r.durationMs}|${r.phase}|${r.status}`;
    if (this.initReportKeys.has(key)) return;
    this.initReportKeys.add(key);
    this.initReports.push({ stream: this.streamId(stream), ts: r.ts, status: r.status, phase: r.phase, durationMs: r.durationMs });
  }

  /** Whether anything worth reporting was seen: an invocation or an init. */
  get hasActivity(): boolean {
    if (this.initStarts.size > 0 || this.initReports.length > 0) return true;
    for (let i = 0; i < this.n; i++) if (this.flags[i] & HAS_REPORT) return true;
    return false;
  }

  /** Interval start: START time, or REPORT time − Duration without a START. */
  intervalStart(i: number): number {
    return this.flags[i] & HAS_START ? this.start[i] : this.reportTs[i] - this.duration[i];
  }
}

export interface FleetTransfer {
  functions: FunctionTransfer[];
  firstTs: number;
  lastTs: number;
}

/** Records from any number of inputs, grouped by function. */
export class FleetData {
  readonly functions = new Map<string, FunctionData>();
  firstTs = Infinity;
  lastTs = -Infinity;

  private lastFn = "";
  private last: FunctionData | null = null;

  add(r: PlatformRecord): void {
    let f = r.fn === this.lastFn ? this.last : this.functions.get(r.fn);
    if (!f) {
      f = new FunctionData(r.fn);
      this.functions.set(r.fn, f);
    }
    this.lastFn = r.fn;
    this.last = f;
    f.add(r);
    const ts = r.ts;
    if (ts < this.firstTs) this.firstTs = ts;
    if (ts > this.lastTs) this.lastTs = ts;
  }

  addAll(batch: PlatformRecord[]): void {
    for (let i = 0; i < batch.length; i++) this.add(batch[i]);
  }

  toTransfer(): FleetTransfer {
    return { functions: [...this.functions.values()].map((f) => f.toTransfer()), firstTs: this.firstTs, lastTs: this.lastTs };
  }

  absorb(t: FleetTransfer): void {
    for (const ft of t.functions) {
      let f = this.functions.get(ft.name);
      if (!f) this.functions.set(ft.name, (f = new FunctionData(ft.name)));
      f.absorb(ft);
    }
    if (t.firstTs < this.firstTs) this.firstTs = t.firstTs;
    if (t.lastTs > this.lastTs) this.lastTs = t.lastTs;
  }
}
