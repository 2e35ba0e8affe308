import type { Sql } from "../../store/sql";
import type { EventDetails, SubjectKind } from "../event";
import { describeEvent } from "../message";
import type { RuleKind } from "../kinds";
import { bool } from "./rows";

/** One entry of `alerts list --json` and of the page: the contract fields first. */
export interface AlertEntry {
  rule: string;
  kind: RuleKind;
  function?: string;
  region?: string;
  scope?: "total";
  state: "firing" | "resolved";
  value: number;
  limit: number | null;
  threshold: number;
  /** data time (ISO) of the window that caused the change */
  at: string;
}

export interface ActiveAlert extends AlertEntry {
  stateId: number;
  eventId: number | null;
  /** the value and data time of the last evaluation */
  currentValue: number | null;
  evaluatedTo: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  message: string | null;
  details: EventDetails | null;
}

export interface Delivery {
  notificationId: number;
  channel: string;
  status: "pending" | "sending" | "delivered" | "failed";
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
  log: { attempt: number; at: string; ok: boolean; code: number | null; error: string | null; durationMs: number }[];
}

export interface HistoryEntry extends AlertEntry {
  id: number;
  recordedAt: string;
  message: string;
  muted: boolean;
  details: EventDetails;
  deliveries: Delivery[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function subjectFields(kind: string, subject: string): Pick<AlertEntry, "function" | "region" | "scope"> {
  return kind === "function" ? { function: subject } : kind === "region" ? { region: subject } : { scope: "total" };
}

interface EventRow {
  id: number;
  ruleId: number | null;
  ruleName: string;
  kind: RuleKind;
  subjectKind: SubjectKind;
  subject: string;
  state: "firing" | "resolved";
  value: number;
  limit: number | null;
  threshold: number;
  windowMs: number;
  dataMs: number;
  createdMs: number;
  details: string;
  muted: boolean | number;
}

function eventMessage(r: EventRow, details: EventDetails): string {
  return describeEvent({ ...r, details });
}

export async function activeAlerts(sql: Sql, o: { function?: string } = {}): Promise<ActiveAlert[]> {
  const rows = await sql.query<{
    stateId: number; ruleName: string; kind: RuleKind; subjectKind: SubjectKind; subject: string; value: number | null; limit: number | null; threshold: number | null;
    evaluatedTo: number | null; firingSinceMs: number | null; firingEventId: number | null; acknowledgedMs: number | null; acknowledgedBy: string | null;
  }>(
    `SELECT s."id" AS "stateId", r."name" AS "ruleName", r."kind", s."subjectKind", s."subject", s."value", s."limit", s."threshold", s."evaluatedTo",
            s."firingSinceMs", s."firingEventId", s."acknowledgedMs", s."acknowledgedBy"
     FROM "alert_states" s JOIN "alert_rules" r ON r."id" = s."ruleId"
     WHERE s."state" = 'firing'${o.function !== undefined ? ` AND s."subjectKind" = 'function' AND s."subject" = ?` : ""}
     ORDER BY s."firingSinceMs" DESC, s."id"`,
    o.function !== undefined ? [o.function] : [],
  );
  const ids = rows.map((r) => r.firingEventId).filter((x): x is number => x !== null);
  const events = new Map((ids.length ? await sql.query<EventRow>(`SELECT * FROM "alert_events" WHERE "id" IN (${ids.map(() => "?").join(", ")})`, ids) : []).map((e) => [e.id, e]));
  return rows.map((r) => {
    const e = r.firingEventId === null ? undefined : events.get(r.firingEventId);
    const details = e ? (JSON.parse(e.details) as EventDetails) : null;
    return {
      rule: r.ruleName,
      kind: r.kind,
      ...subjectFields(r.subjectKind, r.subject),
      state: "firing",
      value: e?.value ?? r.value ?? 0,
      limit: e?.limit ?? r.limit,
      threshold: e?.threshold ?? r.threshold ?? 0,
      at: iso(e?.dataMs ?? r.firingSinceMs) ?? "",
      stateId: r.stateId,
      eventId: r.firingEventId,
      currentValue: r.value,
      evaluatedTo: r.evaluatedTo === null ? null : iso(r.evaluatedTo + 60_000),
      acknowledgedAt: iso(r.acknowledgedMs),
      acknowledgedBy: r.acknowledgedBy,
      message: e && details ? eventMessage(e, details) : null,
      details,
    };
  });
}

async function deliveriesOf(sql: Sql, eventIds: number[]): Promise<Map<number, Delivery[]>> {
  const out = new Map<number, Delivery[]>();
  if (eventIds.length === 0) return out;
  const ns = await sql.query<{ id: number; eventId: number; channelName: string; status: Delivery["status"]; attempts: number; lastError: string | null; deliveredMs: number | null; nextMs: number }>(
    `SELECT "id", "eventId", "channelName", "status", "attempts", "lastError", "deliveredMs", "nextMs" FROM "alert_notifications" WHERE "eventId" IN (${eventIds.map(() => "?").join(", ")}) ORDER BY "id"`,
    eventIds,
  );
  const logs = await attemptLogs(sql, ns.map((n) => n.id));
  for (const n of ns) {
    const list = out.get(n.eventId) ?? [];
    list.push({
      notificationId: n.id,
      channel: n.channelName,
      status: n.status,
      attempts: n.attempts,
      lastError: n.lastError,
      deliveredAt: iso(n.deliveredMs),
      nextAttemptAt: n.status === "pending" ? iso(n.nextMs) : null,
      log: logs.get(n.id) ?? [],
    });
    out.set(n.eventId, list);
  }
  return out;
}

async function attemptLogs(sql: Sql, ids: number[]): Promise<Map<number, Delivery["log"]>> {
  const out = new Map<number, Delivery["log"]>();
  if (ids.length === 0) return out;
  const rows = await sql.query<{ notificationId: number; attempt: number; startedMs: number; durationMs: number; ok: boolean | number; code: number | null; error: string | null }>(
    `SELECT "notificationId", "attempt", "startedMs", "durationMs", "ok", "code", "error" FROM "alert_delivery_attempts" WHERE "notificationId" IN (${ids.map(() => "?").join(", ")}) ORDER BY "id"`,
    ids,
  );
  for (const r of rows) {
    const list = out.get(r.notificationId) ?? [];
    list.push({ attempt: r.attempt, at: iso(r.startedMs)!, ok: bool(r.ok), code: r.code, error: r.error, durationMs: Math.round(r.durationMs) });
    out.set(r.notificationId, list);
  }
  return out;
}

/** The newest state changes first, with the delivery of each to each channel. */
export async function alertHistory(sql: Sql, limit = 50): Promise<HistoryEntry[]> {
  const rows = await sql.query<EventRow>(`SELECT * FROM "alert_events" ORDER BY "id" DESC LIMIT ${Math.max(1, Math.floor(limit))}`);
  const deliveries = await deliveriesOf(sql, rows.map((r) => r.id));
  return rows.map((r) => {
    const details = JSON.parse(r.details) as EventDetails;
    return {
      rule: r.ruleName,
      kind: r.kind,
      ...subjectFields(r.subjectKind, r.subject),
      state: r.state,
      value: r.value,
      limit: r.limit,
      threshold: r.threshold,
      at: iso(r.dataMs)!,
      id: r.id,
      recordedAt: iso(r.createdMs)!,
      message: eventMessage(r, details),
      muted: bool(r.muted),
      details,
      deliveries: deliveries.get(r.id) ?? [],
    };
  });
}

/** Test notifications, newest first, with their attempts: the page shows whether one arrived. */
export async function testDeliveries(sql: Sql, limit = 20): Promise<(Delivery & { createdAt: string })[]> {
  const ns = await sql.query<{ id: number; channelName: string; status: Delivery["status"]; attempts: number; lastError: string | null; deliveredMs: number | null; nextMs: number; createdMs: number }>(
    `SELECT "id", "channelName", "status", "attempts", "lastError", "deliveredMs", "nextMs", "createdMs" FROM "alert_notifications" WHERE "purpose" = 'test' ORDER BY "id" DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
  );
  const logs = await attemptLogs(sql, ns.map((n) => n.id));
  return ns.map((n) => ({
    notificationId: n.id,
    channel: n.channelName,
    status: n.status,
    attempts: n.attempts,
    lastError: n.lastError,
    deliveredAt: iso(n.deliveredMs),
    nextAttemptAt: n.status === "pending" ? iso(n.nextMs) : null,
    log: logs.get(n.id) ?? [],
    createdAt: iso(n.createdMs)!,
  }));
}
