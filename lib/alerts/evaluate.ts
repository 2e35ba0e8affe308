import { randomUUID } from "node:crypto";
import type { Sql } from "../store/sql";
import { storedSummaryOptions, type StoredSummaryOptions } from "../store/report-options";
import { reportFromStore } from "../store/report";
import { accountLimit, describeLimit, type ResolvedLimit } from "../metrics/limits";
import { maxSustainableRps } from "../metrics/concurrency";
import type { AlertsConfig } from "./config";
import type { AlertEventInput, AlertEventRecord, EventDetails, SubjectKind } from "./event";
import { globMatcher } from "./glob";
import { KINDS, SCALING_INTERVAL_MS, SCALING_RATE_LIMIT, type Rule } from "./kinds";
import { alertPayload } from "./message";
import { functionSamples, regionSamples, type SampleDetail } from "./samples";
import { transitions, type Sample } from "./state-machine";
import { MINUTE_MS } from "./windows";
import { listChannels } from "./store/channels";
import { environmentBirths, functionClocks, initFailureTimes, minuteRows, type FunctionClock } from "./store/inputs";
import { activeMutes } from "./store/mutes";
import { enqueueNotifications, type NewNotification } from "./store/outbox";
import { listRules } from "./store/rules";
import type { StoredChannel } from "./store/rows";
import { insertEvent, ruleStates, saveState, type StateRow } from "./store/states";

/** Uploaded history is replayed window by window up to this far back from its newest minute. */
export const DEFAULT_MAX_REPLAY_MS = 24 * 3_600_000;
const ALERT_LOCK = 7_366_212;

export interface EvaluateOptions {
  config: Pick<AlertsConfig, "publicUrl" | "retryForMs">;
  now?: number;
  maxReplayMs?: number;
}

export interface EvaluationResult {
  events: AlertEventRecord[];
  notifications: number;
}

interface Subject {
  kind: SubjectKind;
  key: string;
  functions: FunctionClock[];
  newest: number;
}

function subjectsOf(rule: Rule, clocks: FunctionClock[], defaultRegion: string): Subject[] {
  const regionOf = (f: FunctionClock) => f.region ?? defaultRegion;
  const match = globMatcher(rule.functions);
  const watched = clocks.filter((f) => f.newest !== null && match(f.name) && (rule.region === null || regionOf(f) === rule.region));
  const group = (kind: SubjectKind, key: (f: FunctionClock) => string): Subject[] => {
    const m = new Map<string, Subject>();
    for (const f of watched) {
      const k = key(f);
      const s = m.get(k);
      if (s) {
        s.functions.push(f);
        s.newest = Math.max(s.newest, f.newest!);
      } else m.set(k, { kind, key: k, functions: [f], newest: f.newest! });
    }
    return [...m.values()];
  };
  if (KINDS[rule.kind].subject === "region") return group("region", regionOf);
  if (rule.aggregate === "total") return group("total", () => "total");
  return group("function", (f) => f.name);
}

interface Evaluated {
  samples: Sample<SampleDetail>[];
  limit: ResolvedLimit | null;
  fire: number;
  resolve: number;
}

