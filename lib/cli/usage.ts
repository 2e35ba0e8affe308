export function formatUsage(): string {
  return `Usage: lambdalens <command> [options]

Commands:
  analyze [options] FILE...   Per-function cold starts, inits, concurrency and cost from log exports
  synth [options]             Write a deterministic synthetic Lambda log export
  serve                       Apply migrations, build if needed and start the dashboard

Run 'lambdalens <command> --help' for the options of one command.
`;
}
