import { looksLikeStream } from "./names";
import { platformWordAt } from "./platform-words";
import { isSpace, skipSpaces, tokenEnd } from "./strings";
import { looksLikeTimestamp, timestampEnd } from "./timestamp";

/**
 * Something a file puts before every line that the usual layouts (stream, timestamp)
 * do not explain: a capture tool's `HH:MM:SS`, `jets logs -f`'s `YYYY-MM-DD HH:MM:SS UTC`,
 * Markdown table pipes around a console CSV. Learnt once from a file's first lines, then
 * matched on each line before it is read. Plain data, so it crosses to other threads.
 */
export interface LinePrefix {
  /** One character class per character, after leading white space: '9' a digit, 'a' a letter, anything else itself. */
  shape: string;
  /** The time inside the prefix, [timeFrom, timeTo) from its start; "none" for none or a time of day without a date. */
  timeKind: "iso" | "epochMs" | "none";
  timeFrom: number;
  timeTo: number;
  /** Each line also ends with this (the closing pipe of a table row), or "". */
  suffix: string;
}

/** How much of a file is looked at, and how long a prefix may be. */
export const PREFIX_HEAD_BYTES = 64 * 1024;
const HEAD_LINES = 2000;
const MAX_PREFIX = 80;

const ISO_TIME = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/;
const EPOCH_MS = /(?<!\d)\d{13}(?!\d)/;

function classOf(c: number): number {
  if (c >= 48 && c <= 57) return 57; // '9'
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return 97; // 'a'
  return c;
}

function shapeOf(s: string, from: number, to: number): string {
  let shape = "";
  for (let i = from; i < to; i++) shape += String.fromCharCode(classOf(s.charCodeAt(i)));
  return shape;
}

/** True when s, from i on, begins with text of this shape. */
export function hasShape(s: string, i: number, end: number, shape: string): boolean {
  if (i + shape.length > end) return false;
  for (let k = 0; k < shape.length; k++) {
    if (classOf(s.charCodeAt(i + k)) !== shape.charCodeAt(k)) return false;
  }
  return true;
}

/** Where TextContainer reads a line's message from: after white space, a stream name and a timestamp. */
function messageStart(s: string, i: number, end: number): number {
  i = skipSpaces(s, i, end);
  if (looksLikeStream(s, i)) i = skipSpaces(s, tokenEnd(s, i, end), end);
  if (looksLikeTimestamp(s, i)) {
    i = skipSpaces(s, timestampEnd(s, i, end), end);
    if (looksLikeStream(s, i)) i = skipSpaces(s, tokenEnd(s, i, end), end);
  }
  return i;
}

function trimEnd(s: string, from: number, to: number): number {
  while (to > from && isSpace(s.charCodeAt(to - 1))) to--;
  return to;
}

/** End of a line without its suffix and the white space around it. */
export function withoutSuffix(s: string, from: number, to: number, suffix: string): number {
  const e = trimEnd(s, from, to);
  return e > from && s.startsWith(suffix, e - suffix.length) ? trimEnd(s, from, e - suffix.length) : to;
}

/**
 * Platform words that speak against a prefix of this shape: those readable as they
 * stand, and those behind other text. Words in a message behind the prefix (text with
 * letters between the two) are an application quoting them, and say nothing of it.
 */
function against(head: string, words: [number, number, number][], shape: string): number {
  let n = 0;
  for (const [start, end, word] of words) {
    if (!hasShape(head, start, end, shape)) n++;
    else if (trimEnd(head, start, word) - start !== shape.length && !/[A-Za-z]/.test(head.slice(start + shape.length, word))) n++;
  }
  return n;
}

/**
 * The prefix a text file applies consistently, learnt from the whole lines of its first
 * PREFIX_HEAD_BYTES (`whole`: head is all of the file). Given more it looks at those
 * only, so a file read whole or in parts learns the same.
 */
export function learnLinePrefix(head: Buffer, whole: boolean): LinePrefix | null {
  let n = Math.min(head.length, PREFIX_HEAD_BYTES);
  if (!whole || head.length > PREFIX_HEAD_BYTES) n = head.lastIndexOf(10, n - 1) + 1 || n;
  return detectLinePrefix(head.toString("latin1", 0, n));
}

interface Candidate {
  /** Platform words standing right behind text of this shape. */
  support: number;
  text: string;
  endsWithPipe: number;
}

/**
 * The prefix a file applies consistently, from its first lines (`head`, latin1), or null.
 * Taken when most platform words in those lines (and two at least) stand right behind
 * text of one shape, rather than where the usual layouts put a message or behind other
 * text; that shape holds more than letters (a time, a tag's brackets, a pipe); and most
 * lines of the file begin with it, not only those with a platform word. An application
 * that writes "forwarding REPORT RequestId: ..." therefore makes no prefix of its words,
 * and behind a prefix a platform line must still start its message.
 */
function detectLinePrefix(head: string): LinePrefix | null {
  const lines: [number, number][] = [];
  for (let pos = 0; pos < head.length && lines.length < HEAD_LINES; ) {
    let nl = head.indexOf("\n", pos);
    if (nl < 0) nl = head.length;
    const start = skipSpaces(head, pos, nl);
    const end = trimEnd(head, start, nl);
    if (end > start) lines.push([start, end]);
    pos = nl + 1;
  }
  const words: [number, number, number][] = [];
  const shapes = new Map<string, Candidate>();
  for (const [start, end] of lines) {
    const word = platformWordAt(head, start, end);
    // a word deep in a line is application text: it says nothing of prefixes
    if (word < 0 || word - start > MAX_PREFIX) continue;
    words.push([start, end, word]);
    if (messageStart(head, start, end) === word) continue;
    const to = trimEnd(head, start, word);
    const shape = shapeOf(head, start, to);
    const c = shapes.get(shape) ?? { support: 0, text: head.slice(start, to), endsWithPipe: 0 };
    c.support++;
    if (head.charCodeAt(end - 1) === 124) c.endsWithPipe++;
    shapes.set(shape, c);
  }
  let best: [string, Candidate] | null = null;
  for (const e of shapes) if (best === null || e[1].support > best[1].support) best = e;
  if (best === null || !/[^a\s]/.test(best[0])) return null;
  const [shape, c] = best;
  if (c.support < 2 || c.support < 0.8 * (c.support + against(head, words, shape))) return null;
  const covered = lines.filter(([start, end]) => hasShape(head, start, end, shape)).length;
  if (covered < 2 || covered < 0.6 * lines.length) return null;
  const iso = ISO_TIME.exec(c.text);
  const epoch = iso ? null : EPOCH_MS.exec(c.text);
  const time = iso ?? epoch;
  return {
    shape,
    timeKind: iso ? "iso" : epoch ? "epochMs" : "none",
    timeFrom: time ? time.index : 0,
    timeTo: time ? time.index + time[0].length : 0,
    suffix: c.text.startsWith("|") && c.endsWithPipe === c.support ? "|" : "",
  };
}
