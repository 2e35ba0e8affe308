-- AlterTable
ALTER TABLE "functions" ADD COLUMN "architectureOverride" TEXT;
ALTER TABLE "functions" ADD COLUMN "codeSizeBytes" REAL;
ALTER TABLE "functions" ADD COLUMN "reservedConcurrencyOverride" INTEGER;

-- CreateTable
CREATE TABLE "coarse_rollups" (
    "functionId" INTEGER NOT NULL,
    "grainMs" INTEGER NOT NULL,
    "start" REAL NOT NULL,
    "invocations" INTEGER NOT NULL,
    "coldStarts" INTEGER NOT NULL,
    "restores" INTEGER NOT NULL,
    "timeouts" INTEGER NOT NULL,
    "durationSum" REAL NOT NULL,
    "durationCount" INTEGER NOT NULL,
    "maxMinuteDurationSum" REAL NOT NULL,
    "gbSeconds" REAL NOT NULL,
    "initGbSeconds" REAL NOT NULL,
    "peakConcurrency" INTEGER NOT NULL,
    "busyMs" REAL NOT NULL,
    "maxDurationMs" REAL,
    "maxInitMs" REAL,
    "maxMemoryUsedMB" REAL,
    "memoryMB" REAL,
    "memoryTs" REAL,
    "firstTs" REAL,
    "lastTs" REAL,
    "durationHist" TEXT NOT NULL,
    "initHist" TEXT NOT NULL,
    "slowest" TEXT NOT NULL,

    PRIMARY KEY ("functionId", "grainMs", "start"),
    CONSTRAINT "coarse_rollups_functionId_fkey" FOREIGN KEY ("functionId") REFERENCES "functions" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- Written as ADD COLUMN instead of Prisma's table redefinition: the migration runs in one
-- transaction, where PRAGMA foreign_keys cannot be turned off, and dropping "environments"
-- would cascade to every invocation.
ALTER TABLE "environments" ADD COLUMN "lastInvocationTs" REAL;
ALTER TABLE "environments" ADD COLUMN "invocationCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "minute_rollups" ADD COLUMN "busyMs" REAL NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "coarse_rollups_grainMs_start_idx" ON "coarse_rollups"("grainMs", "start");


-- CreateTable
CREATE TABLE "region_rollups" (
    "region" TEXT NOT NULL,
    "grainMs" INTEGER NOT NULL,
    "start" REAL NOT NULL,
    "peakSum" INTEGER NOT NULL,

    PRIMARY KEY ("region", "grainMs", "start")
);

-- CreateIndex
CREATE INDEX "minute_rollups_minute_idx" ON "minute_rollups"("minute");

-- CreateIndex
CREATE INDEX "init_events_ts_idx" ON "init_events"("ts");
