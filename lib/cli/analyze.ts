import { parseCommandArgs, UsageError } from "./args";
import { Progress } from "./progress";
import { formatProblems, formatTable } from "./format-table";
import { analyzeInputs } from "../pipeline/analyze-inputs";
import { SUMMARY_FLAGS, SUMMARY_FLAGS_HELP, summaryOptionsFrom } from "./summary-options";

const USAGE = `Usage: lambdalens analyze [options] FILE...   (FILE may be - for stdin)

Reads Lambda log exports of any common shape (plain, S3 export, aws logs tail, sam logs,
filter/get-log-events JSON, subscription payloads, Firehose, Logs Insights, CSV, NDJSON;
gzip or not) and prints per-function cold starts, inits, concurrency and cost.

Options:
  --function NAME            name for records whose input names no function; with inputs
                             that do name theirs, show only NAME
${SUMMARY_FLAGS_HELP}
  --json                     one JSON document on stdout
  --stats                    print wall time and peak memory as JSON on stderr
  --no-progress              no progress line, even on a terminal
  -h, --help                 this text
`;

const OPTIONS = {
  function: { type: "string" },
  ...SUMMARY_FLAGS,
  json: { type: "boolean" },
  stats: { type: "boolean" },
  "no-progress": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const PROGRESS_MIN_BYTES = 50e6;

export async function analyzeCommand(argv: string[]): Promise<number> {
  const started = process.hrtime.bigint();
  let args;
  try {
    args = await readOptions(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`lambdalens analyze: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (args === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  const { files, json, stats, progress: wantProgress, ...options } = args;
  const total = await totalSize(files);
  const progress = new Progress(total, wantProgress && process.stderr.isTTY === true && (total === null || total >= PROGRESS_MIN_BYTES));
  const result = await analyzeInputs(files, { ...options, onProgress: (b, s) => progress.update(b, s) });
  progress.done();
  if (json) {
    const { sources, warnings, ...rest } = result;
    process.stdout.write(JSON.stringify({ ...rest, sources, warnings, options: { architecture: options.architecture, region: options.region, concurrencyLimit: options.concurrencyLimit, bucketSeconds: options.bucketMs / 1000, freeTier: options.freeTier } }, null, 2) + "\n");
  } else {
    process.stdout.write(formatTable(result));
  }
  process.stderr.write(formatProblems(result));
  if (stats) {
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const maxRssMB = process.resourceUsage().maxRSS / 1024;
    const bytes = result.sources.reduce((a, s) => a + s.bytes, 0);
    process.stderr.write(JSON.stringify({ wallMs: Math.round(wallMs), maxRssMB: Math.round(maxRssMB), bytes, lines: result.lines.read }) + "\n");
  }
  const unreadable = result.sources.filter((s) => !s.readable);
  if (unreadable.length === result.sources.length) {
    process.stderr.write(`lambdalens analyze: no input could be read (${unreadable.map((s) => s.source).join(", ")})\n`);
    return 1;
  }
  return 0;
}

async function readOptions(argv: string[]) {
  const { values: v, positionals } = parseCommandArgs(argv, OPTIONS, USAGE);
  if (v.help) return "help" as const;
  if (positionals.length === 0) throw new UsageError(`no input files given\n\n${USAGE}`);
  return {
    files: positionals,
    json: v.json === true,
    stats: v.stats === true,
    progress: v["no-progress"] !== true,
    functionName: v.function,
    ...(await summaryOptionsFrom(v)),
  };
}

async function totalSize(files: string[]): Promise<number | null> {
  const { stat } = await import("node:fs/promises");
  let total = 0;
  for (const f of files) {
    if (f === "-") return null;
    try {
      total += (await stat(f)).size;
    } catch {
      // reported when it is opened
    }
  }
  return total;
}
