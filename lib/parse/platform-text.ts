import { emptyRecord, type PlatformRecord } from "./types";
import { looksLikeTimestamp, parseIsoMs } from "./timestamp";
import { detach, idEnd, isSpace, skipSpaces, tokenEnd } from "./strings";

/**
 * Where one line of text came from; reused between lines to avoid allocation. A text
 * line's timestamp is parsed only when the line turns out to matter: tsText[tsFrom, tsTo)
 * holds it until then (tsFrom = -1 once `ts` is known).
 */
export interface LineContext {
  fn: string;
  stream: string;
  ts: number;
  tsText: string;
  tsFrom: number;
  tsTo: number;
  line: number;
}

export function newLineContext(fn: string): LineContext {
  return { fn, stream: "", ts: NaN, tsText: "", tsFrom: -1, tsTo: -1, line: 0 };
}

/** Sets an already known event time. */
export function setTime(cx: LineContext, ts: number): void {
  cx.ts = ts;
  cx.tsFrom = -1;
}

export function eventTime(cx: LineContext): number {
  if (cx.tsFrom >= 0) {
    cx.ts = parseIsoMs(cx.tsText, cx.tsFrom, cx.tsTo);
    cx.tsFrom = -1;
  }
  return cx.ts;
}

function record(kind: PlatformRecord["kind"], cx: LineContext): PlatformRecord {
  return emptyRecord(kind, cx.fn, cx.stream, eventTime(cx), cx.line);
}

export const enum LineResult {
  Other = 0,
  Platform = 1,
  Json = 2,
  /** Not understood: skipped, with malformedReason. */
  Malformed = 3,
  /** Understood and kept, but something is missing: noted with malformedReason. */
  Partial = 4,
}

/** Set when parseTextMessage returns Malformed or Partial. */
export let malformedReason = "";

const TIMED_OUT = "Task timed out after";

/**
 * Reads the message s[m, end) as a platform line and pushes what it holds to `out`.
 * Platform lines must start the message (application logs may quote them later on).
 */
export function parseTextMessage(s: string, m: number, end: number, cx: LineContext, out: PlatformRecord[]): LineResult {
  switch (s.charCodeAt(m)) {
    case 82 /* R */:
      if (s.startsWith("REPORT RequestId:", m)) return parseReport(s, m + 17, end, cx, out);
      if (s.startsWith("RESTORE_START", m)) return pushRuntimeStart("restoreStart", s, m + 13, end, cx, out);
      if (s.startsWith("RESTORE_REPORT", m)) return parseRestoreReport(s, m + 14, end, cx, out);
      break;
    case 83 /* S */:
      if (s.startsWith("START RequestId:", m)) return parseStart(s, m + 16, end, cx, out);
      break;
    case 69 /* E */:
      if (s.startsWith("END RequestId:", m) || s.startsWith("EXTENSION", m)) return LineResult.Platform;
      break;
    case 73 /* I */:
      if (s.startsWith("INIT_START", m)) return pushRuntimeStart("initStart", s, m + 10, end, cx, out);
      if (s.startsWith("INIT_REPORT", m)) return parseInitReport(s, m + 11, end, cx, out);
      break;
    case 88 /* X */:
      if (s.startsWith("XRAY TraceId:", m)) return LineResult.Platform;
      break;
    case 76 /* L */:
      if (s.startsWith("LOGS", m) && isSpace(s.charCodeAt(m + 4))) return LineResult.Platform;
      break;
    case 84 /* T */:
      if (s.startsWith("TELEMETRY", m) && isSpace(s.charCodeAt(m + 9))) return LineResult.Platform;
      break;
    case 123 /* { */:
      return LineResult.Json;
  }
  return parseTimeoutLine(s, m, end, cx, out);
}

/**
 * Request ids are slices of the text they came from: cheap, but they keep that text
 * alive, so whoever keeps a record for long (the metrics collector) copies the id.
 */
function readRequestId(s: string, i: number, end: number): string {
  const a = skipSpaces(s, i, end);
  const b = idEnd(s, a, end);
  return b > a ? s.slice(a, b) : "";
}

function parseStart(s: string, i: number, end: number, cx: LineContext, out: PlatformRecord[]): LineResult {
  const id = readRequestId(s, i, end);
  if (!id) return malformed("START line without a request id");
  const r = record("start", cx);
  r.requestId = id;
  out.push(r);
  return LineResult.Platform;
}

