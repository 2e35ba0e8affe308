import { readFile } from "node:fs/promises";
import { parseCommandArgs, UsageError } from "./args";
import { withStore } from "./with-store";
import { applyRules } from "../alerts/apply";
import { alertsConfig } from "../alerts/config";
import { RulesError } from "../alerts/rules-file";

const USAGE = `Usage: lambdalens alerts apply [--dry-run] FILE

Reads a rules file (YAML, or JSON when the name ends in .json; '-' reads stdin) and
replaces the channels and rules it names; channels and rules it does not name stay.
\${NAME} in any value is replaced by the environment variable NAME (an unset one is an
error). A file with any problem changes nothing; every problem is listed.

  channels:
    - name: ops-hook
      type: webhook            # webhook | slack | email
      url: https://hooks.example.com/lambda
      secret: \${OPS_HOOK_SECRET}
  rules:
    - name: orders concurrency
      kind: concurrency        # concurrency | region-concurrency | scaling-rate | cold-start-rate
                               # | spend | init-failures | long-inits | timeouts
      functions: "orders-*"    # name or glob; region rules take region:
      limit: 100               # optional: else reserved concurrency, else the account limit
      window: 5m
      fire: 0.8
      resolve: 0.7
      channels: [ops-hook]

Options:
  --dry-run    check the file, change nothing
  -h, --help   this text
`;

export async function alertsApplyCommand(argv: string[]): Promise<number> {
  let v;
  let positionals: string[];
  try {
    ({ values: v, positionals } = parseCommandArgs(argv, { "dry-run": { type: "boolean" }, help: { type: "boolean", short: "h" } } as const, USAGE));
    if (v.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(`expected one rules file\n\n${USAGE}`);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`lambdalens alerts apply: ${e.message}\n`);
    return 2;
  }
  const file = positionals[0];
  let text: string;
  try {
    text = file === "-" ? await readStdin() : await readFile(file, "utf8");
  } catch (e) {
    process.stderr.write(`lambdalens alerts apply: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  return withStore("alerts apply", async (store) => {
    try {
      const r = await applyRules(store.sql, text, file, { env: process.env, config: alertsConfig(), dryRun: v["dry-run"] === true });
      const what = `${r.channels.length} channel(s)${r.channels.length ? ` (${r.channels.map((c) => c.name).join(", ")})` : ""} and ${r.rules.length} rule(s)${r.rules.length ? ` (${r.rules.map((x) => x.name).join(", ")})` : ""}`;
      process.stdout.write(r.applied ? `applied ${what}\n` : `${file} is valid: ${what}; nothing changed (--dry-run)\n`);
      return 0;
    } catch (e) {
      if (!(e instanceof RulesError)) throw e;
      process.stderr.write(`lambdalens alerts apply: ${file}: ${e.problems.length} problem(s), nothing changed:\n${e.problems.map((p) => `  ${p}\n`).join("")}`);
      return 1;
    }
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
