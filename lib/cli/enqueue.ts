import { parseCommandArgs, UsageError } from "./args";
import { withStore } from "./with-store";
import { enqueue, type JobPayload } from "../jobs/queue";
import { splitRanges } from "../sources/file-source";

const USAGE = `Usage: lambdalens enqueue [--function NAME] [--split-mb N] FILE...

Queues each file as an ingestion job for 'lambdalens worker' processes (on PostgreSQL,
any number of them, on any machines sharing DATABASE_URL). Plain text files larger than
--split-mb megabytes (default 256) are queued in parts that workers ingest in parallel.
`;

export async function enqueueCommand(argv: string[]): Promise<number> {
  let v;
  let files: string[];
  try {
    const parsed = parseCommandArgs(argv, { function: { type: "string" }, "split-mb": { type: "string" }, help: { type: "boolean", short: "h" } } as const, USAGE);
    v = parsed.values;
    files = parsed.positionals;
    if (v.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (files.length === 0) throw new UsageError(`no files given\n\n${USAGE}`);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`lambdalens enqueue: ${e.message}\n`);
    return 2;
  }
  const splitBytes = Number(v["split-mb"] ?? 256) * 1e6;
  const payloads: JobPayload[] = [];
  for (const path of files) {
    const ranges = await splitRanges(path, splitBytes).catch((e) => {
      process.stderr.write(`lambdalens enqueue: ${path}: ${(e as Error).message}\n`);
      return undefined;
    });
    if (ranges === undefined) return 1;
    if (ranges === null) payloads.push({ kind: "file", path, functionName: v.function });
    else for (const r of ranges) payloads.push({ kind: "file", path, functionName: v.function, start: r.start, end: r.end });
  }
  return withStore("enqueue", async (store) => {
    const ids = await enqueue(store.sql, payloads);
    process.stdout.write(`queued ${ids.length} job(s): ${ids.join(", ")}\n`);
    return 0;
  });
}
