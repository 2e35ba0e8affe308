import type { InitEventRow, InvocationRow, WriteBatch } from "./batch";

/**
 * A batch as it crosses from the parsing thread: numbers in typed arrays (moved, not
 * copied), names as indexes into one list, rare texts as [row, text] pairs. Cloning
 * a hundred thousand row objects would cost the receiving thread more than writing them.
 */
export interface BatchTransfer {
  n: number;
  names: string[];
  fn: Uint32Array;
  stream: Uint32Array;
  requestId: string[];
  numbers: Float64Array;
  flags: Uint8Array;
  status: [number, string][];
  errorType: [number, string][];
  initEvents: InitEventRow[];
  records: number;
  duplicateReports: number;
}

const NUMBER_FIELDS = ["startTs", "reportTs", "durationMs", "billedMs", "memoryMB", "maxMemoryMB", "initMs", "restoreMs", "billedRestoreMs", "timeoutTs"] as const;
const W = NUMBER_FIELDS.length;
const HAS_REPORT = 1;
const TIMEOUT_LINE = 2;

export function batchToTransfer(batch: WriteBatch): { transfer: BatchTransfer; buffers: ArrayBuffer[] } {
  const rows = [...batch.invocations.values()];
  const n = rows.length;
  const names: string[] = [];
  const nameIds = new Map<string, number>();
  const nameId = (s: string) => {
    let id = nameIds.get(s);
    if (id === undefined) nameIds.set(s, (id = names.push(s) - 1));
    return id;
  };
  const t: BatchTransfer = {
    n,
    names,
    fn: new Uint32Array(n),
    stream: new Uint32Array(n),
    requestId: new Array<string>(n),
    numbers: new Float64Array(n * W),
    flags: new Uint8Array(n),
    status: [],
    errorType: [],
    initEvents: [...batch.initEvents],
    records: batch.records,
    duplicateReports: batch.duplicateReports,
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    t.fn[i] = nameId(r.fn);
    t.stream[i] = nameId(r.stream);
    t.requestId[i] = r.requestId;
    for (let f = 0; f < W; f++) t.numbers[i * W + f] = r[NUMBER_FIELDS[f]] ?? NaN;
    t.flags[i] = (r.hasReport ? HAS_REPORT : 0) | (r.timeoutLine ? TIMEOUT_LINE : 0);
    if (r.status !== null) t.status.push([i, r.status]);
    if (r.errorType !== null) t.errorType.push([i, r.errorType]);
  }
  return { transfer: t, buffers: [t.fn.buffer, t.stream.buffer, t.numbers.buffer, t.flags.buffer] as ArrayBuffer[] };
}

/** The rows again. NaN stands for null: the batch keeps no NaN of its own (see IngestBatch). */
export function batchFromTransfer(t: BatchTransfer): WriteBatch {
  const status = new Map(t.status);
  const errorType = new Map(t.errorType);
  const v = (i: number, f: number) => {
    const x = t.numbers[i * W + f];
    return x === x ? x : null;
  };
  const invocations: InvocationRow[] = new Array(t.n);
  for (let i = 0; i < t.n; i++) {
    invocations[i] = {
      fn: t.names[t.fn[i]],
      requestId: t.requestId[i],
      stream: t.names[t.stream[i]],
      startTs: v(i, 0),
      reportTs: v(i, 1),
      durationMs: v(i, 2),
      billedMs: v(i, 3),
      memoryMB: v(i, 4),
      maxMemoryMB: v(i, 5),
      initMs: v(i, 6),
      restoreMs: v(i, 7),
      billedRestoreMs: v(i, 8),
      timeoutTs: v(i, 9),
      status: status.get(i) ?? null,
      errorType: errorType.get(i) ?? null,
      hasReport: (t.flags[i] & HAS_REPORT) !== 0,
      timeoutLine: (t.flags[i] & TIMEOUT_LINE) !== 0,
    };
  }
  return { invocations, initEvents: t.initEvents, records: t.records, duplicateReports: t.duplicateReports };
}
