export function formatUsage(): string {
  return `Usage: lambdalens <command> [options]

Commands:
  analyze [options] FILE...   Per-function cold starts, inits, concurrency and cost from log exports
  ingest [options] FILE...    Store exports (or live CloudWatch Logs with --cloudwatch) in the database
  report [options]            The analyze summary, from the database
  prune --older-than 30d      Drop raw invocations older than that; rollups stay
  enqueue FILE...             Queue files as ingestion jobs for workers
  worker                      Claim and run queued ingestion jobs
  alerts apply|run|list       Alert rules (rules files), evaluation and delivery, active alerts
  migrate                     Apply pending database migrations
  synth [options]             Write a deterministic synthetic Lambda log export
  serve                       Apply migrations, build if needed and start the dashboard

Run 'lambdalens <command> --help' for the options of one command, 'lambdalens --version'
for the version and whether the built bundle or the TypeScript sources run.
`;
}
