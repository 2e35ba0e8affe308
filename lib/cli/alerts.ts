const USAGE = `Usage: lambdalens alerts <apply|run|list> [options]

  alerts apply [--dry-run] FILE    Replace the channels and rules a YAML or JSON rules file
                                   names (\${ENV} expanded); --dry-run only checks it
  alerts run [--every 1m] [--deliver-timeout 60s]
                                   Evaluate the rules, then deliver pending notifications;
                                   with --every, keep doing so until stopped
  alerts list [--json] [--limit N] Active alerts and recent history

Run 'lambdalens alerts <subcommand> --help' for details. Rules also evaluate after every
ingest; the dashboard (/alerts), 'serve' and 'worker' deliver notifications too.
`;

type Sub = (argv: string[]) => Promise<number>;

const subs: Record<string, () => Promise<Sub>> = {
  apply: async () => (await import("./alerts-apply")).alertsApplyCommand,
  run: async () => (await import("./alerts-run")).alertsRunCommand,
  list: async () => (await import("./alerts-list")).alertsListCommand,
};

export async function alertsCommand(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  const load = name === undefined ? undefined : subs[name];
  if (!load) {
    process.stderr.write(`lambdalens alerts: ${name === undefined ? "which subcommand?" : `unknown subcommand '${name}'`}\n\n${USAGE}`);
    return 2;
  }
  return (await load())(rest);
}
