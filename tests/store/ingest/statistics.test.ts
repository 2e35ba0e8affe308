import { describe, expect, it } from "vitest";
import { ANALYZE_AFTER_ROWS, refreshStatistics } from "../../../lib/store/ingest/statistics";
import { useTestStore } from "../databases";

const lastAnalyzed = async (store: ReturnType<ReturnType<typeof useTestStore>>, table: string) =>
  (await store.sql.query<{ at: string | null }>(`SELECT "last_analyze" AS "at" FROM pg_stat_user_tables WHERE relname = ?`, [table]))[0]?.at ?? null;

describe("statistics after a large import, on postgres", () => {
  const store = useTestStore("postgres", "each");

  it("analyzes the tables the dashboard reads once an import stored enough rows", async () => {
    expect(await refreshStatistics(store().sql, ANALYZE_AFTER_ROWS)).toBe(true);
    for (const table of ["invocations", "minute_rollups", "coarse_rollups", "init_events"]) expect(await lastAnalyzed(store(), table)).not.toBeNull();
  });

  it("leaves a small import to autovacuum", async () => {
    expect(await refreshStatistics(store().sql, ANALYZE_AFTER_ROWS - 1)).toBe(false);
    expect(await lastAnalyzed(store(), "invocations")).toBeNull();
  });
});

describe("statistics after a large import, on sqlite", () => {
  const store = useTestStore("sqlite", "each");
  it("does nothing", async () => {
    expect(await refreshStatistics(store().sql, 10 * ANALYZE_AFTER_ROWS)).toBe(false);
  });
});
