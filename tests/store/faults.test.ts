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
/** A new PostgreSQL database, the totals a clean ingest reaches, and an admin connection to plant faults. */
async function postgresFixture() {
  const want = await clean("postgres");
  const db = await createTestDatabase("postgres");
  dbs.push(db);
  const store = await db.open();
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  return { want, db, store, admin };
}

/**
 * Runs `body` (PL/pgSQL; `n` counts the statements so far, in a sequence, which a rollback
 * does not undo) after each statement that inserts into `table`.
 */
async function afterEachInsert(admin: pg.Client, table: string, name: string, body: string): Promise<void> {
  await admin.query(`CREATE SEQUENCE "${name}_n"`);
  await admin.query(`CREATE FUNCTION "${name}"() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE n bigint := nextval('${name}_n');
    BEGIN
      ${body}
      RETURN NULL;
    END $$`);
  await admin.query(`CREATE TRIGGER "${name}" AFTER INSERT ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "${name}"()`);
}
/** A run stopped part-way stored part of the export, and report counts exactly that part: its rollups were written with it. */
async function expectPartOfItShown(store: Store, want: Awaited<ReturnType<typeof snapshot>>): Promise<void> {
  const partial = await snapshot(store.sql);
  expect(partial.reported).toBeGreaterThan(0);
  expect(partial.reported).toBeLessThan(want.reported);
  const reported = (await reportFromStore(store.sql, { since: null, until: null })).functions.reduce((a, f) => a + f.invocations, 0);
  expect(reported).toBe(partial.reported);
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
    await expectPartOfItShown(store, want);
    // every committed batch is whole: each stored row has its REPORT fields
    const [broken] = await store.sql.query<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "invocations" WHERE "hasReport" AND "durationMs" IS NULL`);
    expect(Number(broken.n)).toBe(0);
    raw.pragma("max_page_count = 1073741823");
    await ingestFile(store, fleet.path);
    expect(await snapshot(store.sql)).toEqual(want);
    await store.close();
  });

  it("a PostgreSQL connection lost mid-run is retried and the totals stay exact", async () => {
    const { want, store, admin } = await postgresFixture();
    // the third statement that inserts invocations ends its own connection, mid-transaction
    await afterEachInsert(admin, "invocations", "kill_third_insert", "IF n = 3 THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;");
    const retries: string[] = [];
    await ingestFile(store, fleet.path, {
      batchRecords: 2000,
      retry: { attempts: 6, baseDelayMs: 50 },
      onRetry: (m) => retries.push(m),
    });
    const [{ last_value: inserts }] = (await admin.query(`SELECT last_value FROM "kill_third_insert_n"`)).rows;
    await admin.query(`DROP TRIGGER "kill_third_insert" ON "invocations"`);
    await admin.end();
    expect(Number(inserts)).toBeGreaterThan(3);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatch(/database error/);
    expect(await snapshot(store.sql)).toEqual(want);
    await store.close();
  });

  it("a PostgreSQL run stopped part-way leaves what it committed visible to report", async () => {
    const { want, store, admin } = await postgresFixture();
    // from the fourth statement that inserts invocations on, each fails for good (not a connection error: no retry)
    await afterEachInsert(admin, "invocations", "fail_fourth_insert", "IF n >= 4 THEN RAISE EXCEPTION 'quota exceeded'; END IF;");
    const failure = await ingestFile(store, fleet.path, { batchRecords: 2000 }).catch((e) => e);
    expect(failure).toBeInstanceOf(IngestFailed);
    expect(failure.message).toMatch(/quota exceeded.*run the same command again/);
    await expectPartOfItShown(store, want);
    await admin.query(`DROP TRIGGER "fail_fourth_insert" ON "invocations"`);
    await admin.end();
    await ingestFile(store, fleet.path);
    expect(await snapshot(store.sql)).toEqual(want);
    await store.close();
  });

  it("a PostgreSQL outage during the rollup refresh is retried; one that lasts ends the command with one line", async () => {
    const { want, db, store, admin } = await postgresFixture();
    // the second statement that writes rollups ends its own connection, and every one does while the outage is on
    await admin.query(`CREATE TABLE "outage" ("on" boolean NOT NULL)`);
    await admin.query(`INSERT INTO "outage" VALUES (false)`);
    await afterEachInsert(admin, "minute_rollups", "cut_rollup_write", `IF n = 2 OR (SELECT "on" FROM "outage") THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;`);
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
