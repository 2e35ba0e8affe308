import type { Sql } from "../../lib/store/sql";

/** What the database holds, in a form two databases can be compared by (ids left out). */
export async function snapshot(sql: Sql) {
  const count = async (t: string) => Number((await sql.query<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "${t}"`))[0].n);
  const rollups = await sql.query(
    `SELECT f."name", r."minute", r."invocations", r."coldStarts", r."restores", r."timeouts", r."durationCount", r."peakConcurrency", r."maxDurationMs", r."durationHist", r."initHist", r."firstTs", r."lastTs"
     FROM "minute_rollups" r JOIN "functions" f ON f."id" = r."functionId" ORDER BY f."name", r."minute"`,
  );
  const environments = await sql.query(
    `SELECT f."name", e."stream", e."firstInvocationTs", e."firstInvocationCold" FROM "environments" e JOIN "functions" f ON f."id" = e."functionId" ORDER BY f."name", e."stream"`,
  );
  return {
    invocations: await count("invocations"),
    reported: Number((await sql.query<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "invocations" WHERE "hasReport"`))[0].n),
    initEvents: await count("init_events"),
    environments: environments.map((e) => ({ ...e, firstInvocationCold: e.firstInvocationCold === null ? null : Boolean(e.firstInvocationCold) })),
    rollups,
  };
}
