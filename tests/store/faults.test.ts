import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ingestFile, IngestFailed } from "../../lib/pipeline/ingest-file";
import { openStore, StoreUnavailable, type Store } from "../../lib/store/store";
import { reportFromStore } from "../../lib/store/report";
import type { SqliteSql } from "../../lib/store/sqlite-sql";
import { createTestDatabase, type TestDatabase } from "./databases";
import { cli, synthFleet } from "./fleet";
import { snapshot } from "./snapshot";

const fleet = synthFleet(["--invocations", "12000", "--functions", "3", "--format", "sam", "--seed", "9"], "fleet.log");
const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});
async function adminOf(db: TestDatabase) {
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  return admin;
}
async function reportedInvocations(store: Store): Promise<number> {
  return (await reportFromStore(store.sql, { since: null, until: null })).functions.reduce((a, f) => a + f.invocations, 0);
}
async function clean(kind: "sqlite" | "postgres") {
  const db = await createTestDatabase(kind);
  dbs.push(db);
  const s = await db.open();
  await ingestFile(s, fleet.path);
  const want = await snapshot(s.sql);
  await s.close();
  return want;
}

describe("database faults", () => {
  it("an unreachable database is named without its password", async () => {
    const url = "postgresql://lambdalens:s3cret@127.0.0.1:1/lambdalens";
    await expect(openStore({ url })).rejects.toThrow(StoreUnavailable);
    const r = cli(["report"], { DATABASE_URL: url });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("postgresql://lambdalens:****@127.0.0.1:1/lambdalens");
    expect(r.stderr).not.toContain("s3cret");
    expect(r.stderr).toMatch(/Is PostgreSQL running/);
    const bad = cli(["report"], { DATABASE_URL: "mysql://root@127.0.0.1/x" });
    expect(bad.stderr).toMatch(/unsupported scheme/);
  });

  it("a full disk stops the run with a resumable checkpoint; nothing half-written counts", async () => {
    const want = await clean("sqlite");
    const db = await createTestDatabase("sqlite");
    dbs.push(db);
    const store = await db.open();
    // SQLite's page limit makes the database file "full" after a few batches
    const raw = (store.sql as SqliteSql).db;
    const pages = raw.pragma("page_count", { simple: true }) as number;
    raw.pragma(`max_page_count = ${pages + 300}`);
    const failure = await ingestFile(store, fleet.path, { batchRecords: 2000, retry: { attempts: 2, baseDelayMs: 10 } }).catch((e) => e);
    expect(failure).toBeInstanceOf(IngestFailed);
    expect(failure.message).toMatch(/database or disk is full/);
    expect(failure.message).toMatch(/run the same command again/);
    const partial = await snapshot(store.sql);
    expect(partial.reported).toBeGreaterThan(0);
    expect(partial.reported).toBeLessThan(want.reported);
    // what was committed is counted: its rollups were written with it
    expect(await reportedInvocations(store)).toBe(partial.reported);
    // every committed batch is whole: each stored row has its REPORT fields
    const [broken] = await store.sql.query<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "invocations" WHERE "hasReport" AND "durationMs" IS NULL`);
    expect(Number(broken.n)).toBe(0);
    raw.pragma("max_page_count = 1073741823");
    await ingestFile(store, fleet.path);
    expect(await snapshot(store.sql)).toEqual(want);
    await store.close();
  });

  it("a PostgreSQL connection lost mid-run is retried and the totals stay exact", async () => {
    const want = await clean("postgres");
    const db = await createTestDatabase("postgres");
    dbs.push(db);
    const store = await db.open();
    // the third statement that inserts invocations ends its own connection, mid-transaction
    // (a sequence, since a counter in a table would be rolled back with the transaction)
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`CREATE SEQUENCE "kill_switch"`);
    await admin.query(`CREATE FUNCTION "kill_third_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('kill_switch') = 3 THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;
        RETURN NULL;
      END $$`);
    await admin.query(`CREATE TRIGGER "kill_third_insert" AFTER INSERT ON "invocations" FOR EACH STATEMENT EXECUTE FUNCTION "kill_third_insert"()`);
    const retries: string[] = [];
    await ingestFile(store, fleet.path, {
      batchRecords: 2000,
      retry: { attempts: 6, baseDelayMs: 50 },
      onRetry: (m) => retries.push(m),
    });
    const [{ last_value: inserts }] = (await admin.query(`SELECT last_value FROM "kill_switch"`)).rows;
    await admin.query(`DROP TRIGGER "kill_third_insert" ON "invocations"`);
    await admin.end();
    expect(Number(inserts)).toBeGreaterThan(3);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatch(/database error/);
    expect(await snapshot(store.sql)).toEqual(want);
    await store.close();
  });

  it("a PostgreSQL run stopped part-way leaves what it committed visible to report", async () => {
    const want = await clean("postgres");
    const db = await createTestDatabase("postgres");
    dbs.push(db);
    const store = await db.open();
    const admin = await adminOf(db);
    // the fourth statement that inserts invocations fails for good (not a connection error: no retry)
    await admin.query(`CREATE SEQUENCE "fail_switch"`);
    await admin.query(`CREATE FUNCTION "fail_fourth_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('fail_switch') >= 4 THEN RAISE EXCEPTION 'quota exceeded'; END IF;
        RETURN NULL;
      END $$`);
    await admin.query(`CREATE TRIGGER "fail_fourth_insert" AFTER INSERT ON "invocations" FOR EACH STATEMENT EXECUTE FUNCTION "fail_fourth_insert"()`);
    const failure = await ingestFile(store, fleet.path, { batchRecords: 2000 }).catch((e) => e);
    expect(failure).toBeInstanceOf(IngestFailed);
    expect(failure.message).toMatch(/quota exceeded.*run the same command again/);
    const partial = await snapshot(store.sql);
    expect(partial.reported).toBeGreaterThan(0);
    expect(partial.reported).toBeLessThan(want.reported);
    expect(await reportedInvocations(store)).toBe(partial.reported);
    await admin.query(`DROP TRIGGER "fail_fourth_insert" ON "invocations"`);
    await admin.end();
    await ingestFile(store, fleet.path);
    expect(await snapshot(store.sql)).toEqual(want);
    await store.close();
  });

  it("a PostgreSQL outage during the rollup refresh is retried; one that lasts ends the command with one line", async () => {
    const want = await clean("postgres");
    const db = await createTestDatabase("postgres");
    dbs.push(db);
    const store = await db.open();
    const admin = await adminOf(db);
    // from the second statement that writes rollups on, every one ends its own connection while the switch is on
    await admin.query(`CREATE TABLE "outage" ("on" boolean NOT NULL)`);
    await admin.query(`INSERT INTO "outage" VALUES (false)`);
    await admin.query(`CREATE SEQUENCE "rollup_writes"`);
    await admin.query(`CREATE FUNCTION "cut_rollup_write"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('rollup_writes') = 2 OR (SELECT "on" FROM "outage") THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;
        RETURN NULL;
      END $$`);
    await admin.query(`CREATE TRIGGER "cut_rollup_write" AFTER INSERT ON "minute_rollups" FOR EACH STATEMENT EXECUTE FUNCTION "cut_rollup_write"()`);
    const retries: string[] = [];
    await ingestFile(store, fleet.path, { batchRecords: 2000, retry: { attempts: 6, baseDelayMs: 50 }, onRetry: (m) => retries.push(m) });
    expect(retries).toHaveLength(1);
    expect(await snapshot(store.sql)).toEqual(want);
    await store.close();

    await admin.query(`UPDATE "outage" SET "on" = true`);
    const run = cli(["ingest", "--force", fleet.path], { DATABASE_URL: db.url });
    await admin.query(`DROP TRIGGER "cut_rollup_write" ON "minute_rollups"`);
    await admin.end();
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split("\n").filter((l) => !/retry \d+ in/.test(l) && l.trim() !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^lambdalens ingest: .*stopped after 0 records .* because the database failed: .*run the same command again/);
  });

  it("an export for a function the database has never seen creates it", async () => {
    const db = await createTestDatabase("sqlite");
    dbs.push(db);
    const store = await db.open();
    await ingestFile(store, fleet.path, { functionName: "brand-new" });
    const r = await reportFromStore(store.sql, { since: null, until: null });
    expect(r.functions.map((f) => f.name)).toEqual(["brand-new"]);
    expect(r.functions[0].invocations).toBe(12000);
    await store.close();
  });
});
