// Line-oriented containers: S3 export objects, bare messages, `sam logs`, `aws logs tail`.
// Each generator yields one string per event; wrap it in `chunked` before writing.

import type { SynthEvent } from "../events";
import { renderMessage, type MessageFormat } from "../messages";
import { Rng } from "../random";
import { isoMicros, isoMs } from "../time-format";

export interface LineOptions {
  /** Text (default) or the JSON log format. */
  messageFormat?: MessageFormat;
}

export interface S3Options extends LineOptions {
  /** Shuffle events inside a sliding window of this many (0 = time order, the default). */
  shuffleWindow?: number;
  /** Seed of the shuffle (default 1). */
  shuffleSeed?: number;
  /** An empty line after each record, as some exports show. */
  blankLines?: boolean;
}

/** Text messages end in "\n" already; JSON ones get it here (no endsWith: it would flatten every rope). */
function lineEnd(format: MessageFormat): string {
  return format === "json" ? "\n" : "";
}

/** Yields events from a bounded window in a seeded random order (S3 exports are not sorted). */
export function* locallyShuffled<T>(items: Iterable<T>, window: number, seed: number): Generator<T, void, undefined> {
  if (window <= 1) {
    yield* items;
    return;
  }
  const rng = new Rng(seed);
  const buf: T[] = [];
  for (const item of items) {
    if (buf.length < window) {
      buf.push(item);
      continue;
    }
    const i = rng.int(window);
    yield buf[i] as T;
    buf[i] = item;
  }
  while (buf.length > 0) {
    const i = rng.int(buf.length);
    yield buf[i] as T;
    buf[i] = buf[buf.length - 1] as T;
    buf.pop();
  }
}

/** CreateExportTask object lines: `<ISO ts with ms>Z <message>`. */
export function* s3Lines(events: Iterable<SynthEvent>, options: S3Options = {}): Generator<string, void, undefined> {
  const format = options.messageFormat ?? "text";
  const end = lineEnd(format) + (options.blankLines ? "\n" : "");
  const source = locallyShuffled(events, options.shuffleWindow ?? 0, options.shuffleSeed ?? 1);
  for (const e of source) {
    const message = renderMessage(e, format);
    if (message !== null) yield `${isoMs(e.timestamp)} ${message}${end}`;
  }
}

/** The JSON log format in S3-export lines. */
export function jsonLogLines(events: Iterable<SynthEvent>, options: Omit<S3Options, "messageFormat"> = {}) {
  return s3Lines(events, { ...options, messageFormat: "json" });
}

/** Bare messages, one after the other. */
export function* plainLines(events: Iterable<SynthEvent>, options: LineOptions = {}): Generator<string, void, undefined> {
  const format = options.messageFormat ?? "text";
  const end = lineEnd(format);
  for (const e of events) {
    const message = renderMessage(e, format);
    if (message !== null) yield message + end;
  }
}

/** `sam logs`: `<stream> <YYYY-MM-DDTHH:MM:SS.ffffff> <message>`. */
export function* samLines(events: Iterable<SynthEvent>, options: LineOptions = {}): Generator<string, void, undefined> {
  const format = options.messageFormat ?? "text";
  const end = lineEnd(format);
  for (const e of events) {
    const message = renderMessage(e, format);
    if (message !== null) yield `${e.logStream} ${isoMicros(e.timestamp)} ${message}${end}`;
  }
}

/** `aws logs tail --format detailed`: `<ISO µs +00:00> <stream> <message>`, trailing white space stripped. */
export function* tailLines(events: Iterable<SynthEvent>, options: LineOptions = {}): Generator<string, void, undefined> {
  const format = options.messageFormat ?? "text";
  for (const e of events) {
    const message = renderMessage(e, format);
    if (message !== null) yield `${isoMicros(e.timestamp)}+00:00 ${e.logStream} ${message.trimEnd()}\n`;
  }
}
