// Groups many small strings into ~64 KiB chunks so a stream writes a few thousand times,
// not millions, and no whole file is ever held in memory.

export const DEFAULT_CHUNK_CHARS = 1 << 16;

export function* chunked(pieces: Iterable<string>, chunkChars = DEFAULT_CHUNK_CHARS): Generator<string, void, undefined> {
  let buf = "";
  for (const piece of pieces) {
    buf += piece;
    if (buf.length >= chunkChars) {
      yield buf;
      buf = "";
    }
  }
  if (buf.length > 0) yield buf;
}

/** CloudWatch-like 56-digit event id, unique and increasing with (timestamp, sequence). */
export function eventId(timestamp: number, seq: number): string {
  const t = String(timestamp);
  const s = String(seq);
  return `3${ZEROS.slice(0, 15 - t.length)}${t}${ZEROS.slice(0, 40 - s.length)}${s}`;
}

const ZEROS = "0".repeat(40);

/** Deterministic ingestion delay of 150 ms to about 2.1 s. */
export function ingestionTime(timestamp: number, seq: number): number {
  return timestamp + 150 + ((seq * 7919) % 2000);
}
