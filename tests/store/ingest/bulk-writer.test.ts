import { describe, expect, it } from "vitest";
import type { PlatformRecord } from "../../../lib/parse/types";
import { BulkWriter } from "../../../lib/store/ingest/bulk-writer";
import { Touched } from "../../../lib/store/ingest/touched";
import { KINDS, useTestStore } from "../databases";
import { batchOf, reportRecord, startRecord } from "../records";

const T = Date.parse("2026-03-02T08:00:00Z");
const STREAM = "2026/03/02/[$LATEST]f00d";
const start = (requestId: string, ts: number) => startRecord("orders", STREAM, requestId, ts);
const report = (requestId: string, ts: number, durationMs: number) => reportRecord("orders", STREAM, requestId, ts, durationMs, { memoryMB: 256, maxMemoryMB: 90 });
const whole = (id: string, ts: number) => [start(id, ts), report(id, ts + 120, 110)];

describe.each(KINDS)("a batch that meets rows stored before, on %s", (kind) => {
  const store = useTestStore(kind, "each");
  const write = (writer: BulkWriter, records: PlatformRecord[]) => store().sql.transaction((tx) => writer.write(tx, batchOf(records), new Touched()));

  it("stores what is new, merges halves and counts repeats, whole requests and halves mixed", async () => {
    const writer = new BulkWriter();
    // stored before: a whole request, and the START of another
    expect(await write(writer, [...whole("a", T), start("b", T + 1000)])).toEqual({ stored: 1, duplicates: 0, initEvents: 0 });
    // then: "a" again (whole: on PostgreSQL its COPY fails and is undone), the REPORT of "b",
    // a new whole "c" and a new START-only "d"
    const result = await write(writer, [...whole("a", T), report("b", T + 1300, 250), ...whole("c", T + 2000), start("d", T + 3000)]);
    expect(result).toEqual({ stored: 2, duplicates: 1, initEvents: 0 });
    const rows = await store().sql.query<{ requestId: string; startTs: number | null; durationMs: number | null; hasReport: boolean | number }>(
      `SELECT "requestId", "startTs", "durationMs", "hasReport" FROM "invocations" ORDER BY "requestId"`,
    );
    expect(rows.map((r) => ({ ...r, hasReport: Boolean(r.hasReport) }))).toEqual([
      { requestId: "a", startTs: T, durationMs: 110, hasReport: true },
      { requestId: "b", startTs: T + 1000, durationMs: 250, hasReport: true },
      { requestId: "c", startTs: T + 2000, durationMs: 110, hasReport: true },
      { requestId: "d", startTs: T + 3000, durationMs: null, hasReport: false },
    ]);
    // and a batch of whole new requests only goes in as it is
    expect(await write(writer, [...whole("e", T + 4000), ...whole("f", T + 5000)])).toEqual({ stored: 2, duplicates: 0, initEvents: 0 });
  });
});
