import { formatDuration } from "./duration";
import type { AlertEventRecord, Contributor } from "./event";
import { KINDS, type RuleKind } from "./kinds";

/** The JSON every channel's message is made from; a webhook receives it as it is. */
export interface AlertPayload {
  /** the idempotency key: the same on every retry of this notification */
  id: string;
  rule: string;
  kind: RuleKind | "test";
  state: "firing" | "resolved" | "test";
  function?: string;
  region?: string;
  scope?: "total";
  value: number;
  limit: number | null;
  threshold: number;
  unit: string;
  window: string;
  /** data time of the end of the window that caused the change */
  at: string;
  recordedAt: string;
  message: string;
  topContributors?: Contributor[];
  maxSustainableRps?: number | null;
  url?: string;
  test?: boolean;
}

const n = (v: number, digits = 0) => v.toLocaleString("en-US", { maximumFractionDigits: digits });

/** A value in its kind's unit, for people: "85 concurrent executions", "6.2%", "$1,234.50/month". */
export function formatValue(v: number, unit: string): string {
  if (unit === "ratio") return `${n(v * 100, 1)}%`;
  if (unit === "USD/month") return `$${v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}/month`;
  return `${n(v, 1)} ${unit}`;
}

function subjectOf(e: Pick<AlertEventRecord, "subjectKind" | "subject">): string {
  return e.subjectKind === "total" ? `all matching functions` : e.subject;
}

/** One sentence: what crossed what, where, and over which window (data time). */
export function describeEvent(e: Pick<AlertEventRecord, "kind" | "details" | "value" | "threshold" | "limit" | "windowMs" | "dataMs" | "state" | "subjectKind" | "subject">): string {
  const k = KINDS[e.kind];
  const d = e.details;
  // against a limit the unit goes with the limit: "peak concurrency 85 of reserved concurrency 100"
  const withLimit = e.limit !== null;
  const value = withLimit ? n(e.value, 1) : formatValue(e.value, k.unit);
  const threshold = withLimit ? `${n(e.threshold, 1)} (${n((e.threshold / e.limit!) * 100, 1)}%)` : formatValue(e.threshold, k.unit);
  const limit = withLimit ? ` of ${d.limitSource ?? n(e.limit!)}` : "";
  const window = `in the ${formatDuration(e.windowMs)} up to ${new Date(e.dataMs).toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const upperBound = e.kind === "region-concurrency" ? " (the sum of each function's per-minute peak: an upper bound, functions rarely peak together)" : "";
  if (e.state === "firing") return `${subjectOf(e)}: ${k.label} ${value}${limit} reached the threshold ${threshold} ${window}${upperBound}.`;
  if (d.reason) return `${subjectOf(e)}: resolved: ${d.reason}.`;
  return `${subjectOf(e)}: ${k.label} fell to ${value}${limit}, at or below ${threshold}, ${window}.`;
}

export function alertPayload(e: AlertEventRecord, id: string, publicUrl: string | null): AlertPayload {
  const p: AlertPayload = {
    id,
    rule: e.ruleName,
    kind: e.kind,
    state: e.state,
    value: e.value,
    limit: e.limit,
    threshold: e.threshold,
    unit: KINDS[e.kind].unit,
    window: formatDuration(e.windowMs),
    at: new Date(e.dataMs).toISOString(),
    recordedAt: new Date(e.createdMs).toISOString(),
    message: describeEvent(e),
  };
  if (e.subjectKind === "function") p.function = e.subject;
  else if (e.subjectKind === "region") p.region = e.subject;
  else p.scope = "total";
  if (e.details.topContributors) p.topContributors = e.details.topContributors;
  if (e.details.maxSustainableRps !== undefined) p.maxSustainableRps = e.details.maxSustainableRps;
  if (publicUrl && e.subjectKind === "function") p.url = `${publicUrl}/functions/${encodeURIComponent(e.subject)}`;
  else if (publicUrl) p.url = `${publicUrl}/alerts`;
  return p;
}

export function testPayload(id: string, channel: string, now: number, publicUrl: string | null): AlertPayload {
  return {
    id,
    rule: "test notification",
    kind: "test",
    state: "test",
    value: 0,
    limit: null,
    threshold: 0,
    unit: "",
    window: "0m",
    at: new Date(now).toISOString(),
    recordedAt: new Date(now).toISOString(),
    message: `A test notification from lambdalens to the channel '${channel}'. If you read this, alerts reach you here.`,
    test: true,
    ...(publicUrl ? { url: `${publicUrl}/alerts` } : {}),
  };
}

const heading = (p: AlertPayload) => (p.state === "test" ? "TEST" : p.state === "firing" ? "FIRING" : "RESOLVED");
const where = (p: AlertPayload) => p.function ?? p.region ?? (p.scope === "total" ? "total" : "");

/** Slack incoming-webhook body: a readable message with the numbers and a link. */
export function slackMessage(p: AlertPayload): { text: string; blocks: unknown[] } {
  const emoji = p.state === "firing" ? ":rotating_light:" : p.state === "resolved" ? ":white_check_mark:" : ":wave:";
  const title = `${emoji} *${heading(p)}* ${p.rule}${where(p) ? ` — ${where(p)}` : ""}`;
  const lines = [p.message];
  if (p.state !== "test") lines.push(`*Value* ${formatValue(p.value, p.unit)}${p.limit !== null ? ` · *limit* ${n(p.limit)}` : ""} · *threshold* ${formatValue(p.threshold, p.unit)} · *window* ${p.window}`);
  if (p.maxSustainableRps !== undefined && p.maxSustainableRps !== null) lines.push(`Throttles above *${n(p.maxSustainableRps, 1)} requests/s* at today's mean duration.`);
  if (p.topContributors?.length) lines.push(`Top contributors: ${p.topContributors.map((c) => `${c.function} (${n(c.peak)})`).join(", ")}`);
  if (p.url) lines.push(`<${p.url}|Open in lambdalens>`);
  const text = `${title}\n${lines.join("\n")}`;
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text } },
      { type: "context", elements: [{ type: "mrkdwn", text: `id ${p.id} · data time ${p.at}` }] },
    ],
  };
}

export function emailMessage(p: AlertPayload): { subject: string; text: string } {
  const subject = `[lambdalens] ${heading(p)}: ${p.rule}${where(p) ? ` - ${where(p)}` : ""}`;
  const lines = [p.message, ""];
  if (p.state !== "test") {
    lines.push(`Value:     ${formatValue(p.value, p.unit)}`);
    if (p.limit !== null) lines.push(`Limit:     ${n(p.limit)}`);
    lines.push(`Threshold: ${formatValue(p.threshold, p.unit)}`, `Window:    ${p.window} up to ${p.at}`);
  }
  if (p.maxSustainableRps !== undefined && p.maxSustainableRps !== null) lines.push(`Throttles above ${n(p.maxSustainableRps, 1)} requests/s at today's mean duration.`);
  if (p.topContributors?.length) lines.push(`Top contributors: ${p.topContributors.map((c) => `${c.function} (${n(c.peak)})`).join(", ")}`);
  if (p.url) lines.push("", p.url);
  lines.push("", `Notification id: ${p.id}`);
  return { subject, text: lines.join("\n") };
}
