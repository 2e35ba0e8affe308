-- CreateTable
CREATE TABLE "alert_channels" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "secret" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "origin" TEXT NOT NULL DEFAULT 'ui',
    "createdMs" REAL NOT NULL,
    "updatedMs" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "functions" TEXT,
    "region" TEXT,
    "aggregate" TEXT,
    "limit" REAL,
    "windowMs" REAL NOT NULL,
    "fire" REAL NOT NULL,
    "resolve" REAL NOT NULL,
    "minInvocations" INTEGER,
    "channels" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "origin" TEXT NOT NULL DEFAULT 'ui',
    "createdMs" REAL NOT NULL,
    "updatedMs" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "alert_states" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ruleId" INTEGER NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "value" REAL,
    "limit" REAL,
    "threshold" REAL,
    "evaluatedTo" REAL,
    "firingSinceMs" REAL,
    "firingEventId" INTEGER,
    "acknowledgedMs" REAL,
    "acknowledgedBy" TEXT,
    "updatedMs" REAL NOT NULL,
    CONSTRAINT "alert_states_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "alert_rules" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "alert_events" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ruleId" INTEGER,
    "ruleName" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "value" REAL NOT NULL,
    "limit" REAL,
    "threshold" REAL NOT NULL,
    "windowMs" REAL NOT NULL,
    "dataMs" REAL NOT NULL,
    "createdMs" REAL NOT NULL,
    "details" TEXT NOT NULL DEFAULT '{}',
    "muted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "alert_notifications" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "eventId" INTEGER,
    "channelId" INTEGER,
    "channelName" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT 'alert',
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextMs" REAL NOT NULL,
    "leaseMs" REAL,
    "lockedBy" TEXT,
    "deadlineMs" REAL NOT NULL,
    "createdMs" REAL NOT NULL,
    "deliveredMs" REAL,
    "lastError" TEXT,
    CONSTRAINT "alert_notifications_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "alert_events" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "alert_notifications_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "alert_channels" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "alert_delivery_attempts" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "notificationId" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL,
    "startedMs" REAL NOT NULL,
    "durationMs" REAL NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "code" INTEGER,
    "error" TEXT,
    CONSTRAINT "alert_delivery_attempts_notificationId_fkey" FOREIGN KEY ("notificationId") REFERENCES "alert_notifications" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "alert_mutes" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "function" TEXT NOT NULL,
    "untilMs" REAL NOT NULL,
    "reason" TEXT,
    "createdMs" REAL NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "alert_channels_name_key" ON "alert_channels"("name");

-- CreateIndex
CREATE UNIQUE INDEX "alert_rules_name_key" ON "alert_rules"("name");

-- CreateIndex
CREATE UNIQUE INDEX "alert_states_ruleId_subject_key" ON "alert_states"("ruleId", "subject");

-- CreateIndex
CREATE INDEX "alert_events_createdMs_idx" ON "alert_events"("createdMs");

-- CreateIndex
CREATE INDEX "alert_events_subject_dataMs_idx" ON "alert_events"("subject", "dataMs");

-- CreateIndex
CREATE UNIQUE INDEX "alert_notifications_key_key" ON "alert_notifications"("key");

-- CreateIndex
CREATE INDEX "alert_notifications_status_nextMs_idx" ON "alert_notifications"("status", "nextMs");

-- CreateIndex
CREATE INDEX "alert_delivery_attempts_notificationId_idx" ON "alert_delivery_attempts"("notificationId");

-- CreateIndex
CREATE UNIQUE INDEX "alert_mutes_function_key" ON "alert_mutes"("function");


-- On by default (issue 11): concurrency near the limit, per function and per region.
-- Null channels send to every enabled channel; users edit or disable these like any rule.
INSERT INTO "alert_rules" ("name", "kind", "windowMs", "fire", "resolve", "origin", "createdMs", "updatedMs") VALUES
  ('concurrency near the limit', 'concurrency', 300000, 0.8, 0.7, 'default', 0, 0),
  ('region concurrency near the limit', 'region-concurrency', 300000, 0.8, 0.7, 'default', 0, 0);
