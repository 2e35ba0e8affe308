import type { PlatformRecord, SourceContext } from "./types";
import type { ParseStats } from "./stats";
import { base64Chunks, DecodeError, gunzipChunks } from "./decode";
import { TextContainer } from "./text-container";
import { JsonContainer } from "./json-container";
import { CsvContainer, isCsvStart } from "./csv-container";

interface Container {
  push(chunk: Buffer, out: PlatformRecord[]): void;
  end(out: PlatformRecord[]): void;
}

const SNIFF_BYTES = 4096;
const MAX_NESTING = 4;

/**
 * Parses one input of any supported container, sniffed from its content (never its
 * name): gzip and base64-of-gzip are unwrapped, then JSON, CSV or text lines are read.
 * Yields batches of records as the bytes arrive; never throws on bad input, it counts
 * and explains in `stats` instead.
 */
export async function* parseSource(src: AsyncIterable<Uint8Array>, ctx: SourceContext, stats: ParseStats): AsyncGenerator<PlatformRecord[]> {
  const checked = warnWhenRead(parseBytes(buffers(src), ctx, stats, 0), ctx, stats);
  yield* checked;
}

async function* buffers(src: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  for await (const c of src) yield Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}

async function* parseBytes(src: AsyncIterable<Buffer>, ctx: SourceContext, stats: ParseStats, depth: number): AsyncGenerator<PlatformRecord[]> {
  const it = src[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLen = 0;
  while (headLen < SNIFF_BYTES) {
    const r = await it.next();
    if (r.done) break;
    head.push(r.value);
    headLen += r.value.length;
  }
  const whole = Buffer.concat(head);
  const first = withoutBom(whole);
  const rest = replay(first, it);
  const kind = containerKind(first);
  if (kind === "empty") {
    stats.warn(depth === 0 ? `${ctx.source}: the file is empty` : `${ctx.source}: the compressed data holds nothing`);
    return;
  }
  if ((kind === "gzip" || kind === "base64") && depth < MAX_NESTING) {
    stats.containers.add(kind);
    const decoded = kind === "gzip" ? tolerant(gunzipChunks(rest), ctx, stats, "gzip") : base64Chunks(rest);
    yield* parseBytes(decoded, ctx, stats, depth + 1);
    return;
  }
  // gzip nested deeper than MAX_NESTING is as unreadable as any other binary data
  if (kind === "binary" || kind === "gzip") {
    stats.warn(`${ctx.source}: binary data, not a log export (not gzip, not text); nothing was read from it`);
    return;
  }
  const container = pickContainer(kind, ctx, stats);
  for await (const chunk of rest) {
    const out: PlatformRecord[] = [];
    container.push(chunk, out);
    if (out.length > 0) yield out;
  }
  const out: PlatformRecord[] = [];
  container.end(out);
  if (out.length > 0) yield out;
}

/** The bytes after a UTF-8 byte order mark (PowerShell writes one): it is not part of the content. */
export function withoutBom(b: Buffer): Buffer {
  return b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
}

export type ContainerKind = "empty" | "gzip" | "base64" | "binary" | "json" | "csv" | "text";

/** What the first bytes of an input are, by content: the same decision parseSource makes. */
export function containerKind(head: Buffer): ContainerKind {
  const first = withoutBom(head);
  if (first.length === 0) return "empty";
  if (first[0] === 0x1f && first[1] === 0x8b) return "gzip";
  const start = significantStart(first);
  if (first.toString("latin1", start, start + 4) === "H4sI") return "base64";
  if (isBinary(first)) return "binary";
  if (looksLikeJson(first, start)) return "json";
  const nl = first.indexOf(10, start);
  if (isCsvStart(first.toString("utf8", start, nl < 0 ? first.length : nl))) return "csv";
  return "text";
}

function pickContainer(kind: ContainerKind, ctx: SourceContext, stats: ParseStats): Container {
  if (kind === "json") {
    stats.containers.add("json");
    return new JsonContainer(ctx, stats);
  }
  if (kind === "csv") {
    stats.containers.add("csv");
    return new CsvContainer(ctx, stats);
  }
  // text, and base64 nested deeper than MAX_NESTING: read as lines
  stats.containers.add("text");
  return new TextContainer(ctx, stats);
}

/** `{"` or `[` followed by a JSON value; a text line like `[appconfig agent] ...` is not. */
function looksLikeJson(b: Buffer, start: number): boolean {
  const c = b[start];
  if (c !== 0x7b && c !== 0x5b) return false;
  let i = start + 1;
  while (i < b.length && (b[i] === 32 || b[i] === 9 || b[i] === 10 || b[i] === 13)) i++;
  if (i >= b.length) return true;
  const n = b[i];
  if (c === 0x7b) return n === 0x22 || n === 0x7d;
  return n === 0x7b || n === 0x5b || n === 0x22 || n === 0x5d || (n >= 0x30 && n <= 0x39) || n === 0x2d;
}

/** Skips leading white space. */
function significantStart(b: Buffer): number {
  let i = 0;
  while (i < b.length && (b[i] === 32 || b[i] === 9 || b[i] === 10 || b[i] === 13)) i++;
  return i;
}

function isBinary(b: Buffer): boolean {
  const n = Math.min(b.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  return control > n * 0.05;
}

export async function* replay(first: Buffer, it: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (first.length > 0) yield first;
  for (;;) {
    const r = await it.next();
    if (r.done) return;
    yield r.value;
  }
}

/** Gzip data decompressed chunk by chunk; if it breaks off, a warning instead of an exception. */
export function gunzipTolerant(src: AsyncIterable<Buffer>, ctx: SourceContext, stats: ParseStats): AsyncGenerator<Buffer> {
  return tolerant(gunzipChunks(src), ctx, stats, "gzip");
}

/** A decoder that breaks stops the stream with a warning instead of an exception. */
async function* tolerant(src: AsyncIterable<Buffer>, ctx: SourceContext, stats: ParseStats, what: string): AsyncGenerator<Buffer> {
  try {
    yield* src;
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    stats.warn(
      `${ctx.source}: the ${what} data breaks off after ${e.inputBytes} compressed bytes (${e.outputBytes} bytes decompressed): ${e.message}. ` +
        "The records before that point were kept; the line in progress was dropped.",
    );
    stats.truncated = true;
  }
}

/**
 * What can only be said of a source once it is read: an export that names no function
 * but reports several memory sizes most likely mixes functions (only the user can tell
 * them apart), and one where no platform line was read may hold them in a form that
 * was not understood.
 */
async function* warnWhenRead(src: AsyncIterable<PlatformRecord[]>, ctx: SourceContext, stats: ParseStats): AsyncGenerator<PlatformRecord[]> {
  const sizes = new Set<number>();
  for await (const batch of src) {
    noteMemorySizes(batch, ctx, sizes);
    yield batch;
  }
  warnIfMixed(sizes, ctx, stats);
  stats.explainNothingRead(ctx.source);
}

/** Memory sizes reported under the name a file was given for want of one in its data. */
export function noteMemorySizes(batch: readonly PlatformRecord[], ctx: SourceContext, sizes: Set<number>): void {
  // two sizes already make the warning: nothing more to learn
  if (ctx.functionGiven || sizes.size > 1) return;
  for (const r of batch) if (r.kind === "report" && r.fn === ctx.defaultFunction && r.memoryMB === r.memoryMB) sizes.add(r.memoryMB);
}

export function warnIfMixed(sizes: Set<number>, ctx: SourceContext, stats: ParseStats): void {
  if (sizes.size <= 1) return;
  const list = [...sizes].sort((a, b) => a - b).map((s) => `${s} MB`);
  stats.warn(
    `${ctx.source}: names no function but reports several memory sizes (${list.join(", ")}${list.length === 2 ? " at least" : ""}): it probably mixes several functions, all counted as '${ctx.defaultFunction}'. ` +
      "Export each function on its own, or run analyze per export with --function NAME.",
  );
}
