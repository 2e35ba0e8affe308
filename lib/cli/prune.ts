import { parseCommandArgs, parseDuration, UsageError } from "./args";
import { withStore } from "./with-store";
import { pruneInvocations } from "../store/prune";

const USAGE = `Usage: lambdalens prune --older-than 30d

Deletes raw invocations that began before now minus the given age. Minute rollups,
environments and init lines stay, so reports over that time still work.
`;

export async function pruneCommand(argv: string[]): Promise<number> {
  let cutoff: number;
  try {
    const { values: v } = parseCommandArgs(argv, { "older-than": { type: "string" }, help: { type: "boolean", short: "h" } } as const, USAGE);
    if (v.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (!v["older-than"]) throw new UsageError(`--older-than is required\n\n${USAGE}`);
    cutoff = Date.now() - parseDuration(v["older-than"], "--older-than");
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`lambdalens prune: ${e.message}\n`);
    return 2;
  }
  return withStore("prune", async (store) => {
    const n = await pruneInvocations(store.sql, cutoff);
    process.stdout.write(`deleted ${n.toLocaleString("en-US")} invocations that began before ${new Date(cutoff).toISOString()}; rollups kept\n`);
    return 0;
  });
}