async function evaluateSubject(tx: Sql, rule: Rule, s: Subject, from: number, opts: StoredSummaryOptions): Promise<Evaluated> {
  const k = KINDS[rule.kind];
  const to = s.newest;
  const ids = s.functions.map((f) => f.id);
  let limit: ResolvedLimit | null = null;
  if (rule.kind === "concurrency") limit = opts.limits[s.key] ?? accountLimit(opts.settings.defaultRegion, opts.settings);
  else if (rule.kind === "region-concurrency") {
    const fromApi = opts.facts.find((f) => ids.includes(f.id) && f.accountConcurrencyLimit !== null)?.accountConcurrencyLimit ?? null;
    limit = accountLimit(s.key, opts.settings, undefined, fromApi);
  } else if (rule.kind === "scaling-rate") limit = { limit: SCALING_RATE_LIMIT, kind: "account", from: "default" };
  if (limit && rule.limit !== null) limit = { limit: rule.limit, kind: limit.kind, from: "settings" };
  const scale = k.relative && limit ? limit.limit : 1;
  const fire = rule.fire * scale;
  const resolve = rule.resolve * scale;
  let samples: Sample<SampleDetail>[];
  if (rule.kind === "spend") {
    const report = await reportFromStore(tx, { since: to + MINUTE_MS - rule.windowMs, until: to + MINUTE_MS }, s.kind === "function" ? { functionName: s.key } : {});
    const names = new Set(s.functions.map((f) => f.name));
    const value = report.functions.filter((f) => names.has(f.name)).reduce((sum, f) => sum + (f.monthlyCostUsd ?? 0), 0);
    samples = [{ end: to, value, eligible: true }];
  } else {
    const rows = await minuteRows(tx, ids, from - rule.windowMs, to);
    if (rule.kind === "region-concurrency") {
      samples = regionSamples(rows, new Map(s.functions.map((f) => [f.id, f.name])), from, to, rule.windowMs);
    } else {
      const id = ids[0];
      const births = rule.kind === "scaling-rate" ? await environmentBirths(tx, id, from - rule.windowMs, to + MINUTE_MS + SCALING_INTERVAL_MS) : undefined;
      const initFailures = rule.kind === "init-failures" ? await initFailureTimes(tx, id, from - rule.windowMs, to + MINUTE_MS) : undefined;
      samples = functionSamples(rule.kind, { rows, births, initFailures }, from, to, rule.windowMs, rule.minInvocations);
    }
  }
  return { samples, limit, fire, resolve };
}

/** Mean duration and throttle rate over the function's last day of data, for messages. */
async function throttleFigures(tx: Sql, fn: string, end: number, limit: number): Promise<Pick<EventDetails, "meanDurationMs" | "maxSustainableRps">> {
  const r = await reportFromStore(tx, { since: end - 86_400_000, until: end }, { functionName: fn });
  const mean = r.functions[0]?.meanDurationMs ?? null;
  return { meanDurationMs: mean, maxSustainableRps: mean === null ? null : maxSustainableRps(limit, mean) };
}

interface RuleContext {
  rule: Rule;
  now: number;
  opts: StoredSummaryOptions;
  channels: StoredChannel[];
  muted: Set<string>;
  config: EvaluateOptions["config"];
  result: EvaluationResult;
}

async function record(tx: Sql, c: RuleContext, e: AlertEventInput): Promise<AlertEventRecord> {
  const id = await insertEvent(tx, e, c.now);
  const rec: AlertEventRecord = { ...e, id, createdMs: c.now };
  c.result.events.push(rec);
  if (!e.muted) {
    const targets = c.channels.filter((ch) => ch.enabled && (c.rule.channels === null || c.rule.channels.includes(ch.name)));
    const list: NewNotification[] = targets.map((ch) => {
      const key = randomUUID();
      return { key, eventId: id, channelId: ch.id, channelName: ch.name, purpose: "alert", payload: alertPayload(rec, key, c.config.publicUrl) };
    });
    await enqueueNotifications(tx, list, c.now, c.config.retryForMs);
    c.result.notifications += list.length;
  }
  return rec;
}

