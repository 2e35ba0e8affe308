import type { Sql } from "../sql";
import { isArchitecture, type Architecture } from "../../metrics/prices";

/** Architectures the Lambda API reported, by function name (logs do not carry them). */
export async function functionArchitectures(sql: Sql): Promise<Record<string, Architecture>> {
  const rows = await sql.query<{ name: string; architecture: string }>(`SELECT "name", "architecture" FROM "functions" WHERE "architecture" IS NOT NULL`);
  const out: Record<string, Architecture> = {};
  for (const r of rows) if (isArchitecture(r.architecture)) out[r.name] = r.architecture;
  return out;
}
