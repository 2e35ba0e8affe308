import type { Sql } from "./sql";
import { DEFAULT_SETTINGS, type FunctionOverrides, type Settings, type SettingsPatch } from "../settings/schema";

/** The stored settings over the defaults (a key never set keeps its default). */
export async function readSettings(sql: Sql): Promise<Settings> {
  const rows = await sql.query<{ key: string; value: string }>(`SELECT "key", "value" FROM "settings"`);
  const out: Settings = structuredClone(DEFAULT_SETTINGS);
  for (const r of rows) {
    if (r.key in out) (out as unknown as Record<string, unknown>)[r.key] = JSON.parse(r.value);
  }
  return out;
}

/** Stores the keys a (validated) patch sets; the others stay as they are. */
export async function writeSettings(sql: Sql, patch: SettingsPatch): Promise<Settings> {
  await sql.transaction(async (tx) => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      const now = new Date().toISOString();
      const changed = await tx.run(`UPDATE "settings" SET "value" = ?, "updatedAt" = ? WHERE "key" = ?`, [JSON.stringify(value), now, key]);
      if (changed === 0) await tx.run(`INSERT INTO "settings" ("key", "value", "updatedAt") VALUES (?, ?, ?)`, [key, JSON.stringify(value), now]);
    }
  });
  return readSettings(sql);
}

/** Sets (or clears, with null) a function's reserved concurrency and architecture overrides. Returns false for an unknown function. */
export async function writeFunctionOverrides(sql: Sql, name: string, o: FunctionOverrides): Promise<boolean> {
  const sets: string[] = [];
  const params: unknown[] = [];
  if (o.reservedConcurrency !== undefined) {
    sets.push(`"reservedConcurrencyOverride" = ?`);
    params.push(o.reservedConcurrency);
  }
  if (o.architecture !== undefined) {
    sets.push(`"architectureOverride" = ?`);
    params.push(o.architecture);
  }
  if (sets.length === 0) return (await sql.query(`SELECT 1 FROM "functions" WHERE "name" = ?`, [name])).length > 0;
  return (await sql.run(`UPDATE "functions" SET ${sets.join(", ")} WHERE "name" = ?`, [...params, name])) > 0;
}
