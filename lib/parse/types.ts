import type { LinePrefix } from "./line-prefix";

/** What the parser understood from one platform line or `platform.*` event. */
export type RecordKind =
  | "start"
  | "report"
  | "initStart"
  | "initReport"
  | "restoreStart"
  | "restoreReport"
  | "timeout";

/**
 * One shape for every kind keeps the hot loop monomorphic; fields a kind does not
 * carry are NaN (numbers) or null (strings).
 */
export interface PlatformRecord {
  kind: RecordKind;
  /** Function name (log group without `/aws/lambda/`, or the name the user gave). */
  fn: string;
  /** Log stream = execution environment; "" when the input names none. */
  stream: string;
  /** Event time, epoch ms; NaN when the input has no usable timestamp. */
  ts: number;
  /** Request id; "" for records that belong to no request (inits, restores). */
  requestId: string;
  durationMs: number;
  billedMs: number;
  memoryMB: number;
  maxMemoryMB: number;
  initMs: number;
  restoreMs: number;
  billedRestoreMs: number;
  /** REPORT `Status:` / initReport status (timeout, error, failure, success). */
  status: string | null;
  errorType: string | null;
  /** INIT phase (init / invoke) or initialization type (on-demand, provisioned-concurrency, snap-start). */
  phase: string | null;
  initType: string | null;
  runtime: string | null;
  /** 1-based line (text) or event number (JSON) in its source, for messages. */
  line: number;
}

/** Where the records of one input come from, and what to call things the data leaves unnamed. */
export interface SourceContext {
  /** Shown in messages: a file path, `-` for stdin, or an object key. */
  source: string;
  /** Function for records whose input names none. */
  defaultFunction: string;
  /** Log stream for records whose input names none (e.g. from an S3 export object key). */
  defaultStream?: string;
  /** True when the user named the function (`--function`), not derived from the file name. */
  functionGiven?: boolean;
  /** Prefix of inferred environment names, when a source is read in parts (default: source). */
  environmentScope?: string;
  /**
   * What a text file puts before every line, learnt from its start (null: nothing); when
   * undefined, the text reader learns it from the first lines it is given.
   */
  linePrefix?: LinePrefix | null;
}

export function emptyRecord(kind: RecordKind, fn: string, stream: string, ts: number, line: number): PlatformRecord {
  return {
    kind,
    fn,
    stream,
    ts,
    requestId: "",
    durationMs: NaN,
    billedMs: NaN,
    memoryMB: NaN,
    maxMemoryMB: NaN,
    initMs: NaN,
    restoreMs: NaN,
    billedRestoreMs: NaN,
    status: null,
    errorType: null,
    phase: null,
    initType: null,
    runtime: null,
    line,
  };
}