// The field reader leaves its result here instead of allocating per field.
let keyFrom = 0;
let keyLen = 0;
let valFrom = 0;
let valTo = 0;

/** Reads `Key: value [unit]` at i; returns the index after it, or -1 at the end of the fields. */
function readField(s: string, i: number, end: number): number {
  i = skipSpaces(s, i, end);
  if (i >= end) return -1;
  const colon = s.indexOf(": ", i);
  if (colon < 0 || colon >= end) return -1;
  keyFrom = i;
  keyLen = colon - i;
  valFrom = colon + 2;
  valTo = tokenEnd(s, valFrom, end);
  let j = valTo;
  while (j < end && isSpace(s.charCodeAt(j))) j++;
  // skip the unit, if the next token is one
  const u = s.charCodeAt(j);
  if (j + 1 < end && ((u === 109 && s.charCodeAt(j + 1) === 115) || (u === 77 && s.charCodeAt(j + 1) === 66))) {
    if (j + 2 >= end || isSpace(s.charCodeAt(j + 2))) j += 2;
  }
  return j;
}

function isKey(s: string, key: string): boolean {
  return keyLen === key.length && s.startsWith(key, keyFrom);
}

function value(s: string): string {
  return detach(s.slice(valFrom, valTo));
}

/** Where the last number read by `numberAt` ended. */
let numEnd = 0;

/** A plain decimal like `12.34` starting at i, read without allocating; NaN for anything else. */
function numberAt(s: string, i: number, end: number): number {
  let n = 0;
  let scale = 1;
  let dot = false;
  const from = i;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      if (dot) scale *= 10;
    } else if (c === 46 && !dot) dot = true;
    else break;
  }
  numEnd = i;
  return i === from ? NaN : n / scale;
}

function decimal(s: string, from: number, to: number): number {
  const v = numberAt(s, from, to);
  return numEnd === to ? v : parseFloat(s.slice(from, to));
}

function numberValue(s: string): number {
  return decimal(s, valFrom, valTo);
}

/**
 * The REPORT layout Lambda has written since 2021, read literally: `\tDuration: X ms\tBilled
 * Duration: N ms\tMemory Size: N MB\tMax Memory Used: N MB`. Returns where the optional
 * fields begin, or -1 when the line is laid out any other way (then each field is
 * matched on its own).
 */
function canonicalReport(s: string, j: number, end: number, r: PlatformRecord): number {
  if (!s.startsWith("\tDuration: ", j)) return -1;
  r.durationMs = numberAt(s, j + 11, end);
  j = numEnd;
  if (!s.startsWith(" ms\tBilled Duration: ", j)) return -1;
  r.billedMs = numberAt(s, j + 21, end);
  j = numEnd;
  if (!s.startsWith(" ms\tMemory Size: ", j)) return -1;
  r.memoryMB = numberAt(s, j + 17, end);
  j = numEnd;
  if (!s.startsWith(" MB\tMax Memory Used: ", j)) return -1;
  r.maxMemoryMB = numberAt(s, j + 21, end);
  j = numEnd;
  if (!s.startsWith(" MB", j)) return -1;
  return j + 3;
}

function parseReport(s: string, i: number, end: number, cx: LineContext, out: PlatformRecord[]): LineResult {
  const a = skipSpaces(s, i, end);
  const b = idEnd(s, a, end);
  if (b === a) return malformed("REPORT line without a request id");
  const r = record("report", cx);
  r.requestId = s.slice(a, b);
  let j = canonicalReport(s, b, end, r);
  if (j < 0) {
    j = b;
    r.durationMs = r.billedMs = r.memoryMB = r.maxMemoryMB = NaN;
  }
  while ((j = readField(s, j, end)) >= 0) {
    if (s.charCodeAt(keyFrom) === 88 /* XRAY TraceId */) {
      j = end;
      break;
    }
    if (!reportField(s, r)) reportFieldAfterJunk(s, r);
  }
  out.push(r);
  if (Number.isNaN(r.durationMs)) {
    malformedReason = "REPORT line without a Duration field: counted as an invocation, left out of durations and concurrency";
    return LineResult.Partial;
  }
  return LineResult.Platform;
}

