import type { Sql } from "../sql";
import { isArchitecture, type Architecture } from "../../metrics/prices";
import type { LimitFacts } from "../../metrics/limits";

/** What the Lambda API and the user's settings say of a function (logs say none of it). */
export interface FunctionFacts extends LimitFacts {
  id: number;
  name: string;
  /** the user's override, else the Lambda API's; null when neither says */
  architecture: Architecture | null;
  architectureFrom: "settings" | "lambda-api" | null;
  memoryMB: number | null;
  timeoutSec: number | null;
  runtime: string | null;
  codeSizeBytes: number | null;
}

interface Row extends LimitFacts {
  id: number;
  name: string;
  architecture: string | null;
  architectureOverride: string | null;
  memoryMB: number | null;
  timeoutSec: number | null;
  runtime: string | null;
  codeSizeBytes: number | null;
}

/** Facts of every function, or of one by name. */
export async function functionFacts(sql: Sql, name?: string): Promise<FunctionFacts[]> {
  const rows = await sql.query<Row>(
    `SELECT "id", "name", "region", "architecture", "architectureOverride", "memoryMB", "timeoutSec", "runtime", "codeSizeBytes",
            "reservedConcurrency", "reservedConcurrencyOverride", "accountConcurrencyLimit"
     FROM "functions"${name === undefined ? "" : ` WHERE "name" = ?`} ORDER BY "name"`,
    name === undefined ? [] : [name],
  );
  return rows.map((r) => {
    const override = r.architectureOverride !== null && isArchitecture(r.architectureOverride) ? r.architectureOverride : null;
    const api = r.architecture !== null && isArchitecture(r.architecture) ? r.architecture : null;
    return {
      id: r.id,
      name: r.name,
      region: r.region,
      architecture: override ?? api,
      architectureFrom: override ? "settings" : api ? "lambda-api" : null,
      memoryMB: r.memoryMB,
      timeoutSec: r.timeoutSec,
      runtime: r.runtime,
      codeSizeBytes: r.codeSizeBytes,
      reservedConcurrency: r.reservedConcurrency,
      reservedConcurrencyOverride: r.reservedConcurrencyOverride,
      accountConcurrencyLimit: r.accountConcurrencyLimit,
    };
  });
}
