import { parseCommandArgs, parsePositiveInt, UsageError } from "./args";
import { withStore } from "./with-store";
import { activeAlerts, alertHistory, type AlertEntry } from "../alerts/store/listing";
import { formatValue } from "../alerts/message";
import { KINDS } from "../alerts/kinds";

const USAGE = `Usage: lambdalens alerts list [--json] [--limit N]

Active alerts, then the most recent state changes (default 50).
--json prints {"active": [...], "history": [...]}; each entry has rule, function (or
region), state (firing | resolved), value, limit, threshold and at (ISO, data time).
`;

function line(e: AlertEntry): string {
  const unit = KINDS[e.kind].unit;
  const limit = e.limit === null ? "" : ` of ${e.limit.toLocaleString("en-US")}`;
  return `${e.at.slice(0, 16).replace("T", " ")}  ${e.state.padEnd(8)}  ${e.rule}: ${e.function ?? e.region ?? "total"}  ${formatValue(e.value, unit)}${limit} (threshold ${formatValue(e.threshold, unit)})`;
}

export async function alertsListCommand(argv: string[]): Promise<number> {
  let v;
  try {
    v = parseCommandArgs(argv, { json: { type: "boolean" }, limit: { type: "string" }, help: { type: "boolean", short: "h" } } as const, USAGE).values;
    if (v.help) {
      process.stdout.write(USAGE);
      return 0;
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`lambdalens alerts list: ${e.message}\n`);
    return 2;
  }
  let limit = 50;
  try {
    if (v.limit !== undefined) limit = parsePositiveInt(v.limit, "--limit");
  } catch (e) {
    process.stderr.write(`lambdalens alerts list: ${(e as Error).message}\n`);
    return 2;
  }
  return withStore("alerts list", async (store) => {
    const [active, history] = await Promise.all([activeAlerts(store.sql), alertHistory(store.sql, limit)]);
    if (v.json) {
      process.stdout.write(JSON.stringify({ active, history }, null, 2) + "\n");
      return 0;
    }
    process.stdout.write(active.length ? `Active (${active.length}):\n${active.map((a) => `  ${line(a)}${a.acknowledgedAt ? "  [acknowledged]" : ""}\n`).join("")}` : "No active alerts.\n");
    process.stdout.write(history.length ? `\nHistory (newest first):\n${history.map((h) => `  ${line(h)}${h.muted ? "  [muted]" : ""}\n`).join("")}` : "\nNo alert history yet.\n");
    return 0;
  });
}