/** Sets the REPORT field just read, if it is one; keys told apart by length and first letter, no key strings made. */
function reportField(s: string, r: PlatformRecord): boolean {
  const c0 = s.charCodeAt(keyFrom);
  if (keyLen === 8 && isKey(s, "Duration")) r.durationMs = numberValue(s);
  else if (keyLen === 15 && c0 === 66 && isKey(s, "Billed Duration")) r.billedMs = numberValue(s);
  else if (keyLen === 15 && c0 === 77 && isKey(s, "Max Memory Used")) r.maxMemoryMB = numberValue(s);
  else if (keyLen === 11 && isKey(s, "Memory Size")) r.memoryMB = numberValue(s);
  else if (keyLen === 13 && isKey(s, "Init Duration")) r.initMs = numberValue(s);
  else if (keyLen === 16 && isKey(s, "Restore Duration")) r.restoreMs = numberValue(s);
  else if (keyLen === 23 && isKey(s, "Billed Restore Duration")) r.billedRestoreMs = numberValue(s);
  else if (keyLen === 6 && isKey(s, "Status")) r.status = value(s);
  else if (keyLen === 10 && isKey(s, "Error Type")) r.errorType = value(s);
  else return false;
  return true;
}

/** REPORT keys, longest first, so that `Billed Duration` is not taken for `Duration`. */
const REPORT_KEYS = ["Billed Restore Duration", "Restore Duration", "Max Memory Used", "Billed Duration", "Init Duration", "Memory Size", "Error Type", "Duration", "Status"];

/**
 * A key with something unreadable before it (`200032.11 ms Billed Duration` once the
 * value before it could not be read as one): the known key it ends with, after a space,
 * so a readable field is not lost with the unreadable one.
 */
function reportFieldAfterJunk(s: string, r: PlatformRecord): void {
  const end = keyFrom + keyLen;
  for (const key of REPORT_KEYS) {
    const from = end - key.length;
    if (from > keyFrom && isSpace(s.charCodeAt(from - 1)) && s.startsWith(key, from)) {
      keyFrom = from;
      keyLen = key.length;
      reportField(s, r);
      return;
    }
  }
}

function pushRuntimeStart(
  kind: "initStart" | "restoreStart",
  s: string,
  i: number,
  end: number,
  cx: LineContext,
  out: PlatformRecord[],
): LineResult {
  const r = record(kind, cx);
  let j = i;
  while ((j = readField(s, j, end)) >= 0) {
    if (isKey(s, "Runtime Version")) r.runtime = value(s);
  }
  out.push(r);
  return LineResult.Platform;
}

function parseInitReport(s: string, i: number, end: number, cx: LineContext, out: PlatformRecord[]): LineResult {
  const r = record("initReport", cx);
  let j = i;
  while ((j = readField(s, j, end)) >= 0) {
    if (isKey(s, "Init Duration")) r.durationMs = numberValue(s);
    else if (isKey(s, "Phase")) r.phase = value(s);
    else if (isKey(s, "Status")) r.status = value(s);
    else if (isKey(s, "Error Type")) r.errorType = value(s);
  }
  out.push(r);
  return LineResult.Platform;
}

function parseRestoreReport(s: string, i: number, end: number, cx: LineContext, out: PlatformRecord[]): LineResult {
  const r = record("restoreReport", cx);
  let j = i;
  while ((j = readField(s, j, end)) >= 0) {
    if (isKey(s, "Restore Duration")) r.durationMs = numberValue(s);
    else if (isKey(s, "Status")) r.status = value(s);
  }
  out.push(r);
  return LineResult.Platform;
}

/** `[<ISO>] <requestId> Task timed out after 3.00 seconds`: the only timeout signal before 2024. */
function parseTimeoutLine(s: string, m: number, end: number, cx: LineContext, out: PlatformRecord[]): LineResult {
  let i = m;
  if (looksLikeTimestamp(s, i)) {
    const e = s.charCodeAt(i + 24) === 32 || s.charCodeAt(i + 24) === 9 ? i + 24 : tokenEnd(s, i, end);
    i = skipSpaces(s, e, end);
  }
  const ie = idEnd(s, i, end);
  if (ie === i || ie - i > 64) return LineResult.Other;
  const t = skipSpaces(s, ie, end);
  if (t === ie || s.charCodeAt(t) !== 84 || !s.startsWith(TIMED_OUT, t)) return LineResult.Other;
  const r = record("timeout", cx);
  r.requestId = s.slice(i, ie);
  out.push(r);
  return LineResult.Platform;
}

function malformed(reason: string): LineResult {
  malformedReason = reason;
  return LineResult.Malformed;
}
