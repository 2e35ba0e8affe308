-- AlterTable
ALTER TABLE "functions" ADD COLUMN     "architectureOverride" TEXT,
ADD COLUMN     "codeSizeBytes" DOUBLE PRECISION,
ADD COLUMN     "reservedConcurrencyOverride" INTEGER;

-- AlterTable
ALTER TABLE "environments" ADD COLUMN     "invocationCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lastInvocationTs" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "minute_rollups" ADD COLUMN     "busyMs" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "coarse_rollups" (
    "functionId" INTEGER NOT NULL,
    "grainMs" INTEGER NOT NULL,
    "start" DOUBLE PRECISION NOT NULL,
    "invocations" INTEGER NOT NULL,
    "coldStarts" INTEGER NOT NULL,
    "restores" INTEGER NOT NULL,
    "timeouts" INTEGER NOT NULL,
    "durationSum" DOUBLE PRECISION NOT NULL,
    "durationCount" INTEGER NOT NULL,
    "maxMinuteDurationSum" DOUBLE PRECISION NOT NULL,
    "gbSeconds" DOUBLE PRECISION NOT NULL,
    "initGbSeconds" DOUBLE PRECISION NOT NULL,
    "peakConcurrency" INTEGER NOT NULL,
    "busyMs" DOUBLE PRECISION NOT NULL,
    "maxDurationMs" DOUBLE PRECISION,
    "maxInitMs" DOUBLE PRECISION,
    "maxMemoryUsedMB" DOUBLE PRECISION,
    "memoryMB" DOUBLE PRECISION,
    "memoryTs" DOUBLE PRECISION,
    "firstTs" DOUBLE PRECISION,
    "lastTs" DOUBLE PRECISION,
    "durationHist" TEXT NOT NULL,
    "initHist" TEXT NOT NULL,
    "slowest" TEXT NOT NULL,

    CONSTRAINT "coarse_rollups_pkey" PRIMARY KEY ("functionId","grainMs","start")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "coarse_rollups_grainMs_start_idx" ON "coarse_rollups"("grainMs", "start");

-- AddForeignKey
ALTER TABLE "coarse_rollups" ADD CONSTRAINT "coarse_rollups_functionId_fkey" FOREIGN KEY ("functionId") REFERENCES "functions"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- CreateTable
CREATE TABLE "region_rollups" (
    "region" TEXT NOT NULL,
    "grainMs" INTEGER NOT NULL,
    "start" DOUBLE PRECISION NOT NULL,
    "peakSum" INTEGER NOT NULL,

    CONSTRAINT "region_rollups_pkey" PRIMARY KEY ("region","grainMs","start")
);

-- CreateIndex
CREATE INDEX "minute_rollups_minute_idx" ON "minute_rollups"("minute");

-- CreateIndex
CREATE INDEX "init_events_ts_idx" ON "init_events"("ts");
