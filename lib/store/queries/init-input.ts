import type { Sql } from "../sql";
import type { InitInput } from "../../metrics/inits";
import { isVirtualStream } from "../../parse/message-reader";
import { rangeClause, type TimeRange } from "./time-range";

export type StoredInitInput = InitInput & { runtimes: string[] };

/**
 * What init classification needs, from environments and init events, for every
 * function with init lines in the range (or the one named), keyed by function id.
 */
export async function initInputs(sql: Sql, range: TimeRange, functionName?: string): Promise<Map<number, StoredInitInput & { name: string }>> {
  const r = rangeClause(`ie."ts"`, range);
  const open = range.since === null && range.until === null;
  const byName = functionName === undefined ? "" : ` AND f."name" = ?`;
  const params = [...r.params, ...(functionName === undefined ? [] : [functionName])];
  const starts = await sql.query<{ functionId: number; name: string; environmentId: number; stream: string; ts: number | null; firstInvocationTs: number | null; firstInvocationCold: boolean | number | null; runtime: string | null }>(
    `SELECT ie."functionId", f."name", ie."environmentId", e."stream", ie."ts", ie."runtime", e."firstInvocationTs", e."firstInvocationCold"
     FROM "init_events" ie JOIN "environments" e ON e."id" = ie."environmentId" JOIN "functions" f ON f."id" = ie."functionId"
     WHERE ie."kind" = 'initStart' AND (1 = 1${r.sql}${open ? "" : ` AND ie."ts" IS NOT NULL`})${byName}`,
    params,
  );
  const reports = await sql.query<{ functionId: number; name: string; status: string | null }>(
    `SELECT ie."functionId", f."name", ie."status" FROM "init_events" ie JOIN "functions" f ON f."id" = ie."functionId"
     WHERE ie."kind" = 'initReport' AND (1 = 1${r.sql})${byName}`,
    params,
  );
  const out = new Map<number, StoredInitInput & { name: string; envs: Map<number, InitInput["environments"][number]>; runtimeSet: Set<string> }>();
  const entry = (functionId: number, name: string) => {
    let e = out.get(functionId);
    if (!e) out.set(functionId, (e = { name, environments: [], virtualColdStarts: [], virtualLastStart: -Infinity, initReportStatuses: [], runtimes: [], envs: new Map(), runtimeSet: new Set() }));
    return e;
  };
  for (const s of starts) {
    const f = entry(s.functionId, s.name);
    if (s.runtime) f.runtimeSet.add(s.runtime);
    let env = f.envs.get(s.environmentId);
    if (!env) {
      const used = s.firstInvocationCold !== null;
      env = { virtual: isVirtualStream(s.stream), inits: [], first: used ? { ts: s.firstInvocationTs ?? NaN, cold: Boolean(s.firstInvocationCold) } : null };
      f.envs.set(s.environmentId, env);
    }
    env.inits.push(s.ts ?? NaN);
  }
  for (const x of reports) entry(x.functionId, x.name).initReportStatuses.push(x.status);
  for (const [functionId, f] of out) {
    f.environments = [...f.envs.values()];
    f.runtimes = [...f.runtimeSet].sort();
    if (f.environments.some((e) => e.virtual)) await addVirtualStarts(sql, functionId, f);
  }
  return new Map([...out].map(([id, { envs: _e, runtimeSet: _r, ...f }]) => [id, f]));
}

/**
 * Inputs that named no stream put every record in one inferred environment: inits are
 * then matched to cold starts by time (lib/metrics/inits.ts), which needs their starts.
 */
async function addVirtualStarts(sql: Sql, functionId: number, f: InitInput): Promise<void> {
  const rows = await sql.query<{ beginTs: number; cold: boolean | number }>(
    `SELECT i."beginTs", (i."initMs" IS NOT NULL OR i."restoreMs" IS NOT NULL) AS "cold" FROM "invocations" i JOIN "environments" e ON e."id" = i."environmentId"
     WHERE i."functionId" = ? AND i."hasReport" AND i."beginTs" IS NOT NULL AND e."stream" LIKE '%#env%'`,
    [functionId],
  );
  for (const x of rows) {
    if (x.beginTs > f.virtualLastStart) f.virtualLastStart = x.beginTs;
    if (x.cold) f.virtualColdStarts.push(x.beginTs);
  }
}
