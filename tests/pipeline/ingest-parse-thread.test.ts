import { afterAll, describe, expect, it } from "vitest";
import { ingestFile, type IngestSummary } from "../../lib/pipeline/ingest-file";
import { createTestDatabase, type TestDatabase } from "../store/databases";
import { synthFleet } from "../store/fleet";
import { snapshot } from "../store/snapshot";

// timeouts, init failures and REPORT statuses ride along in the rows that cross threads
const fleet = synthFleet(["--invocations", "12000", "--functions", "3", "--format", "sam", "--seed", "21"], "threaded.log");

async function ingestWith(minBytes: string, batchRecords: number): Promise<{ summary: IngestSummary; tables: Awaited<ReturnType<typeof snapshot>> & { rows: { status: string | null }[] } }> {
  const db = await createTestDatabase("sqlite");
  dbs.push(db);
  const store = await db.open();
  const before = process.env.LAMBDALENS_PARSE_THREAD_MIN_BYTES;
  process.env.LAMBDALENS_PARSE_THREAD_MIN_BYTES = minBytes;
  try {
    const summary = await ingestFile(store, fleet.path, { batchRecords });
    const rows = await store.sql.query<{ status: string | null }>(
      `SELECT f."name", i."requestId", e."stream", i."startTs", i."reportTs", i."beginTs", i."durationMs", i."billedMs", i."memoryMB", i."maxMemoryMB", i."initMs",
              i."restoreMs", i."billedRestoreMs", i."status", i."errorType", i."hasReport", i."timeoutLine", i."timeoutTs"
       FROM "invocations" i JOIN "functions" f ON f."id" = i."functionId" JOIN "environments" e ON e."id" = i."environmentId" ORDER BY f."name", i."requestId"`,
    );
    return { summary, tables: { ...(await snapshot(store.sql)), rows } };
  } finally {
    if (before === undefined) delete process.env.LAMBDALENS_PARSE_THREAD_MIN_BYTES;
    else process.env.LAMBDALENS_PARSE_THREAD_MIN_BYTES = before;
    await store.close();
  }
}

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

describe("ingest parsing on a thread of its own", () => {
  it("stores exactly what parsing on the writing thread stores", async () => {
    const here = await ingestWith(String(1e12), 5000);
    const thread = await ingestWith("1", 5000);
    expect(thread.tables).toEqual(here.tables);
    const { source: _a, ...a } = here.summary;
    const { source: _b, ...b } = thread.summary;
    expect(b).toEqual(a);
    expect(thread.summary.stored).toBe(12000);
    expect(thread.tables.rows.some((r) => r.status !== null)).toBe(true);
    expect(thread.summary.lines).toBeGreaterThan(48000);
    expect(thread.summary.bytes).toBeGreaterThan(0);
  });
});