async function evaluateRule(tx: Sql, c: RuleContext, clocks: FunctionClock[], maxReplayMs: number): Promise<void> {
  const { rule } = c;
  const states = await ruleStates(tx, rule.id);
  const subjects = rule.enabled ? subjectsOf(rule, clocks, c.opts.settings.defaultRegion) : [];
  const base = { ruleId: rule.id, ruleName: rule.name, kind: rule.kind, windowMs: rule.windowMs };
  for (const s of subjects) {
    const st = states.get(s.key);
    const earliest = s.newest - Math.floor(maxReplayMs / MINUTE_MS) * MINUTE_MS;
    const from = st?.evaluatedTo != null ? Math.min(Math.max(st.evaluatedTo, earliest), s.newest) : earliest;
    const ev = await evaluateSubject(tx, rule, s, from, c.opts);
    const run = transitions(st?.state ?? "ok", ev.samples, ev.fire, ev.resolve);
    let firingSinceMs = st?.firingSinceMs ?? null;
    let firingEventId = st?.firingEventId ?? null;
    for (const t of run.transitions) {
      const details: EventDetails = { unit: KINDS[rule.kind].unit, ...t.sample.detail };
      if (ev.limit) details.limitSource = rule.limit !== null ? `the rule's limit ${rule.limit.toLocaleString("en-US")}` : describeLimit(ev.limit);
      if (rule.functions !== null) details.functions = rule.functions;
      if (t.state === "firing" && rule.kind === "concurrency" && ev.limit) Object.assign(details, await throttleFigures(tx, s.key, t.sample.end + MINUTE_MS, ev.limit.limit));
      const rec = await record(tx, c, {
        ...base,
        subjectKind: s.kind,
        subject: s.key,
        state: t.state,
        value: t.sample.value,
        limit: ev.limit?.limit ?? null,
        threshold: t.threshold,
        dataMs: t.sample.end + MINUTE_MS,
        details,
        muted: s.kind === "function" && c.muted.has(s.key),
      });
      firingSinceMs = t.state === "firing" ? rec.dataMs : null;
      firingEventId = t.state === "firing" ? rec.id : null;
    }
    const last = ev.samples[ev.samples.length - 1];
    await saveState(
      tx,
      { ruleId: rule.id, subjectKind: s.kind, subject: s.key, state: run.state, value: last?.value ?? null, limit: ev.limit?.limit ?? null, threshold: ev.fire, evaluatedTo: s.newest, firingSinceMs, firingEventId },
      c.now,
    );
  }
  // alerts of subjects the rule no longer watches (disabled, narrowed, function gone) resolve
  const watched = new Set(subjects.map((s) => s.key));
  for (const st of states.values()) {
    if (watched.has(st.subject) || st.state !== "firing") continue;
    await resolveUnwatched(tx, c, st, rule.enabled ? "the rule no longer watches it" : "the rule was disabled");
  }
}

async function resolveUnwatched(tx: Sql, c: RuleContext, st: StateRow, reason: string): Promise<void> {
  const { rule } = c;
  await record(tx, c, {
    ruleId: rule.id,
    ruleName: rule.name,
    kind: rule.kind,
    windowMs: rule.windowMs,
    subjectKind: st.subjectKind,
    subject: st.subject,
    state: "resolved",
    value: st.value ?? 0,
    limit: st.limit,
    threshold: st.threshold ?? 0,
    dataMs: (st.evaluatedTo ?? c.now) + MINUTE_MS,
    details: { unit: KINDS[rule.kind].unit, reason },
    muted: st.subjectKind === "function" && c.muted.has(st.subject),
  });
  await saveState(tx, { ...st, state: "ok", firingSinceMs: null, firingEventId: null }, c.now);
}

/**
 * Evaluates every rule over the newest data of each subject. Windows end at the
 * subject's newest minute of data, not at the wall clock, and each subject keeps how far
 * it was evaluated: running again over the same data finds the same values and records
 * nothing; newer data is stepped through a minute at a time (up to maxReplayMs back), so
 * an upload of past logs fires and resolves at the data times it happened. Each rule's
 * state changes and their outbox rows are written in one transaction.
 */
export async function evaluateAlerts(sql: Sql, o: EvaluateOptions): Promise<EvaluationResult> {
  const now = o.now ?? Date.now();
  const result: EvaluationResult = { events: [], notifications: 0 };
  const rules = await listRules(sql);
  if (rules.length === 0) return result;
  const [opts, clocks, channels, mutes] = await Promise.all([storedSummaryOptions(sql), functionClocks(sql), listChannels(sql), activeMutes(sql, now)]);
  const muted = new Set(mutes.map((m) => m.function));
  for (const rule of rules) {
    await sql.transaction(async (tx) => {
      if (tx.kind === "postgres") await tx.query("SELECT pg_advisory_xact_lock(?, ?)", [ALERT_LOCK, rule.id]);
      await evaluateRule(tx, { rule, now, opts, channels, muted, config: o.config, result }, clocks, o.maxReplayMs ?? DEFAULT_MAX_REPLAY_MS);
    });
  }
  return result;
}
