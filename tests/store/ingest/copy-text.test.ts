import { describe, expect, it } from "vitest";
import { BulkWriter } from "../../../lib/store/ingest/bulk-writer";
import { copyText } from "../../../lib/store/ingest/copy-text";
import { Touched } from "../../../lib/store/ingest/touched";
import { useTestStore } from "../databases";
import { batchOf, reportRecord, startRecord } from "../records";

describe("COPY text", () => {
  it("writes a line per row in pieces: tabs between fields, \\N for null, t/f, escaped backslashes and line breaks", () => {
    const rows = [1, "a\\b", null, true, 2.5, "x\ty\nz\r", false, -0.125, "plain"];
    expect([...copyText(rows, 3)]).toEqual(["1\ta\\\\b\t\\N\nt\t2.5\tx\\ty\\nz\\r\nf\t-0.125\tplain\n"]);
    expect([...copyText(rows, 3, 2)]).toEqual(["1\ta\\\\b\t\\N\nt\t2.5\tx\\ty\\nz\\r\n", "f\t-0.125\tplain\n"]);
    expect([...copyText([], 18)]).toEqual([]);
  });

  describe("through PostgreSQL", () => {
    const store = useTestStore("postgres");

    it("stores every value as it was, whatever characters its strings hold", async () => {
      const odd = "req\\1\t2\n3\r4 \"q\" 'a' {b,c} \\N";
      const batch = batchOf([
        startRecord("fn", "stream\\one", odd, 1_700_000_000_000.5),
        reportRecord("fn", "stream\\one", odd, 1_700_000_000_250, 249.37, { memoryMB: 128, maxMemoryMB: 64, initMs: 1.5e-3, status: "error", errorType: "Runtime.Exit\tError\\N" }),
        reportRecord("fn", "stream\\one", "plain", 1_700_000_001_000, 3, { memoryMB: 128, maxMemoryMB: 60 }),
      ]);
      const result = await store().sql.transaction((tx) => new BulkWriter().write(tx, batch, new Touched()));
      expect(result).toEqual({ stored: 2, duplicates: 0, initEvents: 0 });
      const rows = await store().sql.query(
        `SELECT "requestId", "startTs", "reportTs", "beginTs", "durationMs", "initMs", "restoreMs", "status", "errorType", "hasReport", "timeoutLine", "timeoutTs" FROM "invocations" ORDER BY "requestId" COLLATE "C"`,
      );
      expect(rows).toEqual([
        { requestId: "plain", startTs: null, reportTs: 1_700_000_001_000, beginTs: 1_700_000_000_997, durationMs: 3, initMs: null, restoreMs: null, status: null, errorType: null, hasReport: true, timeoutLine: false, timeoutTs: null },
        { requestId: odd, startTs: 1_700_000_000_000.5, reportTs: 1_700_000_000_250, beginTs: 1_700_000_000_000.5, durationMs: 249.37, initMs: 1.5e-3, restoreMs: null, status: "error", errorType: "Runtime.Exit\tError\\N", hasReport: true, timeoutLine: false, timeoutTs: null },
      ]);
      const [env] = await store().sql.query<{ stream: string }>(`SELECT "stream" FROM "environments"`);
      expect(env.stream).toBe("stream\\one");
    });
  });
});
