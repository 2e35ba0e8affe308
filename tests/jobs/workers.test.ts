import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeInputs } from "../../lib/pipeline/analyze-inputs";
import { reportFromStore } from "../../lib/store/report";
import { claimJob, enqueue, queueCounts } from "../../lib/jobs/queue";
import { runWorker } from "../../lib/jobs/worker";
import { createTestDatabase, KINDS, type TestDatabase } from "../store/databases";
import { BIN, cli, synthFleet } from "../store/fleet";
import { expectSameSummary } from "../store/compare";

const OPEN = { since: null, until: null };
const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

function worker(url: string): Promise<{ code: number | null; log: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, "worker", "--exit-when-idle"], { env: { ...process.env, DATABASE_URL: url } });
    let log = "";
    p.stderr.on("data", (d) => (log += d));
    p.on("exit", (code) => resolve({ code, log }));
  });
}

describe("ingestion workers", () => {
  it("two workers at once on PostgreSQL split one large input without overlap, totals exact", async () => {
    const fleet = synthFleet(["--invocations", "60000", "--functions", "4", "--format", "sam", "--seed", "21"], "large.log");
    const db = await createTestDatabase("postgres");
    dbs.push(db);
    const queued = cli(["enqueue", "--split-mb", "3", fleet.path], { DATABASE_URL: db.url });
    expect(queued.status, queued.stderr).toBe(0);
    const jobs = Number(/queued (\d+) job/.exec(queued.stdout)![1]);
    expect(jobs).toBeGreaterThanOrEqual(5);
    const [a, b] = await Promise.all([worker(db.url), worker(db.url)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const store = await db.open();
    expect(await queueCounts(store.sql)).toEqual({ done: jobs });
    const byWorker = await store.sql.query<{ lockedBy: string; n: number }>(`SELECT "lockedBy", COUNT(*) AS "n" FROM "ingest_jobs" GROUP BY "lockedBy"`);
    expect(byWorker).toHaveLength(2); // both worked
    expect(byWorker.reduce((s, r) => s + Number(r.n), 0)).toBe(jobs); // and no job twice
    expectSameSummary(await reportFromStore(store.sql, OPEN), await analyzeInputs([fleet.path]));
    await store.close();
  });

  it.each(KINDS)("a job whose worker died is taken over (%s)", async (kind) => {
    const fleet = synthFleet(["--invocations", "500", "--functions", "1", "--format", "sam"], "small.log");
    const db = await createTestDatabase(kind);
    dbs.push(db);
    const store = await db.open();
    // one job is being worked on by a live worker...
    const [alive] = await enqueue(store.sql, [{ kind: "file", path: fleet.path }]);
    expect((await claimJob(store.sql, "alive", 60_000))?.id).toBe(alive);
    // ...the other was claimed two minutes ago by a worker not heard of since
    const [dead] = await enqueue(store.sql, [{ kind: "file", path: fleet.path }]);
    expect((await claimJob(store.sql, "ghost", 60_000, Date.now() - 120_000))?.id).toBe(dead);
    const done = await runWorker(store, { exitWhenIdle: true, staleMs: 60_000, name: "rescuer" });
    expect(done).toBe(1);
    const rows = await store.sql.query<{ id: number; status: string; lockedBy: string; attempts: number }>(`SELECT "id", "status", "lockedBy", "attempts" FROM "ingest_jobs" ORDER BY "id"`);
    expect(rows.map((r) => [r.status, r.lockedBy, Number(r.attempts)])).toEqual([
      ["running", "alive", 1],
      ["done", "rescuer", 2],
    ]);
    expect((await reportFromStore(store.sql, OPEN)).functions[0].invocations).toBe(500);
    await store.close();
  });
});
