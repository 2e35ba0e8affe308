import { describe, expect, it } from "vitest";
import { BulkWriter, type WriteResult } from "../../lib/store/ingest/bulk-writer";
import { Touched } from "../../lib/store/ingest/touched";
import { useTestStore } from "./databases";
import { batchOf, reportRecord, startRecord } from "./records";

const T = Date.parse("2026-03-01T12:00:00Z");
const STREAM = "2026/03/01/[$LATEST]abc";
const start = (requestId: string, ts: number) => startRecord("checkout", STREAM, requestId, ts);
const report = (requestId: string, ts: number, durationMs: number) => reportRecord("checkout", STREAM, requestId, ts, durationMs, { memoryMB: 512, maxMemoryMB: 80 });

// SQLite takes one writer at a time (BEGIN IMMEDIATE), so two of its writers never interleave
// like this; PostgreSQL writers do, and it is there that a REPORT could be counted twice.
describe("two PostgreSQL writers merging the same REPORT into a stored START", () => {
  const store = useTestStore("postgres", "each");

  /** Resolves once a backend of this test's database waits on a row lock. */
  async function someoneWaitsOnALock(): Promise<void> {
    for (;;) {
      const [{ n }] = await store().sql.query<{ n: number }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (n > 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it("count it as stored once and as a duplicate once", async () => {
    const sql = store().sql;
    await sql.transaction((tx) => new BulkWriter().write(tx, batchOf([start("req-1", T)]), new Touched()));
    // the second writer's last batch was all rows stored before (an overlapping export), so it
    // reads its next batch's rows before writing them, the way that leaves a window open
    const secondWriter = new BulkWriter();
    const again = await sql.transaction((tx) => secondWriter.write(tx, batchOf([start("req-1", T)]), new Touched()));
    expect(again).toEqual({ stored: 0, duplicates: 0, initEvents: 0 });

    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let firstWrote!: () => void;
    const firstHasWritten = new Promise<void>((r) => (firstWrote = r));
    // the first writer merges its REPORT and holds its transaction open
    const first = sql.transaction(async (tx) => {
      const r = await new BulkWriter().write(tx, batchOf([report("req-1", T + 250, 240)]), new Touched());
      firstWrote();
      await gate;
      return r;
    });
    await firstHasWritten;
    // the second writer reads req-1 (not locked) while the first has not committed
    const second = sql.transaction((tx) => secondWriter.write(tx, batchOf([report("req-1", T + 250, 240)]), new Touched()));
    await someoneWaitsOnALock();
    release();
    const results: WriteResult[] = await Promise.all([first, second]);

    expect(results.map((r) => r.stored)).toEqual([1, 0]);
    expect(results.map((r) => r.duplicates)).toEqual([0, 1]);
    const rows = await sql.query<{ startTs: number; durationMs: number; hasReport: boolean }>(
      `SELECT "startTs", "durationMs", "hasReport" FROM "invocations" WHERE "requestId" = 'req-1'`,
    );
    expect(rows).toEqual([{ startTs: T, durationMs: 240, hasReport: true }]);
  });
});
