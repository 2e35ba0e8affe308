import type { Sql } from "../sql";
import type { InitInput } from "../../metrics/inits";
import { isVirtualStream } from "../../parse/message-reader";
import { rangeClause, type TimeRange } from "./time-range";

/** What init classification needs for one function, from environments and init events. */
export async function initInput(sql: Sql, functionId: number, range: TimeRange): Promise<InitInput & { runtimes: string[] }> {
  const r = rangeClause(`ie."ts"`, range);
  const open = range.since === null && range.until === null;
  const starts = await sql.query<{ environmentId: number; stream: string; ts: number | null; firstInvocationTs: number | null; firstInvocationCold: boolean | number | null; runtime: string | null }>(
    `SELECT ie."environmentId", e."stream", ie."ts", ie."runtime", e."firstInvocationTs", e."firstInvocationCold"
     FROM "init_events" ie JOIN "environments" e ON e."id" = ie."environmentId"
     WHERE ie."functionId" = ? AND ie."kind" = 'initStart' AND (1 = 1${r.sql}${open ? "" : ` AND ie."ts" IS NOT NULL`})`,
    [functionId, ...r.params],
  );
  const envs = new Map<number, InitInput["environments"][number]>();
  const runtimes = new Set<string>();
  for (const s of starts) {
    if (s.runtime) runtimes.add(s.runtime);
    let env = envs.get(s.environmentId);
    if (!env) {
      const used = s.firstInvocationCold !== null;
      env = { virtual: isVirtualStream(s.stream), inits: [], first: used ? { ts: s.firstInvocationTs ?? NaN, cold: Boolean(s.firstInvocationCold) } : null };
      envs.set(s.environmentId, env);
    }
    env.inits.push(s.ts ?? NaN);
  }
  const environments = [...envs.values()];
  let virtualColdStarts: number[] = [];
  let virtualLastStart = -Infinity;
  if (environments.some((e) => e.virtual)) {
    const rows = await sql.query<{ beginTs: number; cold: boolean | number }>(
      `SELECT i."beginTs", (i."initMs" IS NOT NULL OR i."restoreMs" IS NOT NULL) AS "cold" FROM "invocations" i JOIN "environments" e ON e."id" = i."environmentId"
       WHERE i."functionId" = ? AND i."hasReport" AND i."beginTs" IS NOT NULL AND e."stream" LIKE '%#env%'`,
      [functionId],
    );
    for (const x of rows) {
      if (x.beginTs > virtualLastStart) virtualLastStart = x.beginTs;
      if (x.cold) virtualColdStarts.push(x.beginTs);
    }
  }
  const reports = await sql.query<{ status: string | null }>(
    `SELECT ie."status" FROM "init_events" ie WHERE ie."functionId" = ? AND ie."kind" = 'initReport' AND (1 = 1${r.sql})`,
    [functionId, ...r.params],
  );
  return { environments, virtualColdStarts, virtualLastStart, initReportStatuses: reports.map((x) => x.status), runtimes: [...runtimes].sort() };
}
