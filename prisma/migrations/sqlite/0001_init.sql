-- CreateTable
CREATE TABLE "functions" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "region" TEXT,
    "account" TEXT,
    "architecture" TEXT,
    "memoryMB" INTEGER,
    "timeoutSec" INTEGER,
    "runtime" TEXT,
    "reservedConcurrency" INTEGER,
    "accountConcurrencyLimit" INTEGER,
    "factsUpdatedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "environments" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "functionId" INTEGER NOT NULL,
    "stream" TEXT NOT NULL,
    "firstInvocationTs" REAL,
    "firstInvocationCold" BOOLEAN,
    CONSTRAINT "environments_functionId_fkey" FOREIGN KEY ("functionId") REFERENCES "functions" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "invocations" (
    "functionId" INTEGER NOT NULL,
    "requestId" TEXT NOT NULL,
    "environmentId" INTEGER NOT NULL,
    "startTs" REAL,
    "reportTs" REAL,
    "beginTs" REAL,
    "durationMs" REAL,
    "billedMs" REAL,
    "memoryMB" REAL,
    "maxMemoryMB" REAL,
    "initMs" REAL,
    "restoreMs" REAL,
    "billedRestoreMs" REAL,
    "status" TEXT,
    "errorType" TEXT,
    "hasReport" BOOLEAN NOT NULL DEFAULT false,
    "timeoutLine" BOOLEAN NOT NULL DEFAULT false,
    "timeoutTs" REAL,

    PRIMARY KEY ("functionId", "requestId"),
    CONSTRAINT "invocations_functionId_fkey" FOREIGN KEY ("functionId") REFERENCES "functions" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "invocations_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "environments" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "init_events" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "functionId" INTEGER NOT NULL,
    "environmentId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "ts" REAL,
    "durationMs" REAL,
    "phase" TEXT,
    "status" TEXT,
    "initType" TEXT,
    "runtime" TEXT,
    "dedupKey" TEXT NOT NULL,
    CONSTRAINT "init_events_functionId_fkey" FOREIGN KEY ("functionId") REFERENCES "functions" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "init_events_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "environments" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "minute_rollups" (
    "functionId" INTEGER NOT NULL,
    "minute" REAL NOT NULL,
    "invocations" INTEGER NOT NULL,
    "coldStarts" INTEGER NOT NULL,
    "restores" INTEGER NOT NULL,
    "timeouts" INTEGER NOT NULL,
    "durationSum" REAL NOT NULL,
    "durationCount" INTEGER NOT NULL,
    "gbSeconds" REAL NOT NULL,
    "initGbSeconds" REAL NOT NULL,
    "peakConcurrency" INTEGER NOT NULL,
    "maxDurationMs" REAL,
    "maxInitMs" REAL,
    "maxMemoryUsedMB" REAL,
    "memoryMB" REAL,
    "memoryTs" REAL,
    "firstTs" REAL,
    "lastTs" REAL,
    "durationHist" TEXT NOT NULL,
    "initHist" TEXT NOT NULL,

    PRIMARY KEY ("functionId", "minute"),
    CONSTRAINT "minute_rollups_functionId_fkey" FOREIGN KEY ("functionId") REFERENCES "functions" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ingest_sources" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "fingerprint" TEXT,
    "status" TEXT NOT NULL,
    "bytesDone" REAL NOT NULL DEFAULT 0,
    "recordsDone" INTEGER NOT NULL DEFAULT 0,
    "checkpointTs" REAL,
    "checkpointIds" TEXT,
    "error" TEXT,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ingest_jobs" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "lockedBy" TEXT,
    "heartbeatMs" REAL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "result" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
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

