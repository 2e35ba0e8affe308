import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

export class UploadTooLarge extends Error {}

/** A file name safe to keep on disk: its last path part, with nothing but plain characters. */
export function safeFileName(name: string): string {
  const base = name.replace(/\\/g, "/").split("/").pop() ?? "";
  const clean = base.replace(/[^A-Za-z0-9._$\-[\]]/g, "_").replace(/^\.+/, "");
  return clean.slice(0, 200) || "upload.log";
}

/**
 * Streams a request body to `file` as it arrives (never whole in memory), counting bytes;
 * past `maxBytes` it stops, removes what was written and throws UploadTooLarge.
 */
export async function receiveToFile(body: ReadableStream<Uint8Array>, file: string, maxBytes: number, onBytes: (total: number) => void): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  let total = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      total += chunk.length;
      if (total > maxBytes) return cb(new UploadTooLarge(`the upload is larger than the limit of ${maxBytes.toLocaleString("en-US")} bytes (LAMBDALENS_UPLOAD_MAX_BYTES)`));
      onBytes(total);
      cb(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as unknown as WebReadableStream<Uint8Array>), counter, createWriteStream(file));
  } catch (e) {
    await rm(file, { force: true });
    throw e;
  }
  return total;
}
