import { parseSource } from "../parse/parse-source";
import { ParseStats, type Issue } from "../parse/stats";
import { FleetData } from "../metrics/collector";
import { summarize, type FleetSummary, type SummaryOptions } from "../metrics/summary";
import { openInput, UnreadableInput } from "../sources/file-source";

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

/** Reads every input in turn (nothing is held beyond what the metrics need), then summarizes. */
export async function analyzeInputs(paths: string[], options: AnalyzeInputsOptions = {}): Promise<AnalysisResult> {
  const fleet = new FleetData();
  const sources: SourceReport[] = [];
  let total = 0;
  for (const path of paths) {
    const stats = new ParseStats();
    let readable = true;
    try {
      const input = await openInput(path, options.functionName, (n) => {
        total += n;
        stats.bytes += n;
        options.onProgress?.(total, path);
      });
      for await (const batch of parseSource(input.chunks, input.context, stats)) fleet.addAll(batch);
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
