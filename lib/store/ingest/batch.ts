import type { PlatformRecord } from "../../parse/types";

/** One invocation row as a batch knows it: a START, a REPORT, or both merged. */
export interface InvocationRow {
  fn: string;
  requestId: string;
  stream: string;
  startTs: number | null;
  reportTs: number | null;
  durationMs: number | null;
  billedMs: number | null;
  memoryMB: number | null;
  maxMemoryMB: number | null;
  initMs: number | null;
  restoreMs: number | null;
  billedRestoreMs: number | null;
  status: string | null;
  errorType: string | null;
  hasReport: boolean;
  timeoutLine: boolean;
  timeoutTs: number | null;
}

export interface InitEventRow {
  fn: string;
  stream: string;
  kind: "initStart" | "initReport" | "restoreStart" | "restoreReport";
  ts: number | null;
  durationMs: number | null;
  phase: string | null;
  status: string | null;
  initType: string | null;
  runtime: string | null;
  dedupKey: string;
}

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function beginOf(r: { startTs: number | null; reportTs: number | null; durationMs: number | null }): number | null {
  if (r.startTs !== null) return r.startTs;
  if (r.reportTs !== null && r.durationMs !== null) return r.reportTs - r.durationMs;
  return null;
}

/** What one transaction writes: an IngestBatch, or one rebuilt from another thread's. */
export interface WriteBatch {
  readonly invocations: { values(): Iterable<InvocationRow> };
  readonly initEvents: readonly InitEventRow[];
  readonly records: number;
  readonly duplicateReports: number;
}

/**
 * Records gathered for one database transaction: a request's START and REPORT merge
 * into one row, repeated REPORTs are counted, INIT lines get a key that makes repeats
 * harmless. Pure: no I/O.
 */
export class IngestBatch implements WriteBatch {
  readonly invocations = new Map<string, InvocationRow>();
  readonly initEvents: InitEventRow[] = [];
  records = 0;
  duplicateReports = 0;

  get size(): number {
    return this.invocations.size + this.initEvents.length;
  }

  add(r: PlatformRecord): void {
    this.records++;
    switch (r.kind) {
      case "start": {
        const row = this.row(r);
        if (Number.isFinite(r.ts) && (row.startTs === null || r.ts < row.startTs)) row.startTs = r.ts;
        return;
      }
      case "report": {
        const row = this.row(r);
        if (row.hasReport) {
          this.duplicateReports++;
          return;
        }
        row.hasReport = true;
        row.stream = r.stream;
        row.reportTs = num(r.ts);
        row.durationMs = num(r.durationMs);
        row.billedMs = num(r.billedMs);
        row.memoryMB = num(r.memoryMB);
        row.maxMemoryMB = num(r.maxMemoryMB);
        row.initMs = num(r.initMs);
        row.restoreMs = num(r.restoreMs);
        row.billedRestoreMs = num(r.billedRestoreMs);
        row.status = r.status;
        row.errorType = r.errorType;
        return;
      }
      case "timeout": {
        const row = this.row(r);
        row.timeoutLine = true;
        if (row.timeoutTs === null) row.timeoutTs = num(r.ts);
        return;
      }
      default:
        this.initEvents.push({
          fn: r.fn,
          stream: r.stream,
          kind: r.kind,
          ts: num(r.ts),
          durationMs: num(r.durationMs),
          phase: r.phase,
          status: r.status,
          initType: r.initType,
          runtime: r.runtime,
          dedupKey: `${r.kind}|${r.ts}|${r.durationMs}|${r.phase}|${r.status}`,
        });
    }
  }

  private row(r: PlatformRecord): InvocationRow {
    const key = `${r.fn}\u0000${r.requestId}`;
    let row = this.invocations.get(key);
    if (!row) {
      row = {
        fn: r.fn,
        requestId: (" " + r.requestId).slice(1),
        stream: r.stream,
        startTs: null,
        reportTs: null,
        durationMs: null,
        billedMs: null,
        memoryMB: null,
        maxMemoryMB: null,
        initMs: null,
        restoreMs: null,
        billedRestoreMs: null,
        status: null,
        errorType: null,
        hasReport: false,
        timeoutLine: false,
        timeoutTs: null,
      };
      this.invocations.set(key, row);
    }
    return row;
  }
}
