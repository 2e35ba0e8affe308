import type { AnalysisResult } from "../pipeline/analyze-inputs";
import type { FleetSummary, FunctionSummary } from "../metrics/summary";

const dash = "–";

function n(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return dash;
  return v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function pct(v: number | null): string {
  return v === null ? dash : `${(v * 100).toFixed(v < 0.01 ? 2 : 1)}%`;
}

function usd(v: number | null): string {
  if (v === null) return dash;
  return v < 0.01 && v > 0 ? `$${v.toPrecision(2)}` : `$${v.toFixed(2)}`;
}

const COLUMNS: [string, (f: FunctionSummary) => string][] = [
  ["function", (f) => f.name],
  ["invocations", (f) => n(f.invocations)],
  ["cold", (f) => n(f.coldStarts)],
  ["cold %", (f) => pct(f.coldStartRate)],
  ["pre-init", (f) => n(f.preInvokeInits)],
  ["unused", (f) => n(f.unusedInits)],
  ["init fail", (f) => n(f.initFailures)],
  ["timeouts", (f) => n(f.timeouts)],
  ["peak conc", (f) => n(f.peakConcurrency)],
  ["L peak", (f) => n(f.littlesLawPeak, 2)],
  ["limit", (f) => `${n(f.concurrencyLimit)}${f.concurrencyLimitKind === "reserved" ? " R" : ""}`],
  ["p50 ms", (f) => n(f.durationMs?.p50, 1)],
  ["p99 ms", (f) => n(f.durationMs?.p99, 1)],
  ["init p50", (f) => n(f.initDurationMs?.p50, 1)],
  ["mem MB", (f) => (f.memorySizeMB === null ? dash : `${n(f.maxMemoryUsedMB)}/${n(f.memorySizeMB)}`)],
  ["cost", (f) => usd(f.costUsd)],
  ["per month", (f) => usd(f.monthlyCostUsd)],
];

/** The human-readable report: a table of functions, then what the user should know. */
export function formatTable(r: FleetSummary & { lines?: AnalysisResult["lines"] }): string {
  const rows = r.functions.map((f) => COLUMNS.map(([, get]) => get(f)));
  const head = COLUMNS.map(([h]) => h);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const out: string[] = [];
  if (rows.length === 0) out.push("No Lambda invocations or inits found in the input.");
  else out.push(line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line));
  out.push("");
  const lines = r.lines ? `; lines read ${n(r.lines.read)}, platform ${n(r.lines.platform)}, skipped ${n(r.lines.skipped)}` : "";
  out.push(`window ${r.window.start ?? dash} .. ${r.window.end ?? dash}${lines}`);
  if (r.functions.some((f) => f.concurrencyLimitKind === "reserved")) out.push("limit: R = the function's reserved concurrency; otherwise its region's account limit");
  const hints = r.functions.filter((f) => f.suggestedMemoryMB !== null);
  for (const f of hints) out.push(`hint: ${f.name} uses at most ${f.maxMemoryUsedMB} of ${f.memorySizeMB} MB; try ${f.suggestedMemoryMB} MB (and check its duration)`);
  return out.join("\n") + "\n";
}

/** Warnings and the first skipped lines, for stderr. */
export function formatProblems(r: AnalysisResult): string {
  const out: string[] = [];
  for (const w of r.warnings) out.push(`warning: ${w}`);
  for (const s of r.sources) for (const i of s.issues) out.push(`note: ${i.source}:${i.line}: ${i.reason}`);
  return out.length ? out.join("\n") + "\n" : "";
}
