import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { SourceContext } from "../parse/types";
import { namesFromPath } from "../parse/names";

export interface FileInput {
  path: string;
  /** Size in bytes, when known (not for stdin or pipes). */
  size: number | null;
  context: SourceContext;
  chunks: AsyncIterable<Buffer>;
}

export class UnreadableInput extends Error {}

const CHUNK = 1 << 20;

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

/**
 * Opens a file (or `-` for stdin) as a stream of chunks. `onBytes` sees every chunk's
 * size, for progress. Throws UnreadableInput with a message naming the path.
 */
export async function openInput(path: string, functionName: string | undefined, onBytes?: (n: number) => void): Promise<FileInput> {
  const names = path === "-" ? { fn: null, stream: null, stem: "stdin" } : namesFromPath(path);
  const context: SourceContext = {
    source: path,
    defaultFunction: functionName ?? names.fn ?? names.stem,
    defaultStream: names.stream ?? undefined,
    functionGiven: functionName !== undefined,
  };
  if (path === "-") return { path, size: null, context, chunks: counted(process.stdin, onBytes) };
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    size = st.isFile() ? st.size : NaN;
  } catch (e) {
    throw new UnreadableInput(explain(path, e as NodeJS.ErrnoException));
  }
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  return { path, size: Number.isNaN(size) ? null : size, context, chunks: readErrorsExplained(path, counted(stream, onBytes)) };
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
