import { parseCommandArgs, UsageError } from "./args";
import { SUMMARY_FLAGS, SUMMARY_FLAGS_HELP, parseSince, commandLineOptions } from "./summary-options";
import { formatTable } from "./format-table";
import { withStore } from "./with-store";
import { reportFromStore } from "../store/report";

const USAGE = `Usage: lambdalens report [options]

The per-function summary of analyze (same JSON contract), from the database.

Options:
  --function NAME            only this function
  --since 24h|7d|ISO         from this time (default: all data)
  --until ISO                up to this time
  --json                     one JSON document on stdout
${SUMMARY_FLAGS_HELP}
  -h, --help                 this text
`;

const OPTIONS = {
  function: { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  ...SUMMARY_FLAGS,
} as const;

export async function reportCommand(argv: string[]): Promise<number> {
  let v;
  let options;
  let range;
  try {
    v = parseCommandArgs(argv, OPTIONS, USAGE).values;
    if (v.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    options = await commandLineOptions(v);
    range = { since: v.since === undefined ? null : parseSince(v.since, "--since"), until: v.until === undefined ? null : parseSince(v.until, "--until") };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`lambdalens report: ${e.message}\n`);
    return 2;
  }
  return withStore("report", async (store) => {
    const summary = await reportFromStore(store.sql, range, { ...options, functionName: v.function });
    if (v.json) {
      process.stdout.write(
        JSON.stringify({ ...summary, range: { since: range.since === null ? null : new Date(range.since).toISOString(), until: range.until === null ? null : new Date(range.until).toISOString() }, database: store.target.display }, null, 2) + "\n",
      );
    } else {
      process.stdout.write(formatTable(summary));
    }
    return 0;
  });
}
