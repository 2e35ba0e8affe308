// The output formats by name, and the plumbing that streams a run into a file or stdout
// (with gzip where asked or where the format is gzip by nature).

import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip, gzipSync } from "node:zlib";
import type { SynthEvent } from "./events";
import { chunked } from "./writers/chunks";
import { filterLogEventsJson } from "./writers/filter-json";
import { firehoseRecords, subscriptionFiles, type SubscriptionOptions } from "./writers/subscription";
import { jsonLogLines, plainLines, s3Lines, samLines, tailLines, type S3Options } from "./writers/text-lines";

export const OUTPUT_FORMATS = ["s3", "plain", "sam", "tail", "filter-json", "subscription", "firehose", "json-log"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function isOutputFormat(name: string): name is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(name);
}

export interface WriteOptions {
  /** Gzip the output (always on for firehose; subscription files are always gzip). */
  gzip?: boolean;
  /** s3 / json-log: shuffle window, blank lines. */
  s3?: S3Options;
  /** subscription / firehose: owner, batch size and window. */
  subscription?: SubscriptionOptions;
  /** firehose: gzip each record on its own (concatenated gzip members, as Firehose stores them). */
  firehoseMultiMember?: boolean;
}

/** Formats whose data names the log group, so one file can hold several functions. */
export function carriesFunctionName(format: OutputFormat): boolean {
  return format === "subscription" || format === "firehose";
}

export function fileExtension(format: OutputFormat, gzip = false): string {
  const base: Record<OutputFormat, string> = {
    s3: ".log",
    plain: ".log",
    sam: ".log",
    tail: ".log",
    "filter-json": ".json",
    subscription: ".json.gz",
    firehose: ".gz",
    "json-log": ".log",
  };
  const ext = base[format];
  return gzip && !ext.endsWith(".gz") ? `${ext}.gz` : ext;
}

/** The chunks of one output file, before any gzip; not for `subscription` (one file per payload). */
export function formatChunks(format: OutputFormat, events: Iterable<SynthEvent>, options: WriteOptions = {}): Iterable<string | Buffer> {
  switch (format) {
    case "s3":
      return chunked(s3Lines(events, options.s3));
    case "json-log":
      return chunked(jsonLogLines(events, options.s3));
    case "plain":
      return chunked(plainLines(events));
    case "sam":
      return chunked(samLines(events));
    case "tail":
      return chunked(tailLines(events));
    case "filter-json":
      return chunked(filterLogEventsJson(events));
    case "firehose":
      return options.firehoseMultiMember
        ? gzipEach(firehoseRecords(events, options.subscription))
        : chunked(firehoseRecords(events, options.subscription));
    case "subscription":
      throw new Error("subscription output is one gzip file per payload: use writeSubscriptionFiles");
  }
}

function* gzipEach(records: Iterable<string>): Generator<Buffer, void, undefined> {
  for (const r of records) yield gzipSync(r);
}

function needsGzip(format: OutputFormat, options: WriteOptions): boolean {
  if (format === "firehose") return !options.firehoseMultiMember;
  return options.gzip === true;
}

/**
 * Streams one format into `out` with backpressure; `out` is not ended (so stdout works).
 * Returns the number of bytes written.
 */
export async function writeFormat(
  format: OutputFormat,
  events: Iterable<SynthEvent>,
  out: Writable,
  options: WriteOptions = {},
): Promise<number> {
  let bytes = 0;
  const sink = async (chunks: AsyncIterable<string | Buffer>): Promise<void> => {
    for await (const chunk of chunks) {
      bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", resolve));
    }
  };
  const source = Readable.from(formatChunks(format, events, options));
  if (needsGzip(format, options)) await pipeline(source, createGzip(), sink);
  else await pipeline(source, sink);
  return bytes;
}

/** Writes each subscription payload as `<dir>/<nnnnnn>.json.gz`; returns files and bytes. */
export async function writeSubscriptionFiles(
  events: Iterable<SynthEvent>,
  dir: string,
  options: SubscriptionOptions = {},
): Promise<{ files: number; bytes: number }> {
  await mkdir(dir, { recursive: true });
  let files = 0;
  let bytes = 0;
  for (const f of subscriptionFiles(events, options)) {
    await writeFile(join(dir, f.name), f.data);
    files++;
    bytes += f.data.length;
  }
  return { files, bytes };
}

/** Collects a whole output in memory: for tests and small demo data sets only. */
export async function formatToBuffer(
  format: Exclude<OutputFormat, "subscription">,
  events: Iterable<SynthEvent>,
  options: WriteOptions = {},
): Promise<Buffer> {
  const parts: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      parts.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
      cb();
    },
  });
  await writeFormat(format, events, out, options);
  return Buffer.concat(parts);
}
