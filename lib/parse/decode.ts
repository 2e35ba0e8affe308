import { createGunzip, type Gunzip } from "node:zlib";

/** What went wrong while decoding, with how far it got, for the warning. */
export class DecodeError extends Error {
  constructor(
    message: string,
    readonly inputBytes: number,
    readonly outputBytes: number,
  ) {
    super(message);
  }
}

/**
 * Decompresses a gzip stream (several members back to back, as Firehose writes them)
 * chunk by chunk. A stream cut short yields what was decompressed, then throws a
 * DecodeError saying where it broke.
 */
export async function* gunzipChunks(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const z = createGunzip();
  let inBytes = 0;
  let outBytes = 0;
  let failure: Error | null = null;
  z.on("error", (e) => {
    failure = e;
  });
  const feed = (async () => {
    try {
      for await (const chunk of src) {
        inBytes += chunk.length;
        if (!z.write(chunk)) await drained(z);
        if (failure) return;
      }
      z.end();
    } catch (e) {
      z.destroy(e as Error);
    }
  })();
  try {
    for await (const out of z as AsyncIterable<Buffer>) {
      outBytes += out.length;
      yield out;
    }
  } catch (e) {
    failure ??= e as Error;
  }
  await feed;
  if (failure) {
    const msg = (failure as Error).message;
    throw new DecodeError(msg, z.bytesWritten || inBytes, outBytes);
  }
}

/** Until the decoder wants more input, or will never want any (it failed or closed). */
function drained(z: Gunzip): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      z.off("drain", done).off("error", done).off("close", done);
      resolve();
    };
    z.on("drain", done).on("error", done).on("close", done);
  });
}

/** Base64 text (whitespace allowed) to bytes, chunk by chunk. */
export async function* base64Chunks(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let rest = "";
  for await (const chunk of src) {
    const s = rest + chunk.toString("latin1").replace(/[^A-Za-z0-9+/=_-]/g, "");
    const usable = s.length - (s.length % 4);
    rest = s.slice(usable);
    if (usable > 0) yield Buffer.from(s.slice(0, usable), "base64");
  }
  if (rest) yield Buffer.from(rest, "base64");
}
