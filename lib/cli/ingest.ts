import { parseCommandArgs, UsageError } from "./args";
import { Progress } from "./progress";
import { withStore } from "./with-store";
import { ingestFile, IngestFailed, type IngestSummary } from "../pipeline/ingest-file";
import { UnreadableInput } from "../sources/file-source";
import { refreshStatistics } from "../store/ingest/statistics";

const USAGE = `Usage: lambdalens ingest [options] FILE...
       lambdalens ingest --cloudwatch [cloudwatch options]

Stores Lambda platform records from exports (any format analyze reads) in the
database (DATABASE_URL, default ./data/lambdalens.db). Ingesting the same data twice
changes nothing; a run that was stopped can simply be started again.

Options:
  --function NAME     name for records whose input names no function
  --force             read files again even if they were ingested unchanged before
  --no-progress       no progress line
  --json              print the summary as JSON
  --ndjson            one JSON object per line on stdout as the work goes: progress
                      ({"type":"progress",...}), each file's summary ({"type":"file",...})
                      and failures ({"type":"error",...}); for programs (the dashboard)
  -h, --help          this text

CloudWatch options (live ingestion; see README):
  --cloudwatch        read from CloudWatch Logs instead of files
  --region R          AWS region (default: the SDK's)
  --profile P         credentials profile (default: the SDK's default chain)
  --log-group-prefix  default /aws/lambda/
  --function NAME     only this function (repeatable)
  --since 24h|ISO     where to start when a log group has no checkpoint (default 24h)
  --follow [SECONDS]  keep polling every SECONDS (default 30) until stopped; an outage
                      of CloudWatch or the database is waited out
  --latency DURATION  how late an event may reach CloudWatch and still be read
                      (default 5m; 0 reads each time from the newest event, like
                      'aws logs tail --follow')
  --endpoint URL      another CloudWatch Logs / Lambda endpoint (tests, local stacks)
`;

const OPTIONS = {
  function: { type: "string", multiple: true },
  force: { type: "boolean" },
  "no-progress": { type: "boolean" },
  json: { type: "boolean" },
  ndjson: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  cloudwatch: { type: "boolean" },
  region: { type: "string" },
  profile: { type: "string" },
  "log-group-prefix": { type: "string" },
  since: { type: "string" },
  follow: { type: "string" },
  latency: { type: "string" },
  endpoint: { type: "string" },
} as const;

function line(s: IngestSummary): string {
  if (s.status === "skipped") return `${s.source}: skipped (ingested before, unchanged)`;
  return `${s.source}: ${s.lines.toLocaleString("en-US")} lines, ${s.records.toLocaleString("en-US")} records, ${s.stored.toLocaleString("en-US")} invocations stored, ${s.duplicates.toLocaleString("en-US")} duplicates, ${s.initEvents.toLocaleString("en-US")} init lines, ${s.skipped.toLocaleString("en-US")} lines skipped`;
}

export async function ingestCommand(argv: string[]): Promise<number> {
  // --follow takes an optional value: bare --follow means the default interval
  const args = argv.map((a, i) => (a === "--follow" && (argv[i + 1] === undefined || argv[i + 1].startsWith("-")) ? "--follow=30" : a));
  let parsed;
  try {
    parsed = parseCommandArgs(args, OPTIONS, USAGE);
  } catch (e) {
    process.stderr.write(`lambdalens ingest: ${(e as Error).message}\n`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (v.cloudwatch) {
    const { cloudwatchIngestCommand } = await import("./ingest-cloudwatch");
    return cloudwatchIngestCommand(v);
  }
  if (positionals.length === 0) {
    process.stderr.write(`lambdalens ingest: no input files given\n\n${USAGE}`);
    return 2;
  }
  if ((v.function?.length ?? 0) > 1) {
    process.stderr.write("lambdalens ingest: --function may be given once for files\n");
    return 2;
  }
  return withStore("ingest", async (store) => {
    const summaries: IngestSummary[] = [];
    let failed = 0;
    const event = (e: object) => v.ndjson && process.stdout.write(JSON.stringify(e) + "\n");
    for (const file of positionals) {
      const progress = new Progress(null, v["no-progress"] !== true && !v.ndjson && process.stderr.isTTY === true);
      try {
        const s = await ingestFile(store, file, {
          functionName: v.function?.[0],
          force: v.force,
          onProgress: (p) => {
            progress.update(p.bytes, `${p.records.toLocaleString("en-US")} records  ${file}`);
            event({ type: "progress", ...p });
          },
          onRetry: (m) => process.stderr.write(`\n${m}\n`),
        });
        progress.done();
        summaries.push(s);
        event({ type: "file", ...s });
        if (!v.json && !v.ndjson) process.stdout.write(line(s) + "\n");
        for (const w of s.warnings) process.stderr.write(`warning: ${w}\n`);
        for (const i of s.issues) process.stderr.write(`note: ${i.source}:${i.line}: ${i.reason}\n`);
      } catch (e) {
        progress.done();
        if (!(e instanceof UnreadableInput) && !(e instanceof IngestFailed)) throw e;
        failed++;
        event({ type: "error", source: file, message: e.message });
        process.stderr.write(`lambdalens ingest: ${e.message}\n`);
        if (e instanceof IngestFailed) break;
      }
    }
    await refreshStatistics(store.sql, summaries.reduce((n, s) => n + s.stored, 0));
    if (v.json) process.stdout.write(JSON.stringify({ sources: summaries }, null, 2) + "\n");
    return failed > 0 ? 1 : 0;
  });
}
