import type { Sql } from "../store/sql";
import type { AlertsConfig } from "./config";
import { parseRulesFile, type RulesFile } from "./rules-file";
import { listChannels, saveChannel } from "./store/channels";
import { saveRule } from "./store/rules";

export interface ApplyResult extends RulesFile {
  applied: boolean;
}

/**
 * `lambdalens alerts apply FILE`: checks the whole file, then replaces the channels and
 * rules it names (by name) in one transaction; others stay. A file with any problem
 * changes nothing (RulesError lists every problem).
 */
export async function applyRules(sql: Sql, text: string, fileName: string, o: { env: Record<string, string | undefined>; config: Pick<AlertsConfig, "allowPrivateTargets">; dryRun: boolean }): Promise<ApplyResult> {
  const stored = new Set((await listChannels(sql)).map((c) => c.name));
  const file = parseRulesFile(text, { fileName, env: o.env, storedChannels: stored, allowPrivateTargets: o.config.allowPrivateTargets });
  if (o.dryRun) return { ...file, applied: false };
  await sql.transaction(async (tx) => {
    for (const c of file.channels) await saveChannel(tx, c, "file");
    for (const r of file.rules) await saveRule(tx, r, "file");
  });
  return { ...file, applied: true };
}
