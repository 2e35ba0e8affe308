import { describe, expect, it } from "vitest";
import { applyMigrations, migrationsFor } from "../../lib/store/migrate";
import { openStore } from "../../lib/store/store";
import { createTestDatabase, KINDS } from "./databases";

const H = 3_600_000;
const T0 = Date.parse("2025-09-01T10:00:00Z");

describe.each(KINDS)("migration 0003 on a %s database with data", (kind) => {
  it("derives hour, day and region rollups from the minute rollups it holds", async () => {
    const db = await createTestDatabase(kind);
    try {
      const store = await openStore({ url: db.url, migrate: false });
      const all = migrationsFor(kind);
      await applyMigrations(store.sql, all.filter((m) => m.name < "0003"));
      await store.sql.run(`INSERT INTO "functions" ("name", "createdAt") VALUES ('old', ?)`, [kind === "sqlite" ? new Date().toISOString() : new Date()]);
      const minute = (m: number, invocations: number, peak: number, hist: string) =>
        store.sql.run(
          `INSERT INTO "minute_rollups" ("functionId", "minute", "invocations", "coldStarts", "restores", "timeouts", "durationSum", "durationCount", "gbSeconds", "initGbSeconds", "peakConcurrency", "maxDurationMs", "firstTs", "lastTs", "durationHist", "initHist")
           VALUES (1, ?, ?, 0, 0, 0, ?, ?, 0.5, 0, ?, 100, ?, ?, ?, '{}')`,
          [m, invocations, invocations * 100, invocations, peak, m, m + 1000, hist],
        );
      await minute(T0, 3, 2, `{"400":3}`);
      await minute(T0 + 5 * 60_000, 1, 1, `{"400":1}`);
      await minute(T0 + H, 2, 4, `{"400":2}`);
      expect(await applyMigrations(store.sql, all)).toContain("0003_dashboard");
      const coarse = await store.sql.query<{ grainMs: number; start: number; invocations: number; peakConcurrency: number; maxMinuteDurationSum: number; durationHist: string }>(
        `SELECT "grainMs", "start", "invocations", "peakConcurrency", "maxMinuteDurationSum", "durationHist" FROM "coarse_rollups" ORDER BY "grainMs", "start"`,
      );
      expect(coarse).toEqual([
        { grainMs: H, start: T0, invocations: 4, peakConcurrency: 2, maxMinuteDurationSum: 300, durationHist: `{"400":4}` },
        { grainMs: H, start: T0 + H, invocations: 2, peakConcurrency: 4, maxMinuteDurationSum: 200, durationHist: `{"400":2}` },
        { grainMs: 86_400_000, start: Date.parse("2025-09-01T00:00:00Z"), invocations: 6, peakConcurrency: 4, maxMinuteDurationSum: 300, durationHist: `{"400":6}` },
      ]);
      const region = await store.sql.query<{ grainMs: number; peakSum: number }>(`SELECT "grainMs", "peakSum" FROM "region_rollups" WHERE "grainMs" > 60000 ORDER BY "grainMs", "start"`);
      expect(region).toEqual([{ grainMs: H, peakSum: 2 }, { grainMs: H, peakSum: 4 }, { grainMs: 86_400_000, peakSum: 4 }]);
      await store.close();
    } finally {
      await db.drop();
    }
  });
});
