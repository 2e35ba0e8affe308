import { containerKind, gunzipTolerant, parseSource, replay, withoutBom } from "../parse/parse-source";
import { learnLinePrefix, PREFIX_HEAD_BYTES } from "../parse/line-prefix";
import { ParseStats, type Issue } from "../parse/stats";
import { FleetData } from "../metrics/collector";
import { summarize, type FleetSummary, type SummaryOptions } from "../metrics/summary";
import { fileHead, inputContext, learnFilePrefix, openInput, UnreadableInput } from "../sources/file-source";
import { collectFileInParallel, collectTextInParallel, parallelMinBytes, parallelThreads } from "./parallel-text";

export interface SourceReport {
  source: string;
  readable: boolean;
  containers: string[];
  bytes: number;
  lines: number;
  platform: number;
  skipped: number;
  issues: Issue[];
  warnings: string[];
}

export interface AnalysisResult extends FleetSummary {
  lines: { read: number; platform: number; skipped: number };
  sources: SourceReport[];
  warnings: string[];
}

export interface AnalyzeInputsOptions extends Partial<SummaryOptions> {
  functionName?: string;
  /** Called as bytes are read, with the running total over all inputs. */
  onProgress?: (bytesRead: number, source: string) => void;
}

/** At least the first `bytes` of a stream (all of it if shorter), and the stream again from its start. */
async function peek(src: AsyncIterable<Buffer>, bytes: number): Promise<{ head: Buffer; whole: boolean; all: AsyncIterable<Buffer> }> {
  const it = src[Symbol.asyncIterator]();
  const pieces: Buffer[] = [];
  let size = 0;
  let whole = false;
  while (size < bytes) {
    const r = await it.next();
    if (r.done) {
      whole = true;
      break;
    }
    pieces.push(r.value);
    size += r.value.length;
  }
  const head = Buffer.concat(pieces);
  return { head, whole, all: replay(head, it) };
}

/**
 * Large line-oriented exports are parsed on several threads (a plain file in shares
 * read at once; a gzipped one decompressed here and handed out in chunks); anything
 * else, and small files, on this one. The results are the same either way.
 */
async function collect(path: string, functionName: string | undefined, onBytes: (n: number) => void, stats: ParseStats, fleet: FleetData): Promise<void> {
  const threads = parallelThreads("plain");
  const plain = threads >= 2 ? await fileHead(path, 4096) : null;
  if (plain && plain.size >= parallelMinBytes() && containerKind(plain.head) === "text") {
    stats.containers.add("text");
    const ctx = { ...inputContext(path, functionName), linePrefix: await learnFilePrefix(path) };
    await collectFileInParallel(path, plain.size, ctx, stats, fleet, threads, onBytes);
    return;
  }
  const gzipThreads = parallelThreads("gzip");
  const input = await openInput(path, functionName, onBytes);
  if (input.size === null || input.size < parallelMinBytes() || gzipThreads < 2) {
    for await (const batch of parseSource(input.chunks, input.context, stats)) fleet.addAll(batch);
    return;
  }
  let { head, whole, all } = await peek(input.chunks, PREFIX_HEAD_BYTES + 3);
  if (containerKind(head) === "gzip") {
    stats.containers.add("gzip");
    ({ head, whole, all } = await peek(gunzipTolerant(all, input.context, stats), PREFIX_HEAD_BYTES + 3));
  }
  if (containerKind(head) !== "text") {
    for await (const batch of parseSource(all, input.context, stats)) fleet.addAll(batch);
    return;
  }
  stats.containers.add("text");
  const ctx = { ...input.context, linePrefix: learnLinePrefix(withoutBom(head), whole) };
  await collectTextInParallel(all, ctx, stats, fleet, gzipThreads);
}

/** Reads every input in turn (nothing is held beyond what the metrics need), then summarizes. */
export async function analyzeInputs(paths: string[], options: AnalyzeInputsOptions = {}): Promise<AnalysisResult> {
  const fleet = new FleetData();
  const sources: SourceReport[] = [];
  let total = 0;
  for (const path of paths) {
    const stats = new ParseStats();
    let readable = true;
    try {
      const onBytes = (n: number) => {
        total += n;
        stats.bytes += n;
        options.onProgress?.(total, path);
      };
      await collect(path, options.functionName, onBytes, stats, fleet);
    } catch (e) {
      if (!(e instanceof UnreadableInput)) throw e;
      readable = stats.bytes > 0;
      stats.warn(readable ? `${e.message}; the records read before the error were kept` : e.message);
    }
    sources.push({
      source: path,
      readable,
      containers: [...stats.containers],
      bytes: stats.bytes,
      lines: stats.linesRead,
      platform: stats.platformLines,
      skipped: stats.skipped,
      issues: stats.issues,
      warnings: stats.warnings,
    });
  }
  const summary = summarize(fleet, options);
  const warnings = sources.flatMap((s) => s.warnings);
  if (options.functionName !== undefined) {
    const all = summary.functions.map((f) => f.name);
    summary.functions = summary.functions.filter((f) => f.name === options.functionName);
    if (summary.functions.length === 0 && all.length > 0) {
      warnings.push(`no records for function '${options.functionName}'; the inputs name: ${all.join(", ")}`);
    }
  }
  return {
    ...summary,
    lines: {
      read: sources.reduce((a, s) => a + s.lines, 0),
      platform: sources.reduce((a, s) => a + s.platform, 0),
      skipped: sources.reduce((a, s) => a + s.skipped, 0),
    },
    sources,
    warnings,
  };
}
