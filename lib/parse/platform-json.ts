import { emptyRecord, type PlatformRecord, type RecordKind } from "./types";
import { eventTime, type LineContext } from "./platform-text";
import { parseIsoMs } from "./timestamp";

type Json = Record<string, unknown>;

const KINDS: Record<string, RecordKind | null> = {
  "platform.initStart": "initStart",
  "platform.initReport": "initReport",
  "platform.start": "start",
  "platform.report": "report",
  "platform.restoreStart": "restoreStart",
  "platform.restoreReport": "restoreReport",
};

function num(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : NaN;
}

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

export function isPlatformEvent(o: unknown): o is { type: string; time?: unknown; record?: unknown } {
  return typeof o === "object" && o !== null && typeof (o as Json).type === "string" && ((o as Json).type as string).startsWith("platform.");
}

/**
 * A JSON-log-format / Telemetry API platform event. Returns false when the object is
 * a platform event that lacks what its type needs (a report without a request id).
 */
export function parsePlatformEvent(o: { type: string; time?: unknown; record?: unknown }, cx: LineContext, out: PlatformRecord[]): boolean {
  const kind = KINDS[o.type];
  if (!kind) return true; // runtimeDone, extension, logsDropped...: platform lines with nothing to count
  const rec = (typeof o.record === "object" && o.record !== null ? o.record : {}) as Json;
  const metrics = (typeof rec.metrics === "object" && rec.metrics !== null ? rec.metrics : {}) as Json;
  const time = typeof o.time === "string" ? parseIsoMs(o.time, 0, o.time.length) : NaN;
  // record.functionName appears on initStart only: following it would split an
  // environment's init from its invocations, so the source's name is kept
  const fn = cx.fn;
  const stream = cx.stream === "" && typeof rec.instanceId === "string" ? rec.instanceId : cx.stream;
  const r = emptyRecord(kind, fn, stream, Number.isNaN(time) ? eventTime(cx) : time, cx.line);
  r.status = str(rec.status);
  r.errorType = str(rec.errorType);
  r.phase = str(rec.phase);
  r.initType = str(rec.initializationType);
  switch (kind) {
    case "start":
    case "report":
      r.requestId = str(rec.requestId) ?? "";
      if (!r.requestId) return false;
      if (kind === "report") {
        r.durationMs = num(metrics.durationMs);
        r.billedMs = num(metrics.billedDurationMs);
        r.memoryMB = num(metrics.memorySizeMB);
        r.maxMemoryMB = num(metrics.maxMemoryUsedMB);
        r.initMs = num(metrics.initDurationMs);
        r.restoreMs = num(metrics.restoreDurationMs);
        r.billedRestoreMs = num(metrics.billedRestoreDurationMs);
      }
      break;
    case "initStart":
      r.runtime = str(rec.runtimeVersion);
      break;
    case "initReport":
    case "restoreReport":
      r.durationMs = num(metrics.durationMs);
      break;
  }
  out.push(r);
  return true;
}
