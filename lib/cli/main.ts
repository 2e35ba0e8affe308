import { formatUsage } from "./usage";

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  analyze: async () => (await import("./analyze")).analyzeCommand,
  serve: async () => (await import("./serve")).serveCommand,
  synth: async () => (await import("./synth")).synthCommand,
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
