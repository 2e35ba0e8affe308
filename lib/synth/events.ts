// What the simulator emits: one structured record per CloudWatch log event. Writers turn
// these into text or JSON-format messages and wrap them in the chosen container.

import type { AppLogStyle } from "./catalog";

/** A function of the simulated fleet, with everything its log lines need. */
export interface SynthFunction {
  index: number;
  name: string;
  logGroup: string;
  functionArn: string;
  runtime: string;
  runtimeVersion: string;
  runtimeVersionArn: string;
  memoryMB: number;
  timeoutMs: number;
  /** `$LATEST`, or the published version for SnapStart functions. */
  version: string;
  snapStart: boolean;
  xray: boolean;
  extension: string | null;
  appLogStyle: AppLogStyle;
}

export type SynthEventKind =
  | "initStart" // INIT_START / platform.initStart
  | "extension" // EXTENSION line during init
  | "initReport" // INIT_REPORT with Status: timeout | error
  | "restoreStart" // RESTORE_START (SnapStart)
  | "restoreReport" // RESTORE_REPORT
  | "start" // START RequestId
  | "app" // an application log line
  | "end" // END RequestId (text format only)
  | "report" // REPORT / platform.report
  | "timeoutLine"; // old-style `<ISO> <id> Task timed out after X.XX seconds` (text only)

export type InvocationStatus = "success" | "timeout";

/**
 * One log event. Durations are integer hundredths of a millisecond ("centi-ms") so that
 * the printed `12.34 ms` and every sum made from it are exact.
 */
export interface SynthEvent {
  /** Event timestamp, epoch ms (integer). */
  timestamp: number;
  fn: SynthFunction;
  logStream: string;
  kind: SynthEventKind;
  /** Request id, "" for init-phase events. */
  requestId: string;
  /** Invocation duration (start, report), init duration (initReport) or restore duration (restoreReport). */
  durationCenti: number;
  /** report: Billed Duration in ms. */
  billedMs: number;
  /** report: Max Memory Used in MB. */
  maxMemoryUsedMB: number;
  /** report: Init Duration in centi-ms, 0 when absent. */
  initCenti: number;
  /** report: Restore Duration in centi-ms, 0 when absent. */
  restoreCenti: number;
  /** report: Billed Restore Duration in ms, 0 when absent. */
  billedRestoreMs: number;
  /** report: outcome; initReport: uses initStatus. */
  status: InvocationStatus;
  /** report: a timeout logged the old way (no Status field, a separate Task timed out line). */
  oldStyleTimeout: boolean;
  /** initReport: `timeout` or `error`. */
  initStatus: "" | "timeout" | "error";
  /** initReport error type, or "". */
  errorType: string;
  /** app: the log text; report: the X-Ray trace id when traced, else "". */
  text: string;
  /** Per-function sequence number (ties in time keep generation order). */
  seq: number;
}

export function newEvent(
  fn: SynthFunction,
  logStream: string,
  kind: SynthEventKind,
  timestamp: number,
  requestId: string,
  seq: number,
): SynthEvent {
  return {
    timestamp,
    fn,
    logStream,
    kind,
    requestId,
    durationCenti: 0,
    billedMs: 0,
    maxMemoryUsedMB: 0,
    initCenti: 0,
    restoreCenti: 0,
    billedRestoreMs: 0,
    status: "success",
    oldStyleTimeout: false,
    initStatus: "",
    errorType: "",
    text: "",
    seq,
  };
}
