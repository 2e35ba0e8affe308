import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../lib/store/store";
import { fixture } from "../fixtures";
import { createTestDatabase, type TestDatabase } from "./databases";
import { BIN, cli } from "./fleet";

const dirs: string[] = [];
const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dirs) {
    chmodSync(d, 0o755);
    rmSync(d, { recursive: true, force: true });
  }
  for (const d of dbs) await d.drop();
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "lambdalens-open-"));
  dirs.push(d);
  return d;
}

/**
 * Another process's write lock on a new database file, held in a thread until the main
 * thread has started opening the file, then released: `released` tells whether the
 * open returned only after the lock went.
 */
function holdLockWhileOpening(file: string) {
  const shared = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(
    `const { workerData } = require("node:worker_threads");
     const Database = require("better-sqlite3");
     const flags = workerData.flags;
     const db = new Database(workerData.file);
     db.exec("BEGIN IMMEDIATE; CREATE TABLE held (x)");
     Atomics.store(flags, 0, 1); Atomics.notify(flags, 0);
     Atomics.wait(flags, 1, 0);
     // the main thread is now inside its open, which waits on this lock
     Atomics.wait(flags, 0, 1, 300);
     db.exec("ROLLBACK"); db.close();
     Atomics.store(flags, 0, 2);`,
    { eval: true, workerData: { file, flags: shared } },
  );
  return {
    held: async () => {
      while (Atomics.load(shared, 0) === 0) await new Promise((r) => setTimeout(r, 5));
    },
    opening: () => {
      Atomics.store(shared, 1, 1);
      Atomics.notify(shared, 1);
    },
    released: () => Atomics.load(shared, 0) === 2,
    done: () => worker.terminate(),
  };
}

/** Runs the CLI as a user who may not write the directory (root writes anywhere: it runs as nobody then). */
function cliWithoutWriteAccess(args: string[], env: Record<string, string>) {
  const command = process.getuid?.() === 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", process.execPath] : [process.execPath];
  return spawnSync(command[0], [...command.slice(1), BIN, ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000 });
}

describe("opening a SQLite database", () => {
  it("waits for another process's lock on a new file instead of failing at once", async () => {
    const file = join(tempDir(), "new.db");
    const other = holdLockWhileOpening(file);
    try {
      await other.held();
      other.opening();
      const store = await openStore({ url: file });
      expect(other.released()).toBe(true);
      expect((await store.sql.query<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "_lambdalens_migrations"`))[0].n).toBeGreaterThan(0);
      await store.close();
    } finally {
      await other.done();
    }
  });

  it("report reads a database in a directory it may not write; writing says why it cannot, in one line", () => {
    const dir = tempDir();
    const file = join(dir, "lambdalens.db");
    const ingest = cli(["ingest", "--function", "x", fixture("astuyve-blog-ice-cold-starts.log")], { DATABASE_URL: file });
    expect(ingest.status, ingest.stderr).toBe(0);
    chmodSync(file, 0o444);
    chmodSync(dir, 0o555);

    const report = cliWithoutWriteAccess(["report", "--json"], { DATABASE_URL: file });
    expect(report.stderr).toBe("");
    expect(report.status).toBe(0);
    expect(JSON.parse(report.stdout).functions).toMatchObject([{ name: "x", invocations: 10, coldStarts: 2 }]);
    // nothing was left behind, and the private copy it read is gone
    expect(readdirSync(dir)).toEqual(["lambdalens.db"]);

    const write = cliWithoutWriteAccess(["ingest", "--function", "y", fixture("astuyve-blog-lambda-timeout-doom-loop.log")], { DATABASE_URL: file });
    expect(write.status).toBe(1);
    expect(write.stderr).toMatch(/^lambdalens ingest: the database .*lambdalens\.db is read-only for this process \(attempt to write a readonly database\); run the command as a user who may write it/);
    expect(write.stderr.trim().split("\n")).toHaveLength(1);
    const debug = cliWithoutWriteAccess(["ingest", "--function", "y", fixture("astuyve-blog-lambda-timeout-doom-loop.log")], { DATABASE_URL: file, LAMBDALENS_DEBUG: "1" });
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at .*ingestFile/);
  });

  it("a read-only database that needs a migration says so instead of failing on the write", () => {
    const dir = tempDir();
    const file = join(dir, "lambdalens.db");
    expect(cli(["migrate"], { DATABASE_URL: file }).status).toBe(0);
    const sqlite = spawnSync(process.execPath, ["-e", `const D = require("better-sqlite3"); const d = new D(${JSON.stringify(file)}); const last = d.prepare('SELECT name FROM "_lambdalens_migrations" ORDER BY name DESC LIMIT 1').get().name; d.prepare('DELETE FROM "_lambdalens_migrations" WHERE name = ?').run(last); console.log(last); d.close();`], { encoding: "utf8" });
    const removed = sqlite.stdout.trim();
    chmodSync(dir, 0o555);
    const report = cliWithoutWriteAccess(["report"], { DATABASE_URL: file });
    expect(report.status).toBe(1);
    expect(report.stderr).toContain(`needs migrating (${removed}) but this process may not write it; run 'lambdalens migrate' as a user who can`);
  });
});

describe("closing a PostgreSQL store", () => {
  it("leaves no connection open, so a command exits as soon as its work is done", async () => {
    const db = await createTestDatabase("postgres");
    dbs.push(db);
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap").length;
    const before = sockets();
    const store = await db.open();
    await store.prisma.lambdaFunction.findMany();
    await store.sql.query("SELECT 1");
    expect(sockets()).toBeGreaterThan(before);
    await store.close();
    // sockets close a moment after the pools end; a pool left open keeps its idle ones for 10 s
    await expect.poll(sockets, { timeout: 5_000 }).toBe(before);
  });
});
