import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { ingestFile } from "../../lib/pipeline/ingest-file";
import { createTestDatabase, KINDS, type TestDatabase } from "./databases";
import { BIN, cli, synthFleet } from "./fleet";
import { snapshot } from "./snapshot";

const fleet = synthFleet(["--invocations", "80000", "--functions", "4", "--format", "sam", "--seed", "5"], "big.log");

describe.each(KINDS)("a run killed with SIGKILL on %s", (kind) => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  it("and run again ends with exactly the totals of a clean run", async () => {
    const clean = await createTestDatabase(kind);
    const killed = await createTestDatabase(kind);
    dbs.push(clean, killed);
    const cleanStore = await clean.open();
    await ingestFile(cleanStore, fleet.path);
    const want = await snapshot(cleanStore.sql);
    await cleanStore.close();

    const store = await killed.open();
    const child = spawn(process.execPath, [BIN, "ingest", "--no-progress", fleet.path], { env: { ...process.env, DATABASE_URL: killed.url }, stdio: "ignore" });
    // kill it once some batches are committed and before it finishes
    let committed = 0;
    for (let i = 0; i < 600 && child.exitCode === null; i++) {
      committed = Number((await store.sql.query<{ n: number }>(`SELECT COALESCE(SUM("recordsDone"), 0) AS "n" FROM "ingest_sources"`))[0].n);
      if (committed > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect(committed).toBeGreaterThan(0);
    const partial = await snapshot(store.sql);
    expect(partial.reported).toBeLessThan(want.reported);
    const [source] = await store.sql.query<{ status: string }>(`SELECT "status" FROM "ingest_sources"`);
    expect(source.status).toBe("running");

    const again = cli(["ingest", "--no-progress", fleet.path], { DATABASE_URL: killed.url });
    expect(again.status, again.stderr).toBe(0);
    expect(await snapshot(store.sql)).toEqual(want);
    await store.close();
  });
});
