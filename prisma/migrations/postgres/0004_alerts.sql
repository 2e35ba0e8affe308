-- CreateTable
CREATE TABLE "alert_channels" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "secret" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "origin" TEXT NOT NULL DEFAULT 'ui',
    "createdMs" DOUBLE PRECISION NOT NULL,
    "updatedMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "alert_channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "functions" TEXT,
    "region" TEXT,
    "aggregate" TEXT,
    "limit" DOUBLE PRECISION,
    "windowMs" DOUBLE PRECISION NOT NULL,
    "fire" DOUBLE PRECISION NOT NULL,
    "resolve" DOUBLE PRECISION NOT NULL,
    "minInvocations" INTEGER,
    "channels" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "origin" TEXT NOT NULL DEFAULT 'ui',
    "createdMs" DOUBLE PRECISION NOT NULL,
    "updatedMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_states" (
    "id" SERIAL NOT NULL,
    "ruleId" INTEGER NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "limit" DOUBLE PRECISION,
    "threshold" DOUBLE PRECISION,
    "evaluatedTo" DOUBLE PRECISION,
    "firingSinceMs" DOUBLE PRECISION,
    "firingEventId" INTEGER,
    "acknowledgedMs" DOUBLE PRECISION,
    "acknowledgedBy" TEXT,
    "updatedMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "alert_states_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_events" (
    "id" SERIAL NOT NULL,
    "ruleId" INTEGER,
    "ruleName" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "limit" DOUBLE PRECISION,
    "threshold" DOUBLE PRECISION NOT NULL,
    "windowMs" DOUBLE PRECISION NOT NULL,
    "dataMs" DOUBLE PRECISION NOT NULL,
    "createdMs" DOUBLE PRECISION NOT NULL,
    "details" TEXT NOT NULL DEFAULT '{}',
    "muted" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "alert_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_notifications" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "eventId" INTEGER,
    "channelId" INTEGER,
    "channelName" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT 'alert',
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextMs" DOUBLE PRECISION NOT NULL,
    "leaseMs" DOUBLE PRECISION,
    "lockedBy" TEXT,
    "deadlineMs" DOUBLE PRECISION NOT NULL,
    "createdMs" DOUBLE PRECISION NOT NULL,
    "deliveredMs" DOUBLE PRECISION,
    "lastError" TEXT,

    CONSTRAINT "alert_notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_delivery_attempts" (
    "id" SERIAL NOT NULL,
    "notificationId" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL,
    "startedMs" DOUBLE PRECISION NOT NULL,
    "durationMs" DOUBLE PRECISION NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "code" INTEGER,
    "error" TEXT,

    CONSTRAINT "alert_delivery_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_mutes" (
    "id" SERIAL NOT NULL,
    "function" TEXT NOT NULL,
    "untilMs" DOUBLE PRECISION NOT NULL,
    "reason" TEXT,
    "createdMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "alert_mutes_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "alert_states" ADD CONSTRAINT "alert_states_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "alert_events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "alert_channels"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_delivery_attempts" ADD CONSTRAINT "alert_delivery_attempts_notificationId_fkey" FOREIGN KEY ("notificationId") REFERENCES "alert_notifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- On by default (issue 11): concurrency near the limit, per function and per region.
-- Null channels send to every enabled channel; users edit or disable these like any rule.
INSERT INTO "alert_rules" ("name", "kind", "windowMs", "fire", "resolve", "origin", "createdMs", "updatedMs") VALUES
  ('concurrency near the limit', 'concurrency', 300000, 0.8, 0.7, 'default', 0, 0),
  ('region concurrency near the limit', 'region-concurrency', 300000, 0.8, 0.7, 'default', 0, 0);
