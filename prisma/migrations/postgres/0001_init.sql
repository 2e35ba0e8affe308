-- CreateTable
CREATE TABLE "functions" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "region" TEXT,
    "account" TEXT,
    "architecture" TEXT,
    "memoryMB" INTEGER,
    "timeoutSec" INTEGER,
    "runtime" TEXT,
    "reservedConcurrency" INTEGER,
    "accountConcurrencyLimit" INTEGER,
    "factsUpdatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "functions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "environments" (
    "id" SERIAL NOT NULL,
    "functionId" INTEGER NOT NULL,
    "stream" TEXT NOT NULL,
    "firstInvocationTs" DOUBLE PRECISION,
    "firstInvocationCold" BOOLEAN,

    CONSTRAINT "environments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invocations" (
    "functionId" INTEGER NOT NULL,
    "requestId" TEXT NOT NULL,
    "environmentId" INTEGER NOT NULL,
    "startTs" DOUBLE PRECISION,
    "reportTs" DOUBLE PRECISION,
    "beginTs" DOUBLE PRECISION,
    "durationMs" DOUBLE PRECISION,
    "billedMs" DOUBLE PRECISION,
    "memoryMB" DOUBLE PRECISION,
    "maxMemoryMB" DOUBLE PRECISION,
    "initMs" DOUBLE PRECISION,
    "restoreMs" DOUBLE PRECISION,
    "billedRestoreMs" DOUBLE PRECISION,
    "status" TEXT,
    "errorType" TEXT,
    "hasReport" BOOLEAN NOT NULL DEFAULT false,
    "timeoutLine" BOOLEAN NOT NULL DEFAULT false,
    "timeoutTs" DOUBLE PRECISION,

    CONSTRAINT "invocations_pkey" PRIMARY KEY ("functionId","requestId")
);

-- CreateTable
CREATE TABLE "init_events" (
    "id" SERIAL NOT NULL,
    "functionId" INTEGER NOT NULL,
    "environmentId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "ts" DOUBLE PRECISION,
    "durationMs" DOUBLE PRECISION,
    "phase" TEXT,
    "status" TEXT,
    "initType" TEXT,
    "runtime" TEXT,
    "dedupKey" TEXT NOT NULL,

    CONSTRAINT "init_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "minute_rollups" (
    "functionId" INTEGER NOT NULL,
    "minute" DOUBLE PRECISION NOT NULL,
    "invocations" INTEGER NOT NULL,
    "coldStarts" INTEGER NOT NULL,
    "restores" INTEGER NOT NULL,
    "timeouts" INTEGER NOT NULL,
    "durationSum" DOUBLE PRECISION NOT NULL,
    "durationCount" INTEGER NOT NULL,
    "gbSeconds" DOUBLE PRECISION NOT NULL,
    "initGbSeconds" DOUBLE PRECISION NOT NULL,
    "peakConcurrency" INTEGER NOT NULL,
    "maxDurationMs" DOUBLE PRECISION,
    "maxInitMs" DOUBLE PRECISION,
    "maxMemoryUsedMB" DOUBLE PRECISION,
    "memoryMB" DOUBLE PRECISION,
    "memoryTs" DOUBLE PRECISION,
    "firstTs" DOUBLE PRECISION,
    "lastTs" DOUBLE PRECISION,
    "durationHist" TEXT NOT NULL,
    "initHist" TEXT NOT NULL,

    CONSTRAINT "minute_rollups_pkey" PRIMARY KEY ("functionId","minute")
);

-- CreateTable
CREATE TABLE "ingest_sources" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "fingerprint" TEXT,
    "status" TEXT NOT NULL,
    "bytesDone" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "recordsDone" INTEGER NOT NULL DEFAULT 0,
    "checkpointTs" DOUBLE PRECISION,
    "checkpointIds" TEXT,
    "error" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ingest_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ingest_jobs" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "lockedBy" TEXT,
    "heartbeatMs" DOUBLE PRECISION,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "result" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ingest_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "functions_name_key" ON "functions"("name");

-- CreateIndex
CREATE UNIQUE INDEX "environments_functionId_stream_key" ON "environments"("functionId", "stream");

-- CreateIndex
CREATE INDEX "invocations_functionId_beginTs_idx" ON "invocations"("functionId", "beginTs");

-- CreateIndex
CREATE INDEX "invocations_environmentId_beginTs_idx" ON "invocations"("environmentId", "beginTs");

-- CreateIndex
CREATE INDEX "init_events_functionId_ts_idx" ON "init_events"("functionId", "ts");

-- CreateIndex
CREATE UNIQUE INDEX "init_events_environmentId_dedupKey_key" ON "init_events"("environmentId", "dedupKey");

-- CreateIndex
CREATE UNIQUE INDEX "ingest_sources_key_key" ON "ingest_sources"("key");

-- CreateIndex
CREATE INDEX "ingest_jobs_status_id_idx" ON "ingest_jobs"("status", "id");

-- AddForeignKey
ALTER TABLE "environments" ADD CONSTRAINT "environments_functionId_fkey" FOREIGN KEY ("functionId") REFERENCES "functions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invocations" ADD CONSTRAINT "invocations_functionId_fkey" FOREIGN KEY ("functionId") REFERENCES "functions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invocations" ADD CONSTRAINT "invocations_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "environments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "init_events" ADD CONSTRAINT "init_events_functionId_fkey" FOREIGN KEY ("functionId") REFERENCES "functions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "init_events" ADD CONSTRAINT "init_events_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "environments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "minute_rollups" ADD CONSTRAINT "minute_rollups_functionId_fkey" FOREIGN KEY ("functionId") REFERENCES "functions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

