import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import type { SourceContext } from "../parse/types";
import { namesFromPath } from "../parse/names";
import { learnLinePrefix, PREFIX_HEAD_BYTES, type LinePrefix } from "../parse/line-prefix";
import { containerKind, withoutBom } from "../parse/parse-source";

export interface FileInput {
  path: string;
  /** Size in bytes, when known (not for stdin or pipes). */
  size: number | null;
  context: SourceContext;
  chunks: AsyncIterable<Buffer>;
}

export class UnreadableInput extends Error {}

// 64 KiB: the latin1 text made of each chunk stays in the young generation; megabyte chunks
// went to large-object space, a fresh mapping each, and cost ~40 MB more peak memory
const CHUNK = 1 << 16;

/** Why a path cannot be read, in words a user can act on. */
function explain(path: string, e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case "ENOENT":
      return `${path}: no such file`;
    case "EACCES":
    case "EPERM":
      return `${path}: permission denied (check the file's read permission)`;
    case "EISDIR":
      return `${path}: is a directory (pass the files inside it, e.g. ${path}/*)`;
    default:
      return `${path}: cannot be read (${e.code ?? e.message})`;
  }
}

/** What a file's path says about its records: function and stream names, where it holds them. */
export function inputContext(path: string, functionName: string | undefined, range?: ByteRange): SourceContext {
  const names = path === "-" ? { fn: null, stream: null, stem: "stdin" } : namesFromPath(path);
  return {
    // a part of a file is its own source, so inferred environments of two parts never merge
    source: range ? `${path}@${range.start}` : path,
    defaultFunction: functionName ?? names.fn ?? names.stem,
    defaultStream: names.stream ?? undefined,
    functionGiven: functionName !== undefined,
  };
}

/**
 * Opens a file (or `-` for stdin) as a stream of chunks. `onBytes` sees every chunk's
 * size, for progress. Throws UnreadableInput with a message naming the path.
 */
export async function openInput(path: string, functionName: string | undefined, onBytes?: (n: number) => void, range?: ByteRange): Promise<FileInput> {
  const context = inputContext(path, functionName, range);
  if (path === "-") return { path, size: null, context, chunks: counted(process.stdin, onBytes) };
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    size = st.isFile() ? st.size : NaN;
  } catch (e) {
    throw new UnreadableInput(explain(path, e as NodeJS.ErrnoException));
  }
  if (range) {
    // a later part learns what the file puts before its lines from the file's start, as the first part does
    if (range.start > 0) context.linePrefix = await learnFilePrefix(path);
    const start = await lineStartAtOrAfter(path, range.start);
    const end = await lineStartAtOrAfter(path, Math.min(range.end, size));
    if (end <= start) return { path, size: 0, context, chunks: counted((async function* () {})(), onBytes) };
    const stream = createReadStream(path, { highWaterMark: CHUNK, start, end: end - 1 });
    return { path, size: end - start, context, chunks: readErrorsExplained(path, counted(stream, onBytes)) };
  }
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  return { path, size: Number.isNaN(size) ? null : size, context, chunks: readErrorsExplained(path, counted(stream, onBytes)) };
}

/** Part of a text file, in bytes; each line belongs to the part its first byte is in. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Where the first line that starts at or after `offset` begins. */
async function lineStartAtOrAfter(path: string, offset: number): Promise<number> {
  if (offset <= 0) return 0;
  const fh = await open(path, "r");
  try {
    const size = (await fh.stat()).size;
    if (offset >= size) return size;
    const buf = Buffer.alloc(64 * 1024);
    for (let pos = offset - 1; pos < size; pos += buf.length) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      const nl = buf.subarray(0, bytesRead).indexOf(10);
      if (nl >= 0) return pos + nl + 1;
    }
    return size;
  } finally {
    await fh.close();
  }
}

/** A regular file's size and first bytes, for deciding how to read it; null if it cannot be read (openInput explains why). */
export async function fileHead(path: string, bytes: number): Promise<{ size: number; head: Buffer } | null> {
  if (path === "-") return null;
  try {
    // a pipe or a device must be opened once only: by the reader itself
    const st = await stat(path);
    if (!st.isFile()) return null;
    if (bytes === 0) return { size: st.size, head: Buffer.alloc(0) };
    const fh = await open(path, "r");
    try {
      const head = Buffer.alloc(Math.min(bytes, st.size));
      const { bytesRead } = await fh.read(head, 0, head.length, 0);
      return { size: st.size, head: head.subarray(0, bytesRead) };
    } finally {
      await fh.close();
    }
  } catch {
    return null;
  }
}

/** What a plain text file puts before every line (see TextContainer), learnt from its start; null for none. */
export async function learnFilePrefix(path: string): Promise<LinePrefix | null> {
  const h = await fileHead(path, PREFIX_HEAD_BYTES + 3);
  if (!h) return null;
  const head = withoutBom(h.head);
  return containerKind(head) === "text" ? learnLinePrefix(head, h.head.length === h.size) : null;
}

/** Byte ranges of about `size` bytes covering a plain (not compressed) file, for parallel jobs. */
export async function splitRanges(path: string, size: number): Promise<ByteRange[] | null> {
  const st = await stat(path);
  const fh = await open(path, "r");
  const head = Buffer.alloc(2);
  try {
    await fh.read(head, 0, 2, 0);
  } finally {
    await fh.close();
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return null;
  if (st.size <= size) return null;
  const ranges: ByteRange[] = [];
  for (let start = 0; start < st.size; start += size) ranges.push({ start, end: Math.min(st.size, start + size) });
  return ranges;
}

async function* counted(src: AsyncIterable<Buffer | string>, onBytes?: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const c of src) {
    const b = typeof c === "string" ? Buffer.from(c) : c;
    onBytes?.(b.length);
    yield b;
  }
}

async function* readErrorsExplained(path: string, src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* src;
  } catch (e) {
    throw new UnreadableInput(explain(path, e as NodeJS.ErrnoException));
  }
}
