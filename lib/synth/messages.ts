// Renders a SynthEvent as the message CloudWatch stores: the default text format (section 1
// of the log reference: tabs between REPORT fields, a trailing tab, "\n" at the end) or the
// JSON log format (section 2). JSON messages carry no trailing newline.

import type { SynthEvent } from "./events";
import { isoMs } from "./time-format";

export type MessageFormat = "text" | "json";

const PAD2: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));

/** 1234 centi-ms -> "12.34". */
export function formatCenti(centi: number): string {
  return `${Math.floor(centi / 100)}.${PAD2[centi % 100]}`;
}

function appText(e: SynthEvent): string {
  switch (e.fn.appLogStyle) {
    case "nodejs":
      return `${isoMs(e.timestamp)}\t${e.requestId}\tINFO\t${e.text}\n`;
    case "python":
      return `[INFO]\t${isoMs(e.timestamp)}\t${e.requestId}\t${e.text}\n`;
    case "java":
      return `${e.requestId} INFO  ${e.text}\n`;
    case "plain":
      return `${e.text}\n`;
  }
}

function reportText(e: SynthEvent): string {
  let line = `REPORT RequestId: ${e.requestId}\tDuration: ${formatCenti(e.durationCenti)} ms\tBilled Duration: ${e.billedMs} ms\tMemory Size: ${e.fn.memoryMB} MB\tMax Memory Used: ${e.maxMemoryUsedMB} MB\t`;
  if (e.initCenti > 0) line += `Init Duration: ${formatCenti(e.initCenti)} ms\t`;
  if (e.restoreCenti > 0) {
    line += `Restore Duration: ${formatCenti(e.restoreCenti)} ms\tBilled Restore Duration: ${e.billedRestoreMs} ms\t`;
  }
  if (e.status === "timeout" && !e.oldStyleTimeout) line += "Status: timeout\t";
  // X-Ray traced functions log the trace on a second line of the same event.
  if (e.text !== "") line += `\nXRAY TraceId: ${e.text}\tSampled: true`;
  return `${line}\n`;
}

/** The text-format message of an event, ending in "\n". */
export function textMessage(e: SynthEvent): string {
  switch (e.kind) {
    case "initStart":
      return `INIT_START Runtime Version: ${e.fn.runtimeVersion}\tRuntime Version ARN: ${e.fn.runtimeVersionArn}\n`;
    case "extension":
      return `EXTENSION\tName: ${e.fn.extension ?? "extension"}\tState: Ready\tEvents: [INVOKE, SHUTDOWN]\n`;
    case "initReport":
      return `INIT_REPORT Init Duration: ${formatCenti(e.durationCenti)} ms\tPhase: init\tStatus: ${e.initStatus}${e.errorType ? `\tError Type: ${e.errorType}` : ""}\n`;
    case "restoreStart":
      return `RESTORE_START Runtime Version: ${e.fn.runtimeVersion}\tRuntime Version ARN: ${e.fn.runtimeVersionArn}\n`;
    case "restoreReport":
      return `RESTORE_REPORT Restore Duration: ${formatCenti(e.durationCenti)} ms\n`;
    case "start":
      return `START RequestId: ${e.requestId} Version: ${e.fn.version}\n`;
    case "app":
      return appText(e);
    case "end":
      return `END RequestId: ${e.requestId}\n`;
    case "report":
      return reportText(e);
    case "timeoutLine":
      return `${isoMs(e.timestamp - 1)} ${e.requestId} Task timed out after ${(e.fn.timeoutMs / 1000).toFixed(2)} seconds\n`;
  }
}

/** The JSON-format message of an event, or null for lines the JSON format does not have (END, Task timed out). */
export function jsonMessage(e: SynthEvent): string | null {
  const time = isoMs(e.timestamp);
  const fn = e.fn;
  switch (e.kind) {
    case "initStart":
      return JSON.stringify({
        time,
        type: "platform.initStart",
        record: {
          initializationType: "on-demand",
          phase: "init",
          runtimeVersion: fn.runtimeVersion,
          runtimeVersionArn: fn.runtimeVersionArn,
          functionName: fn.name,
          functionVersion: fn.version,
          instanceId: e.logStream,
          instanceMaxMemory: fn.memoryMB * 1_048_576,
        },
      });
    case "extension":
      return JSON.stringify({
        time,
        type: "platform.extension",
        record: { name: fn.extension ?? "extension", state: "Ready", events: ["INVOKE", "SHUTDOWN"] },
      });
    case "initReport":
      return JSON.stringify({
        time,
        type: "platform.initReport",
        record: {
          initializationType: "on-demand",
          phase: "init",
          status: e.initStatus,
          ...(e.errorType ? { errorType: e.errorType } : {}),
          metrics: { durationMs: e.durationCenti / 100 },
        },
      });
    case "restoreStart":
      return JSON.stringify({
        time,
        type: "platform.restoreStart",
        record: {
          runtimeVersion: fn.runtimeVersion,
          runtimeVersionArn: fn.runtimeVersionArn,
          functionName: fn.name,
          functionVersion: fn.version,
          instanceId: e.logStream,
          instanceMaxMemory: fn.memoryMB * 1_048_576,
        },
      });
    case "restoreReport":
      return JSON.stringify({
        time,
        type: "platform.restoreReport",
        record: { status: "success", metrics: { durationMs: e.durationCenti / 100 } },
      });
    case "start":
      return JSON.stringify({
        time,
        type: "platform.start",
        record: { requestId: e.requestId, functionArn: fn.functionArn, version: fn.version },
      });
    case "app":
      return JSON.stringify({ timestamp: time, level: "INFO", requestId: e.requestId, message: e.text });
    case "report": {
      const metrics: Record<string, number> = {
        durationMs: e.durationCenti / 100,
        billedDurationMs: e.billedMs,
        memorySizeMB: fn.memoryMB,
        maxMemoryUsedMB: e.maxMemoryUsedMB,
      };
      if (e.initCenti > 0) metrics.initDurationMs = e.initCenti / 100;
      if (e.restoreCenti > 0) {
        metrics.restoreDurationMs = e.restoreCenti / 100;
        metrics.billedRestoreDurationMs = e.billedRestoreMs;
      }
      return JSON.stringify({
        time,
        type: "platform.report",
        record: { requestId: e.requestId, metrics, status: e.status },
      });
    }
    case "end":
    case "timeoutLine":
      return null;
  }
}

export function renderMessage(e: SynthEvent, format: MessageFormat): string | null {
  return format === "text" ? textMessage(e) : jsonMessage(e);
}
