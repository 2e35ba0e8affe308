import { readFile } from "node:fs/promises";
import { formatUsage } from "./usage";
import { reportFailure } from "./failure";

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
  alerts: async () => (await import("./alerts")).alertsCommand,
};

/** Which code runs: the bundle `npm install` builds, or the TypeScript sources (bin/lambdalens.js decides). */
export type Entry = "bundle" | "sources";

export async function main(argv: string[], entry: Entry = "sources"): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-v") {
    const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    process.stdout.write(`lambdalens ${pkg.version} (${entry === "bundle" ? "bundle in dist/cli" : "TypeScript sources"})\n`);
    return 0;
  }
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(formatUsage());
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`lambdalens: unknown command '${name}'\n\n${formatUsage()}`);
    return 2;
  }
  // a failure no command handled is still said in one line, never as a stack trace
  const fail = (e: unknown) => {
    reportFailure(name, e);
    process.exit(1);
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
  try {
    const run = await load();
    return await run(rest);
  } catch (e) {
    reportFailure(name, e);
    return 1;
  }
}
