import { formatUsage } from "./usage";

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  analyze: async () => (await import("./analyze")).analyzeCommand,
  serve: async () => (await import("./serve")).serveCommand,
  synth: async () => (await import("./synth")).synthCommand,
  ingest: async () => (await import("./ingest")).ingestCommand,
  report: async () => (await import("./report")).reportCommand,
  prune: async () => (await import("./prune")).pruneCommand,
  migrate: async () => (await import("./migrate")).migrateCommand,
  worker: async () => (await import("./worker")).workerCommand,
  enqueue: async () => (await import("./enqueue")).enqueueCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(formatUsage());
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`lambdalens: unknown command '${name}'\n\n${formatUsage()}`);
    return 2;
  }
  const run = await load();
  return run(rest);
}
